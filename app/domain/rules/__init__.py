"""The rule engine and its stored catalog."""
from app.domain.rules.catalog import Catalog, Rule, load_catalog
from app.domain.rules.engine import Finding, Report, check

__all__ = ["Catalog", "Finding", "Report", "Rule", "check", "load_catalog"]
