"""Which unit a roster's 工作单位 cell means: an existing unit, a new one to create, or an ambiguous name."""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from app.exchange.cells import unit_key, unit_path_parts
from app.units.service import Unit, descendants, list_units


@dataclass(frozen=True)
class NewUnit:
    placeholder: int  # a negative id standing for the unit until it is created
    name: str
    parent_id: int | None  # an existing parent named in the path, or None: under the parent the user picks
    written: str  # as the file wrote it, for the preview


class UnitMatcher:
    """`scope`: the unit a file comes from (a street sending its communities' roster). A name found inside it
    means the unit there, even if other streets have a unit of the same name; new units go under it."""

    def __init__(self, units: list[Unit], scope: int | None = None):
        self.scope = scope
        self.in_scope = descendants(units, scope) if scope is not None else set()
        self.by_id = {u.id: u for u in units}
        self.by_key: dict[str, list[Unit]] = {}
        for unit in units:
            self.by_key.setdefault(unit_key(unit.name), []).append(unit)
        self.new: dict[tuple[int | None, str], NewUnit] = {}

    @classmethod
    def load(cls, db: Database, scope: int | None = None) -> UnitMatcher:
        return cls(list_units(db), scope)

    def resolve(self, text: str) -> int:
        """The unit id for `text` (negative for a unit still to be created); ValueError if ambiguous."""
        parts = [p for p in unit_path_parts(text) if p]
        if not parts:
            raise ValueError("工作单位不能为空")
        candidates = [
            u for u in self.by_key.get(unit_key(parts[-1]), []) if self._ancestors_match(u, parts[:-1])
        ]
        scoped = [u for u in candidates if u.id in self.in_scope]
        if scoped:
            candidates = scoped
        if len(candidates) == 1:
            return candidates[0].id
        if len(candidates) > 1:
            where = "、".join(self._path(u) for u in candidates[:4])
            raise ValueError(
                f"有 {len(candidates)} 个名为“{parts[-1]}”的单位（{where}），请写成“街道 / 社区”的形式以便区分"
            )
        return self._new_unit(parts, text)

    def candidates(self, text: str) -> list[int]:
        """The existing units `text` could mean (several when the name is ambiguous)."""
        parts = [p for p in unit_path_parts(text) if p]
        if not parts:
            return []
        return [
            u.id for u in self.by_key.get(unit_key(parts[-1]), []) if self._ancestors_match(u, parts[:-1])
        ]

    def _ancestors_match(self, unit: Unit, ancestors: list[str]) -> bool:
        """True if the parents written before the unit's name are its real parents (nearest last)."""
        current = unit
        for name in reversed(ancestors):
            parent = self.by_id.get(current.parent_id) if current.parent_id else None
            if parent is None or unit_key(parent.name) != unit_key(name):
                return False
            current = parent
        return True

    def _new_unit(self, parts: list[str], written: str) -> int:
        parent_id = self.scope
        if len(parts) > 1:
            try:
                parent_id = self.resolve(" / ".join(parts[:-1]))
            except ValueError:
                parent_id = self.scope
        key = (parent_id, unit_key(parts[-1]))
        if key not in self.new:
            self.new[key] = NewUnit(-(len(self.new) + 1), parts[-1], parent_id, written)
        return self.new[key].placeholder

    def _path(self, unit: Unit) -> str:
        names, current = [], unit
        while current is not None:
            names.append(current.name)
            current = self.by_id.get(current.parent_id) if current.parent_id else None
        return " / ".join(reversed(names))

    def new_units(self) -> list[NewUnit]:
        return sorted(self.new.values(), key=lambda n: -n.placeholder)

    def new_unit_names(self) -> list[str]:
        return [n.written for n in self.new_units()]
