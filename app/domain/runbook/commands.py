"""The exact commands of the runbook, written from the intended state's names and values.

cluster.exe has the same syntax on Windows 2000, 2003 and 2008 (`cluster [/cluster:]NAME res ...`);
every command names the cluster, so a script runs the same from any node. Values are quoted for
cmd.exe by `shell.cmd_quote`, and for the Exchange Management Shell by `shell.ps_quote`. A value
that is not answered yet shows as its placeholder, which a script refuses to run (scripts.py).
"""
from __future__ import annotations

from typing import Any, Iterable

from app.domain.cluster import Resource
from app.domain.shell import UnsafeValue, cmd_quote, ps_quote

PLACEHOLDER_MARK = "not answered]"


def q(value: str) -> str:
    """A cmd.exe argument; a value the rules refuse is shown as it is, marked, and never run."""
    try:
        return cmd_quote(value)
    except UnsafeValue:
        return f"[unsafe value {value!r}]"


def ps(value: str) -> str:
    try:
        return ps_quote(value)
    except UnsafeValue:
        return f"[unsafe value {value!r}]"


class Cluster:
    """cluster.exe commands for one cluster."""

    def __init__(self, name: str):
        self.prefix = f"cluster /cluster:{q(name)}"

    # ------------------------------------------------------------ groups

    def group(self, group: str, *options: str) -> str:
        return " ".join((self.prefix, "group", q(group), *options))

    def create_group(self, group: str) -> list[str]:
        return [self.group(group, "/create")]

    def group_online(self, group: str) -> str:
        return self.group(group, "/online", "/wait")

    def move_group(self, group: str, node: str) -> str:
        return self.group(group, f"/moveto:{q(node)}", "/wait")

    def set_owners(self, group: str, nodes: Iterable[str]) -> str:
        return self.group(group, "/setowners:" + ",".join(q(node) for node in nodes))

    # ------------------------------------------------------------ resources

    def res(self, resource: str, *options: str) -> str:
        return " ".join((self.prefix, "res", q(resource), *options))

    def create(self, resource: Resource) -> list[str]:
        """Create a resource, set its private properties, then its dependencies."""
        lines = [self.res(resource.name, "/create", f"/group:{q(resource.group)}", f"/type:{q(resource.type)}")]
        if resource.properties:
            lines.append(self.set_private(resource.name, resource.properties))
        lines += [self.res(resource.name, f"/adddep:{q(dependency)}") for dependency in resource.depends_on]
        return lines

    def set_private(self, resource: str, properties: Iterable[tuple[str, Any]]) -> str:
        return self.res(resource, "/priv", *(f"{key}={self.value(value)}" for key, value in properties))

    @staticmethod
    def value(value: Any) -> str:
        """A private property's value: numbers are DWORDs, text is quoted when it needs it."""
        if isinstance(value, bool):
            return f"{int(value)}:DWORD"
        if isinstance(value, int):
            return f"{value}:DWORD"
        return q(str(value)) if value is not None else q("[value not answered]")

    def online(self, resource: str) -> str:
        return self.res(resource, "/online", "/wait")

    def move_resource(self, resource: str, group: str) -> str:
        return self.res(resource, f"/moveto:{q(group)}")

    def checks(self, resource: Resource) -> list[str]:
        """What shows a resource as created: its state, its dependencies, its private properties."""
        lines = [self.res(resource.name, "/stat")]
        if resource.depends_on:
            lines.append(self.res(resource.name, "/listdep"))
        if resource.properties:
            lines.append(self.res(resource.name, "/priv"))
        return lines

    # ------------------------------------------------------------ the cluster itself

    def node(self, node: str, *options: str) -> str:
        return " ".join((self.prefix, "node", q(node), *options))

    def nodes(self) -> str:
        return f"{self.prefix} node /stat"

    def network(self, network: str, *options: str) -> str:
        return " ".join((self.prefix, "network", q(network), *options))

    def quorum(self, resource: str | None = None) -> str:
        return f"{self.prefix} /quorum" + (f":{q(resource)}" if resource else "")


def netsh_address(adapter: str, address: str, mask: str, gateway: str | None) -> str:
    line = f"netsh interface ip set address name={q(adapter)} source=static addr={q(address)} mask={q(mask)}"
    return line + (f" gateway={q(gateway)} gwmetric=1" if gateway else " gateway=none")


def netsh_dns(adapter: str, servers: list[str]) -> list[str]:
    if not servers:
        return [f"netsh interface ip set dns name={q(adapter)} source=static addr=none register=none"]
    lines = [f"netsh interface ip set dns name={q(adapter)} source=static addr={q(servers[0])} register=primary"]
    lines += [f"netsh interface ip add dns name={q(adapter)} addr={q(server)} index={number}"
              for number, server in enumerate(servers[1:], start=2)]
    return lines


def has_placeholder(lines: Iterable[str]) -> bool:
    return any(PLACEHOLDER_MARK in line or "not planned]" in line or "[unsafe value" in line for line in lines)


__all__ = ["Cluster", "has_placeholder", "netsh_address", "netsh_dns", "ps", "q"]
