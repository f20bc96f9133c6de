"""The living roster (not in the recycle bin) read whole, as the imports look their rows' people up."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

# NOT INDEXED: given `deleted_at IS NULL`, SQLite walks the partial index of living ID numbers and looks every row
# up in the table — twice as slow for an office of 10,000 as reading the table through once.
LIVING_PEOPLE = "FROM people NOT INDEXED WHERE deleted_at IS NULL"


def by_id_number(db: Database, *columns: str) -> dict[str, tuple[Any, ...]]:
    """Living people by ID number: (id, name, *columns) each, in one pass over the table."""
    selected = ", ".join(("id_number", "id", "name", *columns))
    return {row[0]: row[1:] for row in db.conn.execute(f"SELECT {selected} {LIVING_PEOPLE}")}
