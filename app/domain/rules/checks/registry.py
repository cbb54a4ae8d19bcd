"""The registry of checks: `@check` files a function under its own name, which the catalog names."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable

from app.domain.plan.model import Plan


@dataclass(frozen=True)
class Hit:
    subject: str
    params: dict = field(default_factory=dict)


Check = Callable[[Plan], Iterable[Hit]]
CHECKS: dict[str, Check] = {}


def check(function: Check) -> Check:
    CHECKS[function.__name__] = function
    return function
