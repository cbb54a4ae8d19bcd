"""Command-line interface: `flask --app app plan check FILE [--json]`."""
from app.cli.plan import plan_cli

__all__ = ["plan_cli"]
