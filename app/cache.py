"""What the app works out from stored data, kept per worker process while that data is unchanged.

Every key holds the stored data itself (a plan's text, not its revision number), so a change made
by any worker or session can never be answered from here: it simply makes a new key. Users:
`Project.plan` and `Project.report` (app/storage/models.py) and the rendered step forms
(app/web/wizard/page_cache.py). Cached objects are shared between requests, so nothing may change
them; tests/projects/test_plan_cache.py renders every page and compares them afterwards.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Callable, Generic, Hashable, TypeVar

Value = TypeVar("Value")


class LruCache(Generic[Value]):
    """A small least-recently-used map from stored data to what was worked out from it."""

    def __init__(self, size: int):
        self.size = size
        self._items: OrderedDict[Hashable, Value] = OrderedDict()
        self._lock = threading.Lock()  # gthread workers share the process

    def get(self, key: Hashable, work_out: Callable[[], Value]) -> Value:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = work_out()  # outside the lock: two threads may both work it out, which is harmless
        self.put(key, value)
        return value

    def put(self, key: Hashable, value: Value) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
