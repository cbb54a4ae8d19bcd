"""Files the app hands out: their names in the Content-Disposition header.

A header travels as Latin-1 at best; a plan named "Ωmega plan" or "日本語" written into it as it is
makes the server fail before the answer leaves (the browser gets nothing). The header therefore
carries an ASCII name every browser understands, and the real name in RFC 5987's `filename*`
(UTF-8, percent-encoded), which current browsers prefer.
"""
from __future__ import annotations

import unicodedata
from urllib.parse import quote

# Characters no file name should carry on any system the downloads end up on.
_NOT_IN_NAMES = set('\\/:*?"<>|')


def download_name(name: str, suffix: str = "") -> str:
    """A file name made from a plan's name: no control characters or path separators, at most 80
    characters before the suffix (such as "-checklist.md")."""
    cleaned = "".join("-" if c in _NOT_IN_NAMES or not c.isprintable() else c for c in name).strip(" .-")
    return (cleaned[:80].rstrip(" .-") or "plan") + suffix


def ascii_name(name: str) -> str:
    """The same name in ASCII letters, digits, dots, hyphens and underscores ("Ωmega plan" -> "mega-plan")."""
    decomposed = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    kept = "".join(c if c.isalnum() or c in "-_." else "-" for c in decomposed)
    while "--" in kept:
        kept = kept.replace("--", "-")
    stem, dot, extension = kept.strip("-").rpartition(".")
    if not dot:
        return kept.strip("-.") or "plan"
    return f"{stem.strip('-.') or 'plan'}.{extension}"


def attachment(name: str, suffix: str = "") -> dict[str, str]:
    """The Content-Disposition header for a download named after `name`, plus `suffix`."""
    real = download_name(name, suffix)
    return {"Content-Disposition": f"attachment; filename=\"{ascii_name(real)}\"; "
                                   f"filename*=UTF-8''{quote(real, safe='')}"}
