"""`grassroots print course-certificates|signin|attendance --course NAME`: the course found however its name was
typed — other brackets, full- or half-width characters, spaces — as the training import finds it; two courses
that differ only so refused, both named; a name that finds none answered with the near names the import offers."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import build_parser, run_command
from app.office import open_office
from tests.app.test_print_support import build_office, pdf_text
from tests.app.test_training_documents import attend, new_course

FIRST = "2026年社区工作者全员轮训（第一期）"


@pytest.fixture(scope="module")
def office_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("print_course_names") / "office.db"
    office = open_office(path)
    try:
        ids = build_office(office.db)
        first = new_course(office.db, FIRST, "2026-03-02", "2026-03-06", "专题培训")
        attend(office.db, first, ids["people"][:2])
        new_course(office.db, "2026年社区工作者全员轮训（第二期）", "2026-04-06", "2026-04-10", "专题培训")
        # The course form refuses only the very same name: two courses may differ only in their brackets.
        for name, start, end in (("2025年入门班(一)", "2025-03-02", "2025-03-03"),
                                 ("2025年入门班（一）", "2025-05-02", "2025-05-03")):  # fmt: skip
            attend(office.db, new_course(office.db, name, start, end), ids["people"][:1])
    finally:
        office.close(backup_if_changed=False)
    return path


def _print(office_db: Path, out: Path, *args: str) -> int:
    argv = ["print", "attendance", "--db", str(office_db), "--out", str(out), *args]
    return run_command(build_parser().parse_args(argv))


@pytest.mark.parametrize(
    "args",
    [
        ["--course", "2026年社区工作者全员轮训(第一期)"],  # half-width brackets
        ["--course", "２０２６年社区工作者全员轮训 （第一期） "],  # full-width digits, spaces
        ["--course", "2026 年社区工作者全员轮训[第一期]"],
        ["--course", "社区工作者全员轮训(第一期)", "--year", "2026"],  # the year left to --year
    ],
    ids=["half-width", "full-width-spaces", "square", "year-apart"],
)
def test_a_course_typed_another_way_is_found(office_db, tmp_path, capsys, args):
    out = tmp_path / "a.pdf"
    assert _print(office_db, out, *args) == 0, capsys.readouterr().err
    assert f"{FIRST}参训名单" in pdf_text(out)[0].replace("\n", "")


def test_another_year_is_still_refused(office_db, tmp_path, capsys):
    out = tmp_path / "a.pdf"
    assert _print(office_db, out, "--course", "2026年社区工作者全员轮训(第一期)", "--year", "2025") == 1
    assert f"培训班“{FIRST}”在 2026 年，不是 2025 年" in capsys.readouterr().err
    assert not out.exists()


def test_two_courses_typed_alike_are_refused_and_named(office_db, tmp_path, capsys):
    out = tmp_path / "a.pdf"
    assert _print(office_db, out, "--course", "2025年入门班 〔一〕") == 1
    err = capsys.readouterr().err
    assert "只差括号、空格或全角半角的有 2 个" in err
    assert "“2025年入门班(一)”（入门，2025-03-02—2025-03-03" in err
    assert "“2025年入门班（一）”（入门，2025-05-02—2025-05-03" in err
    assert "请写明其中一个的准确名称（--course）" in err
    assert not out.exists()


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (["--course", "2025年入门班(一)"], "2025年入门班(一)"),
        (["--course", "2025年入门班（一）"], "2025年入门班（一）"),
        (["--course", "入门班（一）", "--year", "2025"], "2025年入门班（一）"),
    ],
)
def test_the_exact_name_is_taken_beside_one_typed_alike(office_db, tmp_path, capsys, args, name):
    out = tmp_path / "a.pdf"
    assert _print(office_db, out, *args) == 0, capsys.readouterr().err
    assert f"{name}参训名单" in pdf_text(out)[0].replace("\n", "")


def test_a_name_one_character_away_is_suggested_as_the_import_does(office_db, tmp_path, capsys):
    out = tmp_path / "a.pdf"
    assert _print(office_db, out, "--course", "2026年社区工作者全员轮训(第三期)") == 1
    err = capsys.readouterr().err
    assert "没有名为“2026年社区工作者全员轮训(第三期)”的培训班" in err
    assert (
        "名称相近的有：“2026年社区工作者全员轮训（第二期）”（专题培训，2026-04-06—2026-04-10，40 学时；名称只差一个字）"
        in err
    )
    assert (
        "“2026年社区工作者全员轮训（第一期）”（专题培训，2026-03-02—2026-03-06，40 学时；名称只差一个字）"
        in err
    )
    assert not out.exists()


def test_next_years_course_is_no_typo(office_db, tmp_path, capsys):
    """'2025年…' beside '2026年…' is another year's course, not one character mistyped (as in the import)."""
    assert _print(office_db, tmp_path / "a.pdf", "--course", "2025年社区工作者全员轮训(第一期)") == 1
    err = capsys.readouterr().err
    assert "名称相近" not in err and "查看培训班名称" in err


def test_part_of_a_name_is_suggested(office_db, tmp_path, capsys):
    assert _print(office_db, tmp_path / "a.pdf", "--course", "全员轮训（第二期)") == 1
    err = capsys.readouterr().err
    assert (
        "名称相近的有：“2026年社区工作者全员轮训（第二期）”（专题培训，2026-04-06—2026-04-10，40 学时；"
        in err
    )
