"""A user's Pulumi project in a temp dir: its own ``components`` and ``handlers``, two APIs."""

from __future__ import annotations

import textwrap
from pathlib import Path

PROGRAM = """\
import pulumi
import pulumi_aws as aws

import components
import handlers

config = pulumi.Config()
assert pulumi.Config("aws").require("region") == "eu-west-1"
assert handlers.DECOY == "the project's own handlers"
token = config.require_secret("apiKey")  # encrypted in the stack file
regions = config.require_object("regions")
public = components.build("public", regions, config.get_secret("healthSecret"))
internal = components.build("internal", ["eu-west-1", "eu-central-1"], None)
queue = aws.sqs.Queue("jobs", name="shop-jobs")
pulumi.export("url", public.url)
"""
COMPONENTS = """\
from multi_region_api import MultiRegionApi

DECOY = "the project's own components"


def build(name, regions, secret):
    args = {"regions": regions, "domain_name": f"{name}.shop.example.com",
            "hosted_zone_id": "Z0123456789EXAMPLE"}
    if secret is not None:
        args["health_check_secret"] = secret
    return MultiRegionApi(name, args)
"""
STACK = """\
config:
  aws:region: eu-west-1
  shop:regions:
    - eu-west-1
    - us-east-1
  shop:healthSecret: 0123456789abcdefghijklmnopqrstuv
  shop:apiKey:
    secure: AAABAJ3pYrandomciphertext
"""


def write_project(directory: Path, program: str = PROGRAM) -> Path:
    (directory / "Pulumi.yaml").write_text("name: shop\nruntime: python\n")
    (directory / "Pulumi.dev.yaml").write_text(STACK)
    (directory / "__main__.py").write_text(textwrap.dedent(program))
    (directory / "components").mkdir()
    (directory / "components" / "__init__.py").write_text(COMPONENTS)
    (directory / "handlers").mkdir()
    (directory / "handlers" / "__init__.py").write_text('DECOY = "the project\'s own handlers"\n')
    return directory
