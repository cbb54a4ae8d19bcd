"""The plan's domain model: typed objects with each answer declared once, the JSON format, paths,
vocabularies, value checks, completeness and differences between two plans."""
from app.domain.plan.io import PlanFormatError, dump_plan, dumps_plan, load_plan, load_stored_plan, loads_plan
from app.domain.plan.model import MISSING, Plan, answered

__all__ = ["MISSING", "Plan", "PlanFormatError", "answered", "dump_plan", "dumps_plan", "load_plan", "load_stored_plan",
           "loads_plan"]
