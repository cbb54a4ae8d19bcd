"""Where a redirect may go when the address comes from the request (`next`, `return_to`)."""
from __future__ import annotations

from urllib.parse import urlsplit


def local_target(target: str | None, fallback: str, prefix: str = "/") -> str:
    """`target` if it is a path on this site under `prefix`, else `fallback`.

    Refused: another site ("//host", "https://host", or a backslash, which browsers read as a
    slash), and any control character or space. A CR or LF would make the Location header
    invalid, so the server would fail after the action was done, and a retry would do it twice.
    """
    if not isinstance(target, str) or not target.startswith(prefix) or not target.isprintable():
        return fallback
    if " " in target or "\\" in target or target.startswith("//"):
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return fallback
    return target
