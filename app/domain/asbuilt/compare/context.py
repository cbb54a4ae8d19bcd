"""What every part of a comparison shares: the two states and the capture's coverage it reads, the lists
it adds differences and what it could not compare to, and `same`, how two values are alike."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from app.domain.asbuilt import sections as kinds
from app.domain.asbuilt.compare.results import SEVERITIES, Difference, NotCompared
from app.domain.asbuilt.convert import Coverage
from app.domain.cluster.state import ClusterState, Node


@dataclass
class Context:
    """What every part of a comparison reads (the two states and what the capture covers) and adds to:
    the differences, what could not be compared, the evidence keys proven."""

    intended: ClusterState
    found: ClusterState
    coverage: Coverage
    differences: list[Difference] = field(default_factory=list)
    not_compared: list[NotCompared] = field(default_factory=list)
    proven: set[str] = field(default_factory=set)
    network_names: dict[str, str] = field(default_factory=dict)   # planned network -> the one found for it

    def differ(self, code: str, subject: str, message: str, expected: Any = None, found: Any = None,
               evidence: str | None = None, severity: str | None = None,
               answer: tuple[str, Any] | None = None) -> None:
        self.differences.append(Difference(code, severity or SEVERITIES[code], subject, message,
                                           None if expected is None else str(expected),
                                           None if found is None else str(found), evidence, answer))

    def missing(self, subject: str, what: str, kind: str, target: str | None = None,
                evidence: Iterable[str] = (), reason: str | None = None, command: str | None = "",
                required: bool | None = None, named: str | None = None) -> None:
        """Something not compared: its section is not in the capture, or its command failed. `command`
        is what to add to the capture: by default the section's own; None when nothing would do.
        `required` defaults to whether the section is one of the spec's list; `named` is the name
        collect.cmd gave the command, when it may differ from `target` (the name found)."""
        failure = self.coverage.failure(kind, target) or (self.coverage.failure(kind, named) if named else None)
        command = _command(kind, target) if command == "" else command
        if reason is None:
            reason = _failure_reason(failure, kind, target) if failure else \
                f"the capture has no “{command}” section"
        self.not_compared.append(NotCompared(subject, what, reason, command, tuple(evidence),
                                             kind not in kinds.EXTRA_KINDS if required is None else required))

    def found_node(self, name: str | None) -> Node | None:
        return next((n for n in self.found.nodes if name and n.name and n.name.casefold() == name.casefold()), None)


def _command(kind: str, target: str | None) -> str:
    return kinds.COMMANDS[kind].replace("<group>", target or "…").replace("<resource>", target or "…")


_FAILED_NAMES = {kinds.OWNERS: "group", kinds.DEPENDENCIES: "resource", kinds.POSSIBLE_OWNERS: "resource"}


def _failure_reason(failure, kind: str, found_name: str | None) -> str:
    """Why a section that printed an error could not be compared: the name it asked for is not in
    the cluster (said with the name the cluster gives the same thing, where it was found), or another error."""
    if not failure.not_found:
        return f"its command printed an error: {failure.message}"
    what = _FAILED_NAMES.get(kind, "object")
    reason = f"the cluster has no {what} named “{failure.target}” (cluster.exe: {failure.message})"
    if found_name and failure.target and not same(found_name, failure.target):
        reason += (f"; it is named “{found_name}” in this cluster. collect.cmd downloaded now asks for it by "
                   "that name")
    return reason


def same(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is b
    if isinstance(a, int) and not isinstance(a, bool):
        try:
            return int(str(b).strip()) == a
        except ValueError:
            return False
    return str(a).strip().casefold() == str(b).strip().casefold()


def article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"
