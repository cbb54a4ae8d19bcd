"""The runbook a plan turns into (generation per Exchange family) and its Markdown form."""
from app.domain.runbook.generate import build_checklist
from app.domain.runbook.items import Checklist, Item, Phase

__all__ = ["Checklist", "Item", "Phase", "build_checklist"]
