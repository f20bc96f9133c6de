"""The blank 评分表 and blank 考核登记表 collect a period's scores by hand, so they print for a year without any
score yet (the period not opened): for the people at their post whom the scheme covers, writing nothing."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from app.office import open_office
from app.people.service import create_person, retire_people
from tests.app.test_cli import run
from tests.app.test_print_cli import _office
from tests.app.test_print_support import ACTOR, PEOPLE, pdf_text
from tests.ids import make_id

RETIRED, BINNED = "退休者", "回收者"


@pytest.fixture(scope="module")
def office_db(tmp_path_factory) -> Path:
    path = _office(tmp_path_factory.mktemp("print_blank") / "office.db")
    office = open_office(path)
    try:
        db = office.db
        create_person(db, {"role": "community_worker", "name": RETIRED, "id_number": make_id(801), "unit_id": 1,
                           "status": "退休"}, ACTOR)  # fmt: skip
        binned = create_person(
            db, {"role": "community_worker", "name": BINNED, "id_number": make_id(802), "unit_id": 1}, ACTOR
        ).record_id
        retire_people(db, [binned], ACTOR)
    finally:
        office.close(backup_if_changed=False)
    return path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _print(db: Path, out: Path, document: str, *more: str):
    return run("print", document, "--db", str(db), "--scheme", "weighted-top20", "--year", "2026", *more,
               "--out", str(out))  # fmt: skip


def test_a_blank_score_sheet_for_a_year_without_scores(office_db, tmp_path):
    before = _digest(office_db)
    out = tmp_path / "评分表.pdf"
    done = _print(office_db, out, "scoresheet")
    assert done.returncode == 0, done.stderr
    assert "已生成评分表：6 人" in done.stdout
    text = "".join(pdf_text(out))
    assert text.startswith("2026年度考核评分表")
    assert all(name in text for name, *_ in PEOPLE)
    assert RETIRED not in text and BINNED not in text
    assert _digest(office_db) == before  # the period is not opened: printing writes nothing
    assert not office_db.with_name(office_db.name + "-wal").exists()


def test_blank_sheets_for_a_year_without_scores_by_name(office_db, tmp_path):
    before = _digest(office_db)
    out = tmp_path / "登记表.pdf"
    done = _print(office_db, out, "sheets", "--blank")
    assert done.returncode == 0, done.stderr
    assert "已生成空白考核登记表：6 人，6 页" in done.stdout
    assert "没有名次：按姓氏笔画排列" in done.stdout
    texts = pdf_text(out)
    assert all(t.startswith("2026年度社区工作者考核登记表") for t in texts)
    # 姓氏笔画: 丁(2) 马(3) 王(4) 李(7) 张(7) 欧(8)
    firsts = [next(name for name, *_ in PEOPLE if name in t) for t in texts]
    assert firsts[:3] == ["丁二", "马三", "王一"] and firsts[-1] == "欧阳娜娜木"
    assert not any(RETIRED in t or BINNED in t for t in texts)
    assert _digest(office_db) == before


def test_filled_in_documents_still_need_the_scores(office_db, tmp_path):
    for document, more in (("sheets", ()), ("ranking", ())):
        done = _print(office_db, tmp_path / "x.pdf", document, *more)
        assert done.returncode == 1
        assert "还没有“2026年度考核（加权评价·双达标）”的成绩" in done.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_a_blank_form_for_a_period_the_scheme_has_not_is_refused(office_db, tmp_path):
    quarter = _print(office_db, tmp_path / "x.pdf", "scoresheet", "--quarter", "2")
    assert quarter.returncode == 1 and "不分季度" in quarter.stderr
    unknown = run("print", "scoresheet", "--db", str(office_db), "--scheme", "nosuch", "--year", "2026",
                  "--out", str(tmp_path / "x.pdf"))  # fmt: skip
    assert unknown.returncode == 1 and "没有代码为“nosuch”的考核方案" in unknown.stderr
