"""The plan's domain model: typed objects, the JSON format and completeness."""
from app.domain.plan.completeness import Incomplete, incomplete_items, step_of_subject
from app.domain.plan.io import PlanFormatError, dump_plan, dumps_plan, load_plan, loads_plan
from app.domain.plan.model import MISSING, Plan, answered

__all__ = [
    "MISSING", "Plan", "PlanFormatError", "Incomplete", "answered", "dump_plan", "dumps_plan",
    "incomplete_items", "load_plan", "loads_plan", "step_of_subject",
]
