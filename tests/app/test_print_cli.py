"""`grassroots print …` as real processes: each document written, exit codes 0, 1 (list refused, unfinalized),
2 (someone left out, the others printed), 64 (usage)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.office import open_office
from app.people.service import create_person
from tests.app.test_cli import run
from tests.app.test_print_support import ACTOR, NOBODY_HAS, build_office, pdf_text
from tests.ids import make_id


def _office(path: Path, *, unprintable: bool = False) -> Path:
    office = open_office(path)
    try:
        ids = build_office(office.db)
        if unprintable:
            person = {
                "role": "community_worker",
                "name": "张" + NOBODY_HAS,
                "id_number": make_id(900),
                "unit_id": 1,
            }
            person_id = create_person(office.db, person, ACTOR).record_id
            from app.appraisal.service import ScoreInput, set_scores

            set_scores(office.db, ids["open"], ScoreInput(person_id, {"work": 80, "test": 80, "satisfaction": 80}),
                       ACTOR)  # fmt: skip
    finally:
        office.close(backup_if_changed=False)
    return path


@pytest.fixture(scope="module")
def office_db(tmp_path_factory) -> Path:
    return _office(tmp_path_factory.mktemp("print_cli") / "office.db")


def _period(year: str) -> list[str]:
    return ["--scheme", "weighted-top20", "--year", year]


@pytest.mark.parametrize(
    ("document", "period", "title"),
    [
        ("roster", [], "社区工作者花名册"),
        ("ranking", _period("2025"), "2025年度考核排名表"),
        ("sheets", _period("2024"), "考核登记表"),
        ("certificates", _period("2024"), "王一同志"),
        ("scoresheet", _period("2025"), "2025年度考核评分表"),
    ],
)
def test_each_document(office_db, tmp_path, document, period, title):
    out = tmp_path / f"{document}.pdf"
    done = run("print", document, "--db", str(office_db), *period, "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "已生成" in done.stdout and str(out) in done.stdout
    assert title in pdf_text(out)[0]


def test_unfinalized_certificates_exit_1_with_the_reason(office_db, tmp_path):
    done = run(
        "print", "certificates", "--db", str(office_db), *_period("2025"), "--out", str(tmp_path / "c.pdf")
    )
    assert done.returncode == 1
    assert "还没有定稿" in done.stderr and not (tmp_path / "c.pdf").exists()


def test_usage_errors_exit_64(office_db, tmp_path):
    out = str(tmp_path / "x.pdf")
    assert run("print", "ranking", "--db", str(office_db), "--out", out).returncode == 64  # no period
    assert run("print", "roster", "--db", str(office_db), "--out", out, "--blank").returncode == 64
    assert (
        run(
            "print", "ranking", "--db", str(office_db), *_period("2025"), "--out", out, "--order", "pinyin"
        ).returncode
        == 64
    )
    assert run("print", "leaflet", "--db", str(office_db), "--out", out).returncode == 64


def test_missing_period_exits_1(office_db, tmp_path):
    done = run("print", "ranking", "--db", str(office_db), *_period("2019"), "--out", str(tmp_path / "r.pdf"))
    assert done.returncode == 1 and "还没有“2019年度考核" in done.stderr


def test_a_character_no_font_has(tmp_path):
    db = _office(tmp_path / "office.db", unprintable=True)
    name = "张" + NOBODY_HAS
    listed = run("print", "ranking", "--db", str(db), *_period("2025"), "--out", str(tmp_path / "r.pdf"))
    assert listed.returncode == 1 and name in listed.stderr and not (tmp_path / "r.pdf").exists()
    sheets = run("print", "sheets", "--db", str(db), *_period("2025"), "--out", str(tmp_path / "s.pdf"))
    assert (
        sheets.returncode == 2 and name in sheets.stderr and name not in sheets.stdout
    )  # as the README says
    assert len(pdf_text(tmp_path / "s.pdf")) == 6


def test_roster_columns_by_name(office_db, tmp_path):
    out = tmp_path / "r.pdf"

    def roster(columns: str):
        return run("print", "roster", "--db", str(office_db), "--out", str(out), "--columns", columns)

    done = roster("姓名，公民身份号码、联系电话")
    assert done.returncode == 0, done.stderr
    text = pdf_text(out)[0]
    assert "公民身份号码" in text and "联系电话" in text and "工作单位" not in text
    wrong = roster("姓名,籍贯")
    assert wrong.returncode == 64 and "没有“籍贯”这一列" in wrong.stderr  # a mistyped command, not a failure
    assert not wrong.stdout
    more = roster("姓名,专业,参加工作时间,备注")
    assert more.returncode == 0, more.stderr
    assert all(label in pdf_text(out)[0] for label in ("专业", "参加工作时间", "备注"))
    misplaced = run(
        "print", "ranking", "--db", str(office_db), *_period("2025"), "--out", str(out), "--columns", "姓名"
    )
    assert misplaced.returncode == 64
