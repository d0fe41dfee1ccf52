"""The ``pulumi new`` template rendered as the CLI lays it down: files copied, ``${PROJECT}`` and
``${DESCRIPTION}`` replaced, the ``template:`` section dropped from ``Pulumi.yaml`` and the
prompts' answers written to ``Pulumi.<stack>.yaml`` under the project's namespace."""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
TEMPLATE = REPO / "templates" / "multi-region-api-python"
PROJECT = "notes-api"
DESCRIPTION = "Notes in two regions"
STACK = "dev"
ANSWERS = {"hostedZoneId": "Z0123456789EXAMPLE"}  # the prompt without a default


def render_template(
    destination: Path,
    answers: Mapping[str, str] = ANSWERS,
    project: str = PROJECT,
    stack: str = STACK,
) -> Path:
    """``pulumi new <template> --name project --stack stack`` into ``destination``; returns it."""
    shutil.copytree(
        TEMPLATE, destination, ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache")
    )
    for path in destination.rglob("*"):
        if path.is_file():
            text = path.read_text()
            replaced = text.replace("${PROJECT}", project).replace("${DESCRIPTION}", DESCRIPTION)
            if replaced != text:
                path.write_text(replaced)
    pulumi_yaml = destination / "Pulumi.yaml"
    document = yaml.safe_load(pulumi_yaml.read_text())
    prompts = document.pop("template")["config"]
    pulumi_yaml.write_text(yaml.safe_dump(document, sort_keys=False))
    config = {}
    for key, prompt in prompts.items():
        value = answers.get(key, prompt.get("default"))
        if value is None:
            raise ValueError(f"no answer for the prompt {key!r}")
        config[key if ":" in key else f"{project}:{key}"] = value
    (destination / f"Pulumi.{stack}.yaml").write_text(yaml.safe_dump({"config": config}))
    return destination
