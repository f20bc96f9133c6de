"""Which unit a roster's 工作单位 cell means: an existing unit, a new one to create, or an ambiguous name.

Streets write a unit's path in more ways than our "街道 / 社区": run together (浆洗街街道锦绣社区, 武侯区浆洗街街道锦绣
社区) or with a space or a dash (浆洗街街道 锦绣社区, 望江路街道-玉林社区). Such a text means an existing unit when
the names above it are its real parents; for a unit still to be created it is read as a path only when its parts are
named as the levels of China's divisions are (…市, …区/县, …街道/镇/乡, then …社区/村), so that 成都某某科技有限公司
or 浆洗街街道 alone stay one name.

Only when a text names no unit as written are other readings tried: a province or city above the office's top
unit passed over (成都市武侯区…), the organ's word left off (…居委会, 浆洗街街道办, 安仁镇政府), a unit named in
brackets after its parent (跳伞塔街道（棕北社区）). A new unit one character away from an existing one names it
(`similar`), for the dry run to ask about."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlite_utils import Database

from app.exchange.cells import unit_key, unit_path_parts
from app.units.service import Unit, descendants, list_units, unit_paths


@dataclass(frozen=True)
class NewUnit:
    placeholder: int  # a negative id standing for the unit until it is created
    name: str
    parent_id: int | None  # an existing parent named in the path, or None: under the parent the user picks
    written: str  # as the file wrote it, for the preview
    similar: str | None = None  # an existing unit's path one character away (锦绣社区 for 锦秀社区): a slip?


class UnitMatcher:
    """`scope`: the unit a file comes from (a street sending its communities' roster). A name found inside it
    means the unit there, even if other streets have a unit of the same name; new units go under it."""

    def __init__(self, units: list[Unit], scope: int | None = None):
        self.scope = scope
        self.in_scope = descendants(units, scope) if scope is not None else set()
        self.by_id = {u.id: u for u in units}
        self._shown: dict[int, str] | None = None  # unit_paths, made when a new unit first needs one
        self.by_key: dict[str, list[Unit]] = {}
        for unit in units:
            self.by_key.setdefault(unit_key(unit.name), []).append(unit)
        self.new: dict[tuple[int | None, str], NewUnit] = {}

    def narrow_to(self, scope: int) -> None:
        """Look names up under `scope` first from now on, as if the matcher had been made with it."""
        self.scope = scope
        self.in_scope = descendants(list(self.by_id.values()), scope)

    def narrow_to_new(self, name: str) -> None:
        """A scope the office does not have yet (a 填报单位 line naming a street new to it): the street is created,
        and the file's new units go under it."""
        placeholder = self._new_unit(_to_create([name]), name)
        self.scope, self.in_scope = placeholder, set()

    def path_of(self, unit_id: int) -> str:
        return self._path(self.by_id[unit_id])

    @classmethod
    def load(cls, db: Database, scope: int | None = None) -> UnitMatcher:
        return cls(list_units(db), scope)

    def resolve(self, text: str) -> int:
        """The unit id for `text` (negative for a unit still to be created); ValueError if ambiguous."""
        parts, candidates = self._read(text)
        if not parts:
            raise ValueError("工作单位不能为空")
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
        parts = _to_create(parts)
        planned = self._planned(parts)
        return planned if planned is not None else self._new_unit(parts, text)

    def depth(self, text: str) -> int:
        """How many levels of path `text` writes, as resolve reads it (浆洗街街道锦绣社区: 2; a unit to create
        as it would be created: 浆洗街街道玉林社区党委, 2)."""
        parts, found = self._read(text)
        return len(parts if found or not parts else _to_create(parts))

    def candidates(self, text: str) -> list[int]:
        """The existing units `text` could mean (several when the name is ambiguous)."""
        return [u.id for u in self._read(text)[1]]

    def _read(self, text: str) -> tuple[list[str], list[Unit]]:
        """_read_path, and failing that the other readings of _other_readings, the first that names a unit."""
        parts, found = self._read_path(text)
        if found or not text:
            return parts, found
        for other in _other_readings(str(text).strip()):
            if (again := self._read(other))[1]:  # each reading drops an organ or a bracket pair: this ends
                return again
        return parts, found

    def _read_path(self, text: str) -> tuple[list[str], list[Unit]]:
        """The path `text` writes (names from the top down) and the existing units it can mean. A text that
        means no unit as written is read again as a path run together or spaced (see the module's text)."""
        parts = [p for p in unit_path_parts(text) if p]
        found = self._existing(parts)
        if not found and len(parts) > 1:
            found = self._under_written_parent(parts)
        if found or len(parts) != 1:
            return parts, found
        spaced = [p for p in _SEPARATORS.split(parts[0]) if p]
        if len(spaced) > 1 and (found := self._existing(spaced)):
            return spaced, found
        joined = self._joined(parts[0])
        if joined:
            return [joined[0].name], joined  # ambiguous only if two units have the same path, names and all
        if len(spaced) > 1 and _looks_like_path(spaced):
            return spaced, []
        return _division_path(parts[0]) or parts, []

    def _existing(self, parts: list[str]) -> list[Unit]:
        """The units `parts` names; failing that, a street named without 街道 (浆洗街)."""
        if not parts:
            return []
        found = self._named(parts)
        if not found and not parts[-1].endswith(_LEVELS) and _can_shorten(parts[-1] + _STREET):
            found = self._named([*parts[:-1], parts[-1] + _STREET])
        return found

    def _named(self, parts: list[str]) -> list[Unit]:
        return [u for u in self.by_key.get(unit_key(parts[-1]), []) if self._ancestors_match(u, parts[:-1])]

    def _joined(self, text: str) -> list[Unit]:
        """The existing units `text` names with some of their parents' names run together before their own
        (浆洗街街道锦绣社区): every character accounted for, nearest parent last."""
        key = unit_key(text)
        found = []
        for start in range(1, len(key)):
            for unit in self.by_key.get(key[start:], []):
                rest, parent = key[:start], self.by_id.get(unit.parent_id) if unit.parent_id else None
                while rest and parent is not None and (written := _written_as(rest, parent.name)):
                    rest = rest[: -len(written)]
                    parent = self.by_id.get(parent.parent_id) if parent.parent_id else None
                if not rest or (parent is None and _higher_divisions([rest])):  # 成都市 above the top unit
                    found.append(unit)
        return found

    def _planned(self, parts: list[str]) -> int | None:
        """A unit this file already creates that `parts` names (its name, and its parents' if written): so that
        锦官驿社区 is the one 浆洗街街道锦官驿社区 made, not a second one."""
        key = unit_key(parts[-1])
        found = [
            n for n in self.new.values() if unit_key(n.name) == key and self._new_parents_match(n, parts[:-1])
        ]
        if len(found) > 1:  # two new 北门社区 under two new streets: the plain name could be either
            where = "、".join(n.written for n in found[:4])
            raise ValueError(
                f"本表将新建 {len(found)} 个名为“{parts[-1]}”的单位（{where}），请写成“街道 / 社区”的形式以便区分"
            )
        return found[0].placeholder if found else None

    def _new_parents_match(self, unit: NewUnit, ancestors: list[str]) -> bool:
        """_ancestors_match for a unit still to be created: its parents may be new too, or existing units."""
        parent, names = unit.parent_id, list(ancestors)
        while names:
            if parent is None:
                return False
            if parent >= 0:  # an existing unit: it and its own parents carry the rest of the names
                existing = self.by_id.get(parent)
                return (
                    existing is not None
                    and unit_key(existing.name) == unit_key(names[-1])
                    and self._ancestors_match(existing, names[:-1])
                )
            new = next((n for n in self.new.values() if n.placeholder == parent), None)
            if new is None or unit_key(new.name) != unit_key(names[-1]):
                return False
            parent, names = new.parent_id, names[:-1]
        return True

    def _ancestors_match(self, unit: Unit, ancestors: list[str]) -> bool:
        """True if the parents written before the unit's name are its real parents (nearest last); names left
        above the top unit must be the province or city the office lies in (成都市 / 武侯区 / …)."""
        current = unit
        for index in range(len(ancestors) - 1, -1, -1):
            parent = self.by_id.get(current.parent_id) if current.parent_id else None
            if parent is None:
                return _higher_divisions(ancestors[: index + 1])
            if not _same_name(parent.name, ancestors[index]):
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
            # A path read from a text run together or spaced is shown as the path the unit will have.
            shown = written if len(parts) == len(unit_path_parts(written)) else " / ".join(parts)
            if len(parts) == 1 and parent_id is not None and parent_id == self.scope:
                shown = f"{self._shown_path(parent_id)} / {parts[-1]}"  # goes under the street it comes from
            similar = self._similar(parts[-1], parent_id)
            self.new[key] = NewUnit(-(len(self.new) + 1), parts[-1], parent_id, shown, similar)
        return self.new[key].placeholder

    def _under_written_parent(self, parts: list[str]) -> list[Unit]:
        """武侯区玉林街道 / 双楠社区居委会 (a 街道 column written its own way beside the 社区 column): the parent path
        read as any unit text is, then the unit under it."""
        parents = self._read(" / ".join(parts[:-1]))[1]
        child = self._child_named(parents[0].id, parts[-1]) if len(parents) == 1 else None
        return [child] if child is not None else []

    def _child_named(self, parent_id: int, name: str) -> Unit | None:
        """The existing unit under `parent_id` that `name` names, as written or without its organ's word."""
        for key in dict.fromkeys((unit_key(name), unit_key(_without_organ(name)))):
            for unit in self.by_key.get(key, []):
                if unit.parent_id == parent_id:
                    return unit
        return None

    def _similar(self, name: str, parent_id: int | None) -> str | None:
        """The path of an existing unit whose name is one character away from `name` (锦绣社区 for 锦秀社区), one
        under the same parent first, then one in the scope. Only for a new unit: the usual match never comes here."""
        key = unit_key(name)
        if len(key) < 3:  # 东区 and 西区 are one character apart and nothing alike
            return None
        near = [unit for other, units in self.by_key.items() if _one_apart(key, other) for unit in units]
        if not near:
            return None
        near.sort(key=lambda u: (u.parent_id != parent_id, u.id not in self.in_scope))
        return self._shown_path(near[0].id)

    def _shown_path(self, unit_id: int) -> str:
        """A unit's path as the screens show it (the office's own district left out)."""
        if unit_id < 0:  # a unit this file creates (a new street it comes from)
            return next(n.written for n in self.new.values() if n.placeholder == unit_id)
        if self._shown is None:
            self._shown = unit_paths(list(self.by_id.values()))
        return self._shown[unit_id]

    def _path(self, unit: Unit) -> str:
        names, current = [], unit
        while current is not None:
            names.append(current.name)
            current = self.by_id.get(current.parent_id) if current.parent_id else None
        return " / ".join(reversed(names))

    def scoped_path(self, text: str) -> str | None:
        """The path of the unit a plain name (玉林社区) means only because of the scope (本表来自, a 填报单位
        line): one of several of that name, or a new unit to go under the scope. None when the name says as much
        without the scope, or is not a plain name, or names nothing (ambiguous still)."""
        if self.scope is None or self.depth(text) != 1:
            return None
        try:
            unit_id = self.resolve(text)
        except ValueError:
            return None
        if unit_id < 0:
            new = next(n for n in self.new.values() if n.placeholder == unit_id)
            return new.written if new.parent_id is not None else None
        return self._shown_path(unit_id) if self.candidates(text) != [unit_id] else None

    def new_units(self) -> list[NewUnit]:
        return sorted(self.new.values(), key=lambda n: -n.placeholder)

    def new_unit_names(self) -> list[str]:
        return [n.written for n in self.new_units()]


def describe_new(unit: NewUnit) -> str:
    """A new unit as the dry run lists it: 锦秀社区（与已有的“浆洗街街道 / 锦绣社区”只差一个字，请核对）; under
    the name it will have when the file wrote more (玉林社区（表中写作“玉林社区居委会”）: the organ's word goes)."""
    last = [part for part in re.split(r"[/／]|" + _SEPARATORS.pattern, unit.written.strip()) if part][-1:]
    shown = unit.written if last == [unit.name] else f"{unit.name}（表中写作“{unit.written}”）"
    return shown + (f"（与已有的“{unit.similar}”只差一个字，请核对）" if unit.similar else "")


# A space, a dash or a list mark between the levels of a path (浆洗街街道 锦绣社区, 望江路街道-玉林社区,
# 浆洗街街道、锦绣社区), as people type it.
_SEPARATORS = re.compile(r"\s+|[-－—–>＞›»\\|｜、，,]+")
# The words after a unit's name that name its organ rather than another unit: 玉林社区居委会 is 玉林社区.
_ORGANS = ("居民委员会", "居委会", "村民委员会", "村委会", "党委", "党工委", "党总支", "党支部", "办事处")
# Organs named only after their level's word: 浆洗街街道办 (街道办事处), 安仁镇政府, 黄水乡人民政府.
_LEVEL_ORGANS = (("街道", "办"), ("镇", "人民政府"), ("镇", "政府"), ("乡", "人民政府"), ("乡", "政府"))
# A unit's name with another in brackets after it: 跳伞塔街道（棕北社区）, 致民社区（居委会）. Brackets are
# full-width or half-width; the last pair is read.
_BRACKETED = re.compile(r"(.+?)\s*[(（]\s*([^()（）]+?)\s*[)）]\s*")
# Divisions above a district, run together or not: 成都市, 四川省成都市, 阿坝藏族羌族自治州 (…州), 广西壮族自治区.
_HIGHER = re.compile(r"(?:.{2,}?(?:省|自治区|市|州))+")
_STREET = "街道"
_LEVELS = ("社区", "村", "街道", "镇", "乡", "区", "县", "市")


def _without_organ(name: str) -> str:
    for organ in _ORGANS:
        if name.endswith(organ) and len(name) - len(organ) >= 3:
            return name[: -len(organ)]
    for level, organ in _LEVEL_ORGANS:
        if name.endswith(level + organ) and len(name) - len(organ) >= 3:
            return name[: -len(organ)]
    return name


def _to_create(parts: list[str]) -> list[str]:
    """The path a unit no existing one matches is created as: each level without its organ's word (玉林社区居委会,
    玉林社区（居委会）, 浆洗街道办事处), and a name run together with its street's (浆洗街街道玉林社区党委) split into
    street and community. What is not a division's name once its organ's word is off (某某科技有限公司党支部) stays
    as written, and so does a new name in brackets after a street (跳伞塔街道（新华社区）: not read as a path)."""
    if len(parts) > 1:
        return [_division_name(part) for part in parts]
    name = _division_name(parts[0])
    return _division_path(name) or [name]


def _division_name(name: str) -> str:
    """玉林社区居委会, 玉林社区（居委会）, 浆洗街道办事处 → 玉林社区, 玉林社区, 浆洗街道: the division its organ's word
    names, when that leaves a division's name (…社区, …村, …街道, …镇, …乡, …区, …县, …市)."""
    bracketed = _BRACKETED.fullmatch(name)
    if bracketed and _without_organ(bracketed[1] + bracketed[2]) == bracketed[1]:
        plain = bracketed[1]
    else:
        plain = _without_organ(name)
    return plain if plain.endswith(_LEVELS) else name


def _other_readings(text: str) -> list[str]:
    """What a text that names no unit as written may mean: without the organ's word after the name; a unit in
    brackets after its parent, as a path (spaced too, for a parent run together with its own: 武侯区跳伞塔街道
    （棕北社区）); an organ in brackets (致民社区（居委会）), the unit before it."""
    readings = []
    if (plain := _without_organ(text)) != text:
        readings.append(plain)
    if match := _BRACKETED.fullmatch(text):
        name, inside = match.groups()
        if _without_organ(name + inside) == name:
            readings.append(name)
        else:
            readings += [f"{name} / {inside}", f"{name} {inside}"]
    return readings


def _higher_divisions(names: list[str]) -> bool:
    """Whether every name is a province, a city or a prefecture (成都市, 四川省成都市): the divisions above the
    office's top unit a street may write first. Anything else (高新区, 成都) is never passed over."""
    return all(_HIGHER.fullmatch(unit_key(name)) for name in names)


def _one_apart(a: str, b: str) -> bool:
    """Whether b is a with one character changed, added or left out, and that character is no mark of a series
    (东门社区 and 西门社区, 一村 and 二村 are sister units, not a slip)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    short, long = sorted((a, b), key=len)
    i = next((i for i, (x, y) in enumerate(zip(short, long, strict=False)) if x != y), len(short))
    if len(a) == len(b):
        return short[i + 1 :] == long[i + 1 :] and not (short[i] in _SERIES and long[i] in _SERIES)
    return short[i:] == long[i + 1 :] and long[i] not in _SERIES


# The characters that tell sister units apart: directions and ordinals.
_SERIES = frozenset("东南西北中上下前后一二三四五六七八九十0123456789")


def _can_shorten(street: str) -> bool:
    """Whether a street's name is still a name without 街道: 浆洗街街道 → 浆洗街, but not 东街道 → 东."""
    return street.endswith(_STREET) and len(street) - len(_STREET) >= 2


def _same_name(unit_name: str, written: str) -> bool:
    """Whether `written` names the unit: its name, or a street's name without 街道 (浆洗街 for 浆洗街街道)."""
    return unit_key(written) in _keys_of(unit_name)


def _keys_of(unit_name: str) -> tuple[str, ...]:
    key = unit_key(unit_name)
    return (key, key[: -len(_STREET)]) if _can_shorten(key) else (key,)


def _written_as(text_key: str, unit_name: str) -> str:
    """The key `text_key` ends with that names the unit (its name, or a street's short name), or ''."""
    return next((key for key in _keys_of(unit_name) if text_key.endswith(key)), "")


# The words a unit that has units below it ends with, by level: a city, a district or county, a street or town.
_UPPER = ("市", "区", "县", "街道", "镇", "乡")
# A path of divisions run together: the levels in order, each at least two characters before its word (东区社区
# is one community's name, not 东区 › 社区), ending in a community or village — or in a street under a district.
_DIVISIONS = (
    re.compile(r"(.{2,}?市)?(.{2,}?[区县])?(.{2,}?(?:街道|镇|乡))?(.{2,}?(?:社区|村|居委会|村委会))"),
    re.compile(r"(.{2,}?市)?(.{2,}?[区县])(.{2,}?(?:街道|镇|乡))"),
)


def _looks_like_path(parts: list[str]) -> bool:
    """Whether spaced parts read as a path of divisions: every part but the last names a unit with units below."""
    return all(part.endswith(_UPPER) and len(part) > 2 for part in parts[:-1])


def _division_path(text: str) -> list[str] | None:
    """'武侯区浆洗街街道锦官驿社区' -> ['武侯区', '浆洗街街道', '锦官驿社区']; None unless `text` is two or more
    divisions run together."""
    for pattern in _DIVISIONS:
        match = pattern.fullmatch(text)
        if match is not None:
            parts = [part for part in match.groups() if part]
            if len(parts) > 1:
                return parts
    return None
