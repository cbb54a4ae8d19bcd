"""Whether a text is a valid value of a kind: one judgement for the format and the wizard.

The format loader (io.py) and the wizard's question kinds both ask these functions; each writes
the answer in its own words (a path and a JSON value for a file, a sentence next to the field
for a person), but a value is never judged twice in two ways.
"""
from __future__ import annotations

import ipaddress
import re
from functools import lru_cache

from app.domain.shell import invisible_characters

# Anchored with \A and \Z: `$` would also accept a trailing newline ("R:\n").
DRIVE_PATTERN = re.compile(r"\A[A-Za-z]:\Z")
# No control characters and none of the characters Windows refuses in names.
UNC_PATTERN = re.compile(r"\A\\\\[^\\/:*?\"<>|\x00-\x1f]+\\[^\\/:*?\"<>|\x00-\x1f]+(\\[^\\/:*?\"<>|\x00-\x1f]+)*\\?\Z")
# CIDR means a prefix length; a netmask ("/255.255.255.0") is not accepted.
CIDR_PATTERN = re.compile(r"\A[0-9.]+/(?:[0-9]|[12][0-9]|3[0-2])\Z")


@lru_cache(maxsize=4096)
def _ipv4(text: str) -> ipaddress.IPv4Address:
    """Addresses are immutable values and a plan is loaded several times per request."""
    return ipaddress.IPv4Address(text)


def is_ipv4(text: str) -> bool:
    try:
        _ipv4(text)
    except ValueError:
        return False
    return True


class NetworkProblem(ValueError):
    """`suggestion` is the network meant, when only the host bits are wrong."""

    def __init__(self, suggestion: str | None = None):
        super().__init__(suggestion or "not a network")
        self.suggestion = suggestion


def check_network(text: str) -> None:
    """Raises NetworkProblem unless `text` is an IPv4 network in CIDR form with no host bits."""
    if not CIDR_PATTERN.match(text):
        raise NetworkProblem()
    try:
        network = ipaddress.IPv4Network(text, strict=False)
    except ValueError:
        raise NetworkProblem() from None
    if ipaddress.IPv4Interface(text).ip != network.network_address:
        raise NetworkProblem(str(network))


def is_drive(text: str) -> bool:
    return bool(DRIVE_PATTERN.match(text))


def is_unc(text: str) -> bool:
    return bool(UNC_PATTERN.match(text))


def within(number: int, minimum: int | None, maximum: int | None) -> bool:
    return not (minimum is not None and number < minimum or maximum is not None and number > maximum)


PATH_EXAMPLE = "R:\\SG1\\Logs"  # a folder path, for messages about a path that has no example of its own
# A folder on a local or shared disk: a drive letter, a backslash, then names Windows allows.
LOCAL_PATH_PATTERN = re.compile(r"\A[A-Za-z]:\\(?:[^\\/:*?\"<>|\x00-\x1f]+\\?)*\Z")


def is_local_path(text: str) -> bool:
    return bool(LOCAL_PATH_PATTERN.match(text))


def invisible_problem(text: str) -> str | None:
    """Why a name cannot hold `text`: bidirectional overrides, zero-width and other invisible
    characters make it read differently from what it holds (shell.invisible_characters)."""
    hidden = invisible_characters(text)
    if not hidden:
        return None
    codes = ", ".join(f"U+{ord(c):04X}" for c in dict.fromkeys(hidden[:3]))
    return f"holds invisible characters ({codes}), which make it read differently from what it holds"
