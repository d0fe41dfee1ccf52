"""The project's own ``components`` package (a common layout): the program's helpers.

Neither the platform's archive nor its discovery may take it for ``multi_region_api.components``.
"""

from typing import Any

DECOY = "the project's own components"
TAGS = {"team": "notes"}
READ_SETTINGS: dict[str, Any] = {
    "Sid": "ReadNotesSettings",
    "Effect": "Allow",
    "Action": ["ssm:GetParameter"],
    "Resource": "arn:aws:ssm:*:123456789012:parameter/notes/*",
}
