"""How the domain writes values for people: placeholders for what is unanswered, lists, labels.

Shared by the runbook, the diagram and the rule messages so a value reads the same everywhere.
An unanswered value is shown as a visible placeholder such as "[cluster IP not answered]",
never as an error: every reader of an incomplete plan still gets its text.
"""
from __future__ import annotations

from typing import Any

from app.domain import versions
from app.domain.plan import vocab


def shown(value: Any, what: str) -> str:
    """The value as text, or a placeholder naming what is still unanswered."""
    if isinstance(value, str) and value.strip():
        return value.strip()
    if isinstance(value, bool) or value is None or isinstance(value, str) or not isinstance(value, (int, float)):
        return f"[{what} not answered]"
    return str(value)


def shown_list(values: Any, what: str, empty: str) -> str:
    """A list as "A, B"; `empty` when answered but empty, a placeholder when unanswered."""
    if not isinstance(values, (list, tuple)):
        return f"[{what} not answered]"
    texts = [shown(v, what) for v in values]
    return ", ".join(texts) if texts else empty


def join_words(words: list[str]) -> str:
    """["A", "B", "C"] -> "A, B and C"."""
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def exchange_label(version: str | None, cluster_type: str | None) -> str:
    if version is None:
        return "Exchange [version not answered]"
    return f"Exchange {version}" + (f" {cluster_type.upper()}" if cluster_type else "")


def windows_label(version: str | None, edition: str | None) -> str:
    """The product's name ("Windows 2000 Advanced Server"); the release alone while the edition is
    unanswered."""
    if version is None:
        return "Windows [version not answered]"
    return versions.windows_product(version, edition) or vocab.WINDOWS_VERSION_LABELS[version]


def quorum_text(kind: str | None, disk: str | None, witness: str | None) -> str:
    """The quorum in words, with its disk or file share witness."""
    if kind is None:
        return "[quorum type not answered]"
    text = vocab.QUORUM_LABELS[kind]
    if kind in ("disk", "node-disk-majority"):
        text += f", on disk {disk or '[quorum disk not planned]'}"
    if witness:
        text += f", file share witness {witness}"
    return text


INTERCONNECT_LABELS = {"scsi": "SCSI", "fibre-channel": "Fibre Channel", "iscsi": "iSCSI", "sas": "SAS"}


def plural(count: int, noun: str) -> str:
    """"1 storage group", "2 storage groups"."""
    return f"{count} {noun}" + ("" if count == 1 else "s")
