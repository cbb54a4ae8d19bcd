"""Numbers as they arrive in a request (row indexes, revision numbers)."""
from __future__ import annotations


def plain_number(text) -> int | None:
    """A row index or revision number as posted, or None.

    Only plain ASCII digits, at most nine: str.isdigit() also accepts "²" or "①", which int() refuses,
    and a longer number would not fit the database's integers.
    """
    if isinstance(text, str) and text.isascii() and text.isdigit() and len(text) <= 9:
        return int(text)
    return None
