"""Derived figures of a stack (monthly cost, failover time), computed from what it deploys."""

from .cost import cost_estimate_output, stack_cost
from .failover import failover_estimate

__all__ = ["cost_estimate_output", "failover_estimate", "stack_cost"]
