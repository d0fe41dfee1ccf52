"""What AWS accepts for the values the component's arguments carry: the sets and shapes the
validators check against. The limits on names and values the component generates from them are
in ``aws_limits``, which checks a whole resolved stack."""

import re

# Route 53 health checkers only run in these regions (Route 53 API: HealthCheckRegion).
HEALTH_CHECKER_REGIONS = (
    "us-east-1",
    "us-west-1",
    "us-west-2",
    "eu-west-1",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-northeast-1",
    "sa-east-1",
)
MIN_CHECKER_REGIONS = 3
# Route 53 request intervals: the standard one, and the fast one priced as an optional feature.
STANDARD_HEALTH_CHECK_INTERVAL = 30
FAST_HEALTH_CHECK_INTERVAL = 10
HEALTH_CHECK_INTERVALS = (FAST_HEALTH_CHECK_INTERVAL, STANDARD_HEALTH_CHECK_INTERVAL)
HEALTH_CHECK_FAILURE_THRESHOLDS = range(1, 11)
MAX_ROUTING_WEIGHT = 255  # Route 53 weighted records: 0-255
REGION_SWITCH_REGIONS = 2  # an ARC Region switch plan: "Fixed number of 2" regions
MIN_ALB_SUBNETS = 2  # an ALB needs subnets in at least two Availability Zones
# CloudWatch Logs accepts only these retention values.
LOG_RETENTION_DAYS = (
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922,
    3288, 3653,
)  # fmt: skip
MAX_HOSTNAME_LENGTH = 253
# DynamoDB: key attribute types, index projections, and quotas: GSIs per table (default,
# adjustable), projected non-key attributes summed over all of a table's secondary indexes, bytes
# of a key attribute's name.
KEY_TYPES = ("S", "N", "B")
PROJECTIONS = ("ALL", "KEYS_ONLY", "INCLUDE")
MAX_INDEXES = 20
MAX_PROJECTED_ATTRIBUTES = 100
MAX_KEY_NAME_BYTES = 255

REGION_RE = re.compile(r"^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$")
HOSTED_ZONE_ID_RE = re.compile(r"^Z[A-Z0-9]{1,31}$")
VPC_ID_RE = re.compile(r"^vpc-[0-9a-f]{8}([0-9a-f]{9})?$")
SUBNET_ID_RE = re.compile(r"^subnet-[0-9a-f]{8}([0-9a-f]{9})?$")
