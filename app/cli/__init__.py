"""Command-line interface: `flask --app app plan check FILE [--json]`."""
from .plan import plan_cli

__all__ = ["plan_cli"]
