"""Global Accelerator traffic dials from the stack's routing (the component and the local runtime).

With Global Accelerator the shared name is the accelerator, so Route 53's routing policy does not
apply; ``weighted`` routing becomes the endpoint groups' traffic dials instead (the heaviest
region at 100 %, the others in proportion, 0 drains), and ``latency`` leaves every dial at 100 %.
"""

from __future__ import annotations

from .args import ApiSettings

FULL_TRAFFIC_DIAL = 100.0


def traffic_dials(settings: ApiSettings) -> dict[str, float]:
    """Region -> traffic dial percentage (0-100)."""
    weights = settings.routing.weights if settings.routing.policy == "weighted" else {}
    heaviest = max(weights.values(), default=0)
    if not heaviest:
        return dict.fromkeys(settings.regions, FULL_TRAFFIC_DIAL)
    return {r: round(FULL_TRAFFIC_DIAL * weights[r] / heaviest, 1) for r in settings.regions}
