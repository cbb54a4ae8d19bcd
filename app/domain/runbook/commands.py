"""The exact commands of the runbook, written from the intended state's names and values.

cluster.exe has the same syntax on Windows 2000, 2003 and 2008 (`cluster [/cluster:]NAME res ...`);
every command names the cluster, so a script runs the same from any node. Values are quoted for
cmd.exe by `shell.cmd_quote`, and for the Exchange Management Shell by `shell.ps_quote`. A value
that is not answered yet shows as its placeholder, which a script refuses to run (scripts.py).

A script stopped by a failure is run again once its cause is fixed, so every command that makes
something is written to be run twice: it first asks whether the thing is there (`A || B` makes it
only when the question fails), or its tool's "already done" answer counts as success
(`accepted_exit_codes`).
"""
from __future__ import annotations

from typing import Any, Iterable

from app.domain import versions
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
        return [f"{self.group(group, '/stat')} >nul 2>&1 || {self.group(group, '/create')}"]

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
        create = self.res(resource.name, "/create", f"/group:{q(resource.group)}", f"/type:{q(resource.type)}")
        lines = [f"{self.res(resource.name, '/stat')} >nul 2>&1 || {create}"]
        if resource.properties:
            lines.append(self.set_private(resource.name, resource.properties))
        lines += [self.res(resource.name, f"/adddep:{q(dependency)}") for dependency in resource.depends_on]
        return lines

    def remove_owner(self, resource: str, node: str) -> str:
        """Take `node` off the resource's possible owners, only while it is one (run twice, no error);
        findstr's 1 ("not listed") is accepted, cluster.exe's own failures are 50xx codes."""
        listed = findstr_pattern("^" + findstr_regex(node) + " *$")
        return f"{self.res(resource, '/listowners')} | findstr /I {listed} >nul && {self.res(resource, f'/removeowner:{q(node)}')}"

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
        """Into `group`, unless `/stat` already shows it there."""
        return (f"{self.res(resource, '/stat')} | findstr {findstr_literal(f' {group} ')} >nul || "
                f"{self.res(resource, f'/moveto:{q(group)}')}")

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

    def owned_by(self, node: str) -> str:
        """Lists the groups `node` owns: it finds nothing once every group has left it."""
        return f"{self.prefix} group | findstr {findstr_literal(f' {node} ')}"

    def network_check(self, network: str, address: str | None, role: int | None = None) -> list[str]:
        """That the cluster network of that name is the planned subnet (and has the planned role)."""
        listing = self.network(network, "/prop")
        lines = [f"{listing} | findstr {findstr_pattern(' Address  *' + findstr_regex(address or '') + WORD_END)}"]
        if role is not None:
            lines.append(f"{listing} | findstr {findstr_pattern(f' Role  *{role} ')}")
        return lines

    def network(self, network: str, *options: str) -> str:
        return " ".join((self.prefix, "network", q(network), *options))

    def quorum(self, resource: str | None = None) -> str:
        return f"{self.prefix} /quorum" + (f":{q(resource)}" if resource else "")


# ---------------------------------------------------------------- searching command output

def findstr_literal(text: str) -> str:
    """findstr options that find `text` as it is, ignoring case. findstr reads a backslash as an
    escape even in a literal search, and two backslashes as one."""
    return f"/L /I /C:{q(text.replace(chr(92), chr(92) * 2))}"


FINDSTR_NOT_FOUND = 1
WORD_END = "\\>"  # findstr's end of a word: 10.0.0.1 is not the start of 10.0.0.12


def findstr_pattern(pattern: str) -> str:
    """findstr options that find a regular expression (spaces included, case kept)."""
    return f"/R /C:{q(pattern)}"


def findstr_regex(text: str) -> str:
    """`text` as a findstr regular expression that matches only itself."""
    return "".join(f"\\{c}" if c in ".*^$[]\\" else c for c in text)


def has_address(address: str) -> str:
    """ipconfig's line for an address of this computer (2003: "IP Address", 2008: "IPv4 Address")."""
    return f"ipconfig | findstr {findstr_pattern(': ' + findstr_regex(address) + WORD_END)}"


def domain_member(domain: str) -> str:
    """The computer's domain, as `net config workstation` shows it on every Windows release."""
    pattern = "^Workstation Domain DNS Name  *" + findstr_regex(domain) + "$"
    return f"net config workstation | findstr /I {findstr_pattern(pattern)}"


def local_admin(account: str) -> tuple[list[str], list[str]]:
    """`account` in the local Administrators group, added only when it is not listed yet."""
    listed = f"net localgroup Administrators | findstr /X {findstr_literal(account)}"
    return [f"{listed} >nul || net localgroup Administrators {q(account)} /add"], [listed]


def feature_installed(feature: str) -> str:
    """ServerManagerCmd -query marks what is installed "[X] Name  [Id]", what is not "[ ] Name  [Id]"."""
    pattern = findstr_regex("[X] ") + ".*" + findstr_regex(f"[{feature}]")
    return f"ServerManagerCmd -query | findstr {findstr_pattern(pattern)}"


def service_running(display_name: str) -> str:
    """`net start` lists the running services by display name, on every Windows release."""
    return f"net start | findstr {findstr_literal(display_name)}"


def make_folder(folder: str) -> str:
    return f"if not exist {q(folder + chr(92) + '*')} mkdir {q(folder)}"


def share(name: str, folder: str, account: str) -> str:
    return f"net share {q(name)} >nul 2>&1 || net share {q(name)}={q(folder)} /GRANT:{q(account)},FULL"


def accepted_exit_codes(command: str) -> tuple[int, ...]:
    """Exit codes other than 0 that mean the command's work is done (a script goes on)."""
    if command.startswith("ServerManagerCmd -install"):
        return versions.SERVER_MANAGER_ALREADY, versions.SERVER_MANAGER_RESTART
    if command.startswith("cluster ") and " /adddep:" in command:
        return (versions.CLUSTER_DEPENDENCY_EXISTS,)
    if command.startswith("cluster ") and " /removeowner:" in command:
        return (FINDSTR_NOT_FOUND,)
    if command.startswith("dnscmd ") and " /RecordAdd " in command:
        return (versions.DNS_RECORD_EXISTS,)
    return ()


def restart_exit_codes(command: str) -> tuple[int, ...]:
    """Exit codes that mean the work is done but Windows must restart before it takes effect."""
    return (versions.SERVER_MANAGER_RESTART,) if command.startswith("ServerManagerCmd -install") else ()


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
    """Whether a line holds a placeholder, also where a findstr pattern escaped its brackets."""
    plain = [line.replace("\\", "") for line in lines]
    return any(PLACEHOLDER_MARK in line or "not planned]" in line or "[unsafe value" in line for line in plain)


__all__ = ["Cluster", "WORD_END", "accepted_exit_codes", "domain_member", "feature_installed", "findstr_literal",
           "findstr_pattern", "findstr_regex", "has_address", "has_placeholder", "local_admin", "make_folder",
           "netsh_address", "netsh_dns", "ps", "q", "restart_exit_codes", "service_running", "share"]
