"""The runbook's shape: items grouped into phases, and the whole checklist."""
from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field

NODE, SERVER, CLUSTER, WITNESS = "node", "virtual-server", "cluster", "witness"
FOREST, DOMAIN = "forest", "domain"
# Where an item is done when its target does not say it (scripts.py groups items by place): a
# computer of the nodes' domain (DNS work: the same place as DomainPrep), the storage array's
# software, a client with Outlook.
AT_DOMAIN, AT_STORAGE, AT_CLIENT = DOMAIN, "storage", "client"


@dataclass(frozen=True)
class Item:
    id: str
    phase: int
    title: str
    detail: str = ""
    command: str = ""
    console: str = ""
    target: str | None = None
    target_kind: str | None = None
    run_by: str = ""
    rule_ids: tuple[str, ...] = ()
    verify: str = ""          # commands that show the work was done, one per line
    # Commands that must find nothing once the work is done (a script stops when one finds something).
    verify_none: str = ""
    shell: str = "cmd"        # where `command` and `verify` run: "cmd", or "powershell" (the Exchange Management Shell)
    prepare: str = ""         # work done by hand in a console before the commands can run
    # Why a script must end after this item (a restart, waiting for replication); the next script
    # of the same place begins by checking it.
    ends_script: str = ""
    at: str = ""              # AT_DOMAIN, AT_STORAGE or AT_CLIENT; else the target says where
    from_media: bool = False  # the commands run from the Exchange media's folder
    # What the item brings about in the intended cluster state, so a captured cluster can prove it
    # done: "group:NAME", "resource:NAME", "dependency:RESOURCE->DEPENDENCY", "owners:GROUP",
    # "node:NAME", "property:RESOURCE.PROPERTY".
    evidence: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        """What a person acts on; when it changes, an earlier tick is flagged as stale."""
        parts = (self.title, self.detail, self.prepare, self.command, self.verify, self.verify_none, self.console,
                 self.ends_script, self.run_by, self.target or "")
        return "\n".join(part for part in parts if part)

    @property
    def text_hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def anchor(self) -> str:
        """An HTML id safe for any name the plan may contain."""
        return "item-" + hashlib.sha1(self.id.encode("utf-8")).hexdigest()[:12]

    @property
    def commands(self) -> list[str]:
        return [line for line in self.command.split("\n") if line]

    @property
    def checks(self) -> list[str]:
        return [line for line in self.verify.split("\n") if line]

    @property
    def checks_none(self) -> list[str]:
        return [line for line in self.verify_none.split("\n") if line]

    @property
    def by_hand(self) -> bool:
        """Work done by hand in a console: the runbook says where, and a script pauses for it."""
        return bool(self.console) and not self.command


@dataclass(frozen=True)
class Phase:
    number: int
    title: str
    intro: str
    items: tuple[Item, ...]

    @property
    def key(self) -> str:
        return f"p{self.number}"


@dataclass(frozen=True)
class Checklist:
    phases: tuple[Phase, ...]
    node_names: tuple[str, ...] = field(default=())
    # Names the scripts say where they run with.
    cluster_name: str = ""
    domain: str = ""
    forest: str = ""
    media_folder: str = ""    # where setup is on the Exchange media

    @property
    def items(self) -> list[Item]:
        return [item for phase in self.phases for item in phase.items]

    def get(self, item_id: str) -> Item | None:
        return next((item for item in self.items if item.id == item_id), None)

    def for_node(self, name: str) -> "Checklist":
        """Only the work done at that node's console."""
        phases = []
        for phase in self.phases:
            items = tuple(i for i in phase.items if i.target_kind == NODE and i.target == name)
            if items:
                phases.append(Phase(phase.number, phase.title, phase.intro, items))
        return dataclasses.replace(self, phases=tuple(phases), node_names=(name,))


def unique_ids(phases: tuple[Phase, ...]) -> tuple[Phase, ...]:
    """Two nodes with the same name (a plan error) must still give distinct ids."""
    seen: dict[str, int] = {}
    result = []
    for phase in phases:
        items = []
        for item in phase.items:
            count = seen.get(item.id, 0) + 1
            seen[item.id] = count
            items.append(item if count == 1 else dataclasses.replace(item, id=f"{item.id}~{count}"))
        result.append(Phase(phase.number, phase.title, phase.intro, tuple(items)))
    return tuple(result)
