"""排名表 ranked in groups: a group's heading stays on the page of its table's header and first rows, never left
as the last line of a page with the table starting on the next."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from app.appraisal.periods import get_period
from app.appraisal.ranking import Ranking, rank_period
from app.appraisal.rules import MISSING
from app.printing.doc_ranking import print_ranking
from app.printing.settings import fonts_for
from db import migrations
from db.connection import open_memory
from tests.app.test_print_support import build_office, pdf_text


@pytest.fixture(scope="module")
def ranked() -> tuple[Ranking, object]:
    db = open_memory()
    migrations.apply(db)
    ids = build_office(db)
    ranking = rank_period(db, get_period(db, ids["open"]), "unit")
    yield ranking, fonts_for(db)
    db.conn.close()


def _named(row, group: str, name: str):
    return replace(row, group=group, member=replace(row.member, name=name))


def _two_groups(ranking: Ranking, first: int) -> Ranking:
    """甲组 of `first` people, then 乙组 of 5, made of the office's ranked rows renamed."""
    top = [r for r in ranking.rows if r.result.grade]
    rows = [_named(top[i % len(top)], "甲组", f"甲{chr(0x4E00 + i)}") for i in range(first)]
    rows += [_named(top[i], "乙组", f"乙{chr(0x4E00 + i)}") for i in range(5)]
    return replace(ranking, rows=rows)


def test_a_groups_heading_is_on_the_page_of_its_tables_first_rows(ranked, tmp_path):
    ranking, fonts = ranked
    pages_seen = set()
    # As the first group grows, the room left under it on page 1 passes through every height: one of them holds
    # the second group's heading but not its table.
    for first in range(8, 24):
        out = tmp_path / f"r{first}.pdf"
        print_ranking(
            _two_groups(ranking, first), out, fonts, office="武侯区委组织部", today=dt.date(2026, 1, 5)
        )
        texts = pdf_text(out)
        pages_seen.add(len(texts))
        (page,) = [t for t in texts if "乙组（共 5 人）" in t]
        heading = page.index("乙组（共 5 人）")
        for name in (f"乙{chr(0x4E00 + i)}" for i in range(3)):
            assert name in page[heading:], (first, page)  # the header row and the first rows under it
        assert "名次" in page[heading:]
    assert pages_seen == {1, 2}  # both sides of the page's end were tried


def _unranked(row, name: str):
    result = row.result._replace(grade=None, place=None, flags=(MISSING,), why="缺工作考核的分数 → 待补录")
    return replace(_named(row, "乙组", name), result=result)


def test_the_unranked_label_and_heading_stay_with_their_table(ranked, tmp_path):
    """A group of people none of whom is ranked: its heading, 未列入排名 and the table's first rows together."""
    ranking, fonts = ranked
    pages_seen = set()
    for first in range(8, 24):
        top = [r for r in ranking.rows if r.result.grade]
        rows = [_named(top[i % len(top)], "甲组", f"甲{chr(0x4E00 + i)}") for i in range(first)]
        rows += [_unranked(top[i], f"乙{chr(0x4E00 + i)}") for i in range(5)]
        out = tmp_path / f"u{first}.pdf"
        print_ranking(replace(ranking, rows=rows), out, fonts, office="", today=dt.date(2026, 1, 5))
        texts = pdf_text(out)
        pages_seen.add(len(texts))
        (page,) = [t for t in texts if "乙组（共 5 人）" in t]
        rest = page[page.index("乙组（共 5 人）") :]
        assert "未列入排名（5 人）" in rest, (first, page)
        rest = rest[rest.index("未列入排名") :]
        assert all(f"乙{chr(0x4E00 + i)}" in rest for i in range(3)), (first, page)
    assert pages_seen == {1, 2}
