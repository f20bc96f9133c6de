"""A 街道 column beside the 社区 column: many rosters write the street and the community apart. The two are read
together as the person's unit, "街道 / 社区" (the path form units_match reads), so that 玉林社区 under two streets
are two communities, and a person with no community is placed in the street itself."""

from __future__ import annotations

from app.exchange.columns import normalize_label

_STREET_LABELS = frozenset(
    normalize_label(label)
    for label in (
        "街道", "所在街道", "所属街道", "街道名称", "街道（镇）", "街道（乡镇）", "乡镇（街道）", "街镇", "镇街",
        "乡镇", "乡镇街道", "街道乡镇", "所在乡镇", "所在镇街", "所属乡镇",
    )
)  # fmt: skip


def street_column(headers: list[str], mapping: dict[int, str]) -> int | None:
    """The column of a 街道 header the mapping leaves unread, when the file has a 工作单位 (社区) column too."""
    if "unit" not in mapping.values():
        return None
    return next(
        (i for i, text in enumerate(headers) if i not in mapping and normalize_label(text) in _STREET_LABELS),
        None,
    )


def _is_blank(value: object) -> bool:
    return value is None or not str(value).strip()


def join_street(rows: list[list[object]], street: int, unit: int) -> None:
    """Each row's unit cell as "街道 / 社区", or the street alone when the community is blank. In place."""
    for cells in rows:
        if street >= len(cells) or unit >= len(cells) or _is_blank(cells[street]):
            continue
        place = str(cells[street]).strip()
        cells[unit] = place if _is_blank(cells[unit]) else f"{place} / {str(cells[unit]).strip()}"


def street_notice(headers: list[str], street: int, unit: int) -> str:
    return f"“{headers[street]}”列与“{headers[unit]}”列合起来读作工作单位（街道 / 社区）"
