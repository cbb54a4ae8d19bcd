"""The sections of a plan, in the order the work is planned: the one list of steps.

Each section names the top-level keys of the plan it holds and when it applies. The wizard shows
one step per section (plus Review), the rule catalog files each rule under one, completeness
reports unanswered questions under the section that asks them, and the command line prints
findings under their titles, all in this order.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from app.domain import versions
from app.domain.plan import paths
from app.domain.plan.model import Plan


def _always(plan: Plan) -> bool:
    return True


def has_shared_storage(plan: Plan) -> bool:
    """CCR keeps a copy of the data on each node; every other model shares disks."""
    model = versions.cluster_model(plan.exchange.cluster_type)
    return model is None or model.shared_storage


@dataclass(frozen=True)
class Section:
    name: str
    title: str
    keys: tuple[str, ...]
    intro: str
    applies: Callable[[Plan], bool] = _always


SECTIONS: tuple[Section, ...] = (
    Section("basics", "Basics", ("name", "description", "exchange", "windows"),
            "Name the plan and choose the Exchange and Windows releases; every later step adapts to them."),
    Section("active-directory", "Active Directory", ("active_directory",),
            "Prepare the forest and domain, and make sure DNS will accept the cluster's names."),
    Section("cluster", "Cluster service", ("cluster",),
            "The Windows cluster: its name and address, networks, quorum, and the accounts and resources it needs."),
    Section("nodes", "Nodes", ("nodes",),
            "One row per server in the cluster: its addresses, domain, hardware and the Windows components "
            "Exchange needs."),
    Section("storage", "Shared storage", ("disks",),
            "The shared disks: quorum, MSDTC and Exchange data. Each disk belongs to one cluster group.",
            applies=has_shared_storage),
    Section("virtual-servers", "Virtual servers", ("virtual_servers",),
            "The servers clients connect to (Exchange Virtual Servers; clustered mailbox servers for Exchange "
            "2007). Each runs on one node at a time."),
    Section("storage-groups", "Storage groups", ("storage_groups",),
            "The storage groups and databases of each server, and the disks and folders their files go to."),
    Section("setup", "Setup", ("setup",),
            "How Exchange setup will be run: attended, one node at a time, in this order."),
)
BY_NAME = {section.name: section for section in SECTIONS}
ORDER = tuple(section.name for section in SECTIONS)
_BY_KEY = {key: section.name for section in SECTIONS for key in section.keys}


def section_of(path: str) -> str:
    """The section that asks the value at `path` (basics for the document itself)."""
    return _BY_KEY.get(paths.head(path), "basics")


def position(name: str) -> int:
    return ORDER.index(name)


def title_for(name: str, plan: Plan | None = None) -> str:
    """A section's title; the virtual servers are clustered mailbox servers on Exchange 2007."""
    if name == "virtual-servers" and plan is not None:
        release = versions.exchange(plan.exchange.version)
        if release is not None:
            return release.server_noun_plural.capitalize()
    return BY_NAME[name].title
