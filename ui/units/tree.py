"""The unit tree both the 组织单位 page and its dialogs fill: one item per unit, its id in UserRole."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem

from app.units.service import Unit, children_map

ID_ROLE = Qt.ItemDataRole.UserRole


def fill_tree(
    tree: QTreeWidget, units: list[Unit], *, skip: set[int] = frozenset()
) -> dict[int, QTreeWidgetItem]:
    """Put `units` into `tree` as items (name in column 0, id in UserRole); returns id -> item."""
    by_id = {u.id: u for u in units}
    kids = children_map(units)
    items: dict[int, QTreeWidgetItem] = {}

    def add(unit: Unit, parent_item: QTreeWidgetItem | None) -> None:
        if unit.id in skip or unit.id in items:
            return
        item = QTreeWidgetItem([unit.name])
        item.setData(0, ID_ROLE, unit.id)
        if parent_item is None:
            tree.addTopLevelItem(item)
        else:
            parent_item.addChild(item)
        items[unit.id] = item
        for child in kids.get(unit.id, []):
            add(child, item)

    for unit in units:
        # Top-level units, and any unit whose parent is not living (defensive: shown at the top).
        if unit.parent_id is None or unit.parent_id not in by_id:
            add(unit, None)
    return items
