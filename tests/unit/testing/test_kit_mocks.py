"""The test kit's mocks under a user's program, and the component under the plain mocks pattern."""

from __future__ import annotations

from typing import Any

import pulumi
import pulumi_aws as aws
import pytest
from multi_region_api.components import MultiRegionApi, MultiRegionApiArgs
from multi_region_api.components.computed import MissingOutputError

from multi_region_api.testing import (
    ACCOUNT_ID,
    KNOWN_TYPES,
    LOCAL_ZONES,
    MultiRegionApiMocks,
    run,
    set_mocks,
)
from tests.unit.components.support import build_graph, stack_args

ARGS: MultiRegionApiArgs = {
    "regions": ["us-east-1", "eu-west-1"],
    "domain_name": "api.shop.example.com",
    "hosted_zone_id": "Z0123456789EXAMPLE",
}
QUEUE = "aws:sqs/queue:Queue"


class Uploads(pulumi.ComponentResource):
    """A user's own component with a resource of a type the kit does not know."""

    def __init__(self, name: str) -> None:
        super().__init__("shop:index:Uploads", name)
        self.queue = aws.sqs.Queue(
            f"{name}-queue", name="shop-uploads", opts=pulumi.ResourceOptions(parent=self)
        )
        self.register_outputs({"queue": self.queue.name})


def program() -> None:
    api = MultiRegionApi("api", ARGS)
    uploads = Uploads("uploads")
    pulumi.export("url", api.url)
    pulumi.export("functions", api.function_names)
    pulumi.export("queue", uploads.queue.name)
    pulumi.export("queue_arn", uploads.queue.arn)


@pytest.mark.parametrize("preview", [True, False], ids=["preview", "update"])
def test_a_users_program_builds(preview: bool) -> None:
    registrations = set_mocks(
        project="shop", stack="dev", preview=preview, config={"aws:region": "eu-west-1"}
    )
    exports = run(program)
    assert exports["url"] == "https://api.shop.example.com"
    (queue,) = registrations.of_type(QUEUE)
    assert queue.plain_inputs["name"] == "shop-uploads"
    assert queue.parent.endswith("::uploads")
    functions = registrations.of_type("aws:lambda/function:Function")
    assert len(functions) == 2
    if preview:
        assert exports["functions"] is None  # computed: unknown in a preview
        return
    # A type the kit does not know: its inputs, an id, and no invented outputs.
    assert queue.state_id
    assert exports["queue"] == "shop-uploads"
    assert exports["queue_arn"] is None
    # The component's own resources: realistic names and ARNs in their provider's region.
    names = exports["functions"]
    assert set(names) == {"us-east-1", "eu-west-1"}
    for function in functions:
        region = function.state["arn"].split(":")[3]
        assert function.state["arn"] == (
            f"arn:aws:lambda:{region}:{ACCOUNT_ID}:function:{names[region]}"
        )
        assert names[region].startswith(function.name + "-")  # autonamed <name>-<7 hex>


class ShopMocks(MultiRegionApiMocks):
    """The documented way to extend the kit: answer your types, ``super()`` for the rest."""

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict[str, Any]]:
        resource_id, state = super().new_resource(args)
        if args.typ == QUEUE and not self.preview:
            region = self.region_of(args.provider)
            arn = f"arn:aws:sqs:{region}:{self.account_id}:{args.inputs['name']}"
            return resource_id, {**state, "arn": arn}
        return resource_id, state

    def call(self, args: pulumi.runtime.MockCallArgs) -> dict[str, Any]:
        if args.token == "aws:sqs/getQueue:getQueue":
            name = args.args["name"]
            return {"name": name, "arn": f"arn:aws:sqs:us-east-1:{self.account_id}:{name}"}
        return super().call(args)


def test_a_user_extends_the_mocks() -> None:
    registrations = set_mocks(ShopMocks(preview=False), project="shop", stack="dev")

    def with_lookup() -> None:
        program()
        found = aws.sqs.get_queue_output(name="shop-logs")
        identity = aws.get_caller_identity_output()
        pulumi.export("logs_arn", found.arn)
        pulumi.export("account", identity.account_id)

    exports = run(with_lookup)
    assert exports["queue_arn"] == f"arn:aws:sqs:us-east-1:{ACCOUNT_ID}:shop-uploads"
    assert exports["logs_arn"] == f"arn:aws:sqs:us-east-1:{ACCOUNT_ID}:shop-logs"
    assert exports["account"] == ACCOUNT_ID
    # The component's resources still come from the kit.
    (table,) = registrations.of_type("aws:dynamodb/table:Table")
    assert table.state["arn"].startswith(f"arn:aws:dynamodb:us-east-1:{ACCOUNT_ID}:table/")


def test_unknown_invokes_answer_empty_and_resources_on_the_default_provider_use_aws_region() -> (
    None
):
    set_mocks(project="shop", stack="dev", config={"aws:region": "ap-south-1"})

    def lookups() -> None:
        pulumi.export("region", aws.get_region_output().region)
        pulumi.export("zones", aws.get_availability_zones_output().names)
        topic = aws.sns.Topic("alerts")
        pulumi.export("topic", topic.arn)

    exports = run(lookups)
    assert exports["region"] == "ap-south-1"
    assert exports["zones"] == ["ap-south-1a", "ap-south-1b", "ap-south-1c"]
    assert exports["topic"].startswith(f"arn:aws:sns:ap-south-1:{ACCOUNT_ID}:alerts-")


