"""The runbook a plan turns into: generation, ticks, the diagram, print and Markdown."""
from app.domain.runbook.generate import Checklist, Item, Phase, build_checklist

__all__ = ["Checklist", "Item", "Phase", "build_checklist"]
