"""MISSING: the value of a question that has not been answered yet."""
from __future__ import annotations

from typing import Any


class _Missing:
    """Sentinel for "not answered yet"; falsy so `if value:` reads naturally."""

    _instance = None

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "MISSING"

    def __deepcopy__(self, memo):
        return self

    def __copy__(self):
        return self


MISSING: Any = _Missing()


def answered(*values: Any) -> bool:
    """True when none of the values is MISSING."""
    return all(value is not MISSING for value in values)
