"""The conditions behind the stored rules, one small named function each.

A check receives the plan and yields a :class:`Hit` for every place the rule is
broken: the exact subject path and the values its message template names. A
check never fires on an unanswered value (MISSING); applicability by version
is decided by the engine from the catalog, not here.

The checks are filed by what they look at, mostly one module a step of the wizard (registry.py
holds CHECKS, common.py what several of them read). Importing this package imports every one
of them, so CHECKS holds them all.
"""
from app.domain.rules.checks import (basics, cluster_service, commands, directory, failover, names, networks, quorum,
                                     setup, storage, storage_groups, virtual_servers)
from app.domain.rules.checks.registry import CHECKS, Check, Hit, check

__all__ = ["CHECKS", "Check", "Hit", "check",
           # imported for their @check functions, which fill CHECKS
           "basics", "cluster_service", "commands", "directory", "failover", "names", "networks", "quorum", "setup",
           "storage", "storage_groups", "virtual_servers"]
