"""Plans and their rule reports, kept per stored text for the life of the process.

Every page of a project loads its stored document and checks it; the text only changes on a
save, and several pages (and teammates) read the same revision. The key is the stored text
itself, so a changed plan can never be served from here, whichever worker or session wrote it.
The objects are shared between requests: nothing in the app changes a loaded plan or report
(tests/projects/test_plan_cache.py renders every page and compares them afterwards).
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Callable, Generic, TypeVar

Value = TypeVar("Value")


class TextKeyedCache(Generic[Value]):
    """A small least-recently-used map from stored text to what was worked out from it."""

    def __init__(self, size: int):
        self.size = size
        self._items: OrderedDict[str, Value] = OrderedDict()
        self._lock = threading.Lock()  # gthread workers share the process

    def get(self, text: str, work_out: Callable[[], Value]) -> Value:
        with self._lock:
            if text in self._items:
                self._items.move_to_end(text)
                return self._items[text]
        value = work_out()  # outside the lock: two threads may both work it out, which is harmless
        self.put(text, value)
        return value

    def put(self, text: str, value: Value) -> None:
        with self._lock:
            self._items[text] = value
            self._items.move_to_end(text)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
