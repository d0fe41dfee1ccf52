"""A Pulumi program in a project of its own that uses the installed library, previewed under mocks.

The packaging test copies it to ``<tmp>/consumer/__main__.py`` next to a decoy ``handlers/``
package and runs it with the consumer virtualenv's Python, the way Pulumi runs a program: from its
own directory, which comes first on ``sys.path``. It writes what it saw to the JSON file named by
its first argument.
"""

import json
import sys
from pathlib import Path
from typing import Any

import pulumi


class Mocks(pulumi.runtime.Mocks):
    """A preview, as in the pull-request workflow: new resources' computed outputs are unknown,
    inputs are what the program declared. Keeps each Lambda function's code."""

    def __init__(self) -> None:
        self.lambda_code: list[pulumi.AssetArchive] = []

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict[str, Any]]:
        if args.typ == "aws:lambda/function:Function":
            self.lambda_code.append(args.inputs["code"])
        return "", args.inputs

    def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict[str, Any], None]:
        return {}, None


mocks = Mocks()
pulumi.runtime.set_mocks(mocks, project="consumer", stack="dev", preview=True)

import multi_region_api.components  # noqa: E402

import multi_region_api  # noqa: E402 - the mocks must be in place before resources are declared
from multi_region_api import MultiRegionApi  # noqa: E402


@pulumi.runtime.test
def program() -> pulumi.Output[str]:
    api = MultiRegionApi(
        "api",
        {
            "regions": ["us-east-1", "us-west-2"],
            "home_region": "us-east-1",
            "domain_name": "api.consumer.example.com",
            "hosted_zone_id": "Z0123456789EXAMPLE",
        },
    )
    return api.url


program()
Path(sys.argv[1]).write_text(
    json.dumps(
        {
            "components": multi_region_api.components.__file__,
            "alias_is_the_contract": multi_region_api.MultiRegionApi
            is multi_region_api.components.MultiRegionApi,
            "archives": [
                {
                    key: asset.path if isinstance(asset, pulumi.FileAsset) else repr(asset)
                    for key, asset in code.assets.items()
                }
                for code in mocks.lambda_code
            ],
        }
    )
)
