"""Helpers for bulk work over every row of a file."""

from __future__ import annotations

import atexit
import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused while a bulk step makes objects by the hundred thousand (rows,
    plans, records) and no reference cycles: each full collection would walk all of them again, and a
    10,000-row import spent a fifth of a second in collections. Reference counting still frees everything."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if not gc.get_freeze_count():
                # What the step made and kept goes straight to the oldest generation (freeze, then unfreeze:
                # both documented, neither walks the objects) instead of all being walked by the young
                # collection that would follow at once (0.04 s after a 10,000-row import).
                gc.freeze()
                gc.unfreeze()
            gc.enable()


_AT_EXIT: list[bool] = []


def no_collection_at_exit() -> None:
    """Let the interpreter end without walking every object left (the pinyin word list, every module) in the
    full collections of its shutdown: 0.12 s of a command-line import, for nothing, since what the import made is
    freed by reference counting as it goes. `gc.freeze` at exit moves what is left out of the collector's sight;
    it is still freed as the modules go. Registered once per process."""
    if not _AT_EXIT:
        _AT_EXIT.append(True)
        atexit.register(gc.freeze)