def test_zones_list_an_opted_in_local_zone_unless_filtered_out() -> None:
    set_mocks(project="shop", stack="dev", config={"aws:region": "us-west-2"})
    regular = aws.GetAvailabilityZonesFilterArgs(name="zone-type", values=["availability-zone"])

    def lookups() -> None:
        pulumi.export("all", aws.get_availability_zones_output().names)
        pulumi.export("regular", aws.get_availability_zones_output(filters=[regular]).names)

    exports = run(lookups)
    assert exports["all"] == ["us-west-2a", "us-west-2b", "us-west-2c", LOCAL_ZONES["us-west-2"]]
    assert exports["regular"] == ["us-west-2a", "us-west-2b", "us-west-2c"]


def test_a_load_balancer_autoname_too_long_fails_like_pulumi() -> None:
    set_mocks(project="shop", stack="dev")

    def balancers() -> None:
        aws.lb.LoadBalancer("shop-alb")
        aws.lb.LoadBalancer("shop-eu-central-1-public-alb-x")

    with pytest.raises(ValueError, match="longer than maximum length 32"):
        run(balancers)


def test_set_mocks_refuses_mocks_made_for_the_other_mode() -> None:
    with pytest.raises(ValueError, match="preview=True"):
        set_mocks(MultiRegionApiMocks(preview=True), preview=False)


@pytest.mark.parametrize(
    "overrides",
    [
        {},
        {"front_door": "http"},
        {"front_door": "alb", "global_accelerator": True},
        {"region_switch": True},
        {"alarm_email": "ops@example.com"},
    ],
    ids=["rest", "http", "alb-accelerator", "region-switch", "alarm-email"],
)
def test_the_kit_knows_every_type_the_component_creates(overrides: dict[str, Any]) -> None:
    graph = build_graph({**stack_args("us"), **overrides})  # type: ignore[typeddict-item]
    custom = {r.type for r in graph.resources if r.custom and not r.type.startswith("pulumi:")}
    assert custom - KNOWN_TYPES == set()


class PlainMocks(pulumi.runtime.Mocks):
    """The pattern of Pulumi's testing guide: inputs back as outputs, every invoke empty."""

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict[str, Any]]:
        return f"{args.name}_id", args.inputs

    def call(self, args: pulumi.runtime.MockCallArgs) -> dict[str, Any]:  # type: ignore[override]
        return {}


def _build_under_plain_mocks(args: MultiRegionApiArgs, *, preview: bool) -> None:
    pulumi.runtime.set_mocks(PlainMocks(), project="shop", stack="dev", preview=preview)

    @pulumi.runtime.test  # type: ignore[misc]
    def build() -> pulumi.Output[Any]:
        api = MultiRegionApi("api", args)
        return pulumi.Output.all(api.url, api.health_check_ids, api.static_ips)

    build()


def test_plain_mocks_build_a_preview() -> None:
    _build_under_plain_mocks(ARGS, preview=True)


@pytest.mark.parametrize(
    ("overrides", "empty"),
    [
        ({}, "randomPassword:RandomPassword 'api-health-check-secret' output result"),
        ({"health_check_secret": "s" * 32}, "output domainValidationOptions"),
        ({"health_check_secret": "s" * 32, "front_door": "http"}, "output"),
        (
            {"health_check_secret": "s" * 32, "front_door": "alb", "global_accelerator": True},
            "output",
        ),
        ({"health_check_secret": "s" * 32, "region_switch": True}, "output"),
    ],
    ids=["generated-secret", "given-secret", "http", "alb-accelerator", "region-switch"],
)
def test_plain_mocks_in_update_mode_fail_with_one_clear_message(
    overrides: dict[str, Any], empty: str
) -> None:
    args: MultiRegionApiArgs = {**stack_args("us"), **overrides}  # type: ignore[typeddict-item]
    with pytest.raises(Exception) as raised:  # noqa: PT011 (Pulumi wraps it in ValueErrors)
        _build_under_plain_mocks(args, preview=False)
    chain: list[BaseException] = []
    error: BaseException | None = raised.value
    while error is not None:
        chain.append(error)
        error = error.__cause__ or error.__context__
    # Pulumi's own "While processing ..." wrappers around ours, and nothing from deep inside.
    assert {type(e) for e in chain} <= {ValueError, MissingOutputError}, chain
    assert any(isinstance(e, MissingOutputError) for e in chain)
    last_line = str(raised.value).splitlines()[-1]
    assert "came back empty" in last_line
    assert "use multi_region_api.testing.MultiRegionApiMocks" in last_line
    assert empty in "\n".join(str(e) for e in chain)


def _refuse(value: str) -> str:
    raise ValueError(f"refused {value}")


def test_each_program_has_its_own_exports_even_after_one_failed() -> None:
    """A new root stack per ``set_mocks``: a failed program's exports never reach the next."""
    set_mocks()
    with pytest.raises(ValueError, match="refused first"):
        run(lambda: pulumi.export("first", pulumi.Output.from_input("first").apply(_refuse)))
    set_mocks()
    assert run(lambda: pulumi.export("second", "ok")) == {"second": "ok"}
