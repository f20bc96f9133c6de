"""A regular expression compiled when first used. The re module compiles in Python: a pattern of the rare paths
(a formula without its result, a section's heading, a scale in a header) would cost every command's start."""

from __future__ import annotations

import re
from functools import cached_property
from typing import Any


class LazyPattern:
    """Stands in for `re.compile(pattern, flags)`: the methods an import uses, compiled on the first call."""

    def __init__(self, pattern: str | bytes, flags: int = 0):
        self._source, self._flags = pattern, flags

    @cached_property
    def _compiled(self) -> re.Pattern:
        return re.compile(self._source, self._flags)

    def __getattr__(self, name: str) -> Any:  # match, fullmatch, search, finditer, findall, sub …
        return getattr(self._compiled, name)
