"""Check of every answer the runbook writes into a command: nothing cmd.exe would read as syntax."""
from __future__ import annotations

from typing import Iterator

from app.domain.plan import paths
from app.domain.plan.io import show
from app.domain.plan.model import MISSING, Plan
from app.domain.rules.checks.registry import Hit, check
from app.domain.shell import cmd_problem


COMMAND_NAMES = (
    ("cluster.name", "cluster name"), ("cluster.service_account", "cluster service account"),
    ("cluster.msdtc.group", "MSDTC group"), ("cluster.quorum.file_share_witness", "file share witness"),
    ("cluster.quorum.witness_folder", "witness folder"), ("active_directory.domain", "domain"),
    ("active_directory.forest_root_domain", "forest root domain"),
    ("active_directory.exchange_organization", "Exchange organization name"),
    ("active_directory.administrative_group", "administrative group"),
    ("active_directory.routing_group", "routing group"),
)
COMMAND_ROW_NAMES = (
    ("nodes", "name", "node name"), ("disks", "label", "volume label"), ("virtual_servers", "name", "server name"),
    ("virtual_servers", "group", "cluster group"), ("storage_groups", "name", "storage group name"),
    ("storage_groups", "database", "database name"), ("storage_groups", "log_folder", "log folder"),
    ("storage_groups", "database_folder", "database folder"),
)


def command_texts(plan: Plan) -> Iterator[tuple[str, str, str]]:
    """(subject, what, value) of every answer the runbook writes into a command."""
    for subject, what in COMMAND_NAMES:
        value: object = plan
        for key in paths.parse(subject):
            value = getattr(value, key, MISSING)
        if isinstance(value, str):
            yield subject, what, value
    for key, field_name, what in COMMAND_ROW_NAMES:
        rows = getattr(plan, key)
        for index, row in enumerate(rows if rows is not MISSING else []):
            value = getattr(row, field_name)
            if isinstance(value, str):
                yield f"{key}[{index}].{field_name}", what, value


@check
def name_not_command_safe(plan: Plan):
    for subject, what, value in command_texts(plan):
        reason = cmd_problem(value)
        if reason:
            yield Hit(subject, {"what": what, "shown": show(value), "reason": reason})
