"""The rule engine and its stored catalog."""
from .catalog import Catalog, Rule, load_catalog
from .engine import Finding, Report, check

__all__ = ["Catalog", "Finding", "Report", "Rule", "check", "load_catalog"]
