"""`grassroots print` of the training documents as real processes: each document written and read back; a
course found by its name or by the year and the name after it; exit 1 when nothing can be printed (no such
course, person or round, no certificate numbers, a list with a character no font has), 2 when a certificate was
left out and the others printed, 64 for options that do not belong together."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.office import open_office
from tests.app.test_cli import run
from tests.app.test_print_support import NOBODY_HAS, pdf_text
from tests.app.test_training_documents import _unprintable, build_training, confirmed_round
from tests.ids import make_id

COURSE = "2026年社区工作者入门培训班"


def _office(path: Path, *, unprintable: bool = False) -> Path:
    office = open_office(path)
    try:
        ids = build_training(office.db)
        confirmed_round(office.db, ids)
        if unprintable:
            from app.training import enrolments

            _unprintable(office.db, ids["course"])
            enrolments.assign_certificates(office.db, ids["course"], "测试员")
    finally:
        office.close(backup_if_changed=False)
    return path


@pytest.fixture(scope="module")
def office_db(tmp_path_factory) -> Path:
    return _office(tmp_path_factory.mktemp("print_training") / "office.db")


@pytest.mark.parametrize(
    ("args", "title"),
    [
        (["course-certificates", "--course", COURSE], "准予结业"),
        (["signin", "--course", "社区工作者入门培训班", "--year", "2026"], f"{COURSE}签到表"),
        (["attendance", "--course", COURSE], f"{COURSE}参训名单"),
        (["training-record", "--id-number", make_id(4)], "马三"),
        (["training-record", "--id-number", make_id(4)[:6] + make_id(4)[8:17]], "马三"),  # the old 15 digits
        (["mentor-groups", "--round", "2026年双向选择", "--year", "2026"], "2026年双向选择导师组名单"),
        (["mentor-groups"], "导师帮带对子名单"),
        (["remedial"], "待补课人员名单"),
    ],
)
def test_each_training_document(office_db, tmp_path, args, title):
    out = tmp_path / "doc.pdf"
    done = run("print", *args, "--db", str(office_db), "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "已生成" in done.stdout and str(out) in done.stdout
    assert title in pdf_text(out)[0].replace("\n", "")


def test_certificates_say_where_the_register_went(office_db, tmp_path):
    out = tmp_path / "c.pdf"
    done = run("print", "course-certificates", "--course", COURSE, "--db", str(office_db), "--out", str(out))
    assert done.returncode == 0 and "已生成结业证书：6 人，6 页" in done.stdout
    assert "注意：丁二 1 人考核不合格，未打印" in done.stdout  # not 还没有编号: 丁二 failed
    assert "另存：" in done.stdout and (tmp_path / "c-结业证书登记簿.xlsx").exists()


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["signin", "--course", "入门"], "没有名为“入门”的培训班"),
        (["signin", "--course", COURSE, "--year", "2025"], "不是 2025 年"),
        (["training-record", "--id-number", make_id(77)], "花名册中没有"),
        (["mentor-groups", "--round", "没有这次", "--year", "2026"], "已有：2026年双向选择（2026年）"),
    ],
)
def test_nothing_to_print_exits_1_with_the_reason(office_db, tmp_path, args, said):
    out = tmp_path / "x.pdf"
    done = run("print", *args, "--db", str(office_db), "--out", str(out))
    assert done.returncode == 1 and said in done.stderr and not out.exists()


def test_similar_course_names_are_offered(office_db, tmp_path):
    done = run(
        "print", "attendance", "--course", "入门", "--db", str(office_db), "--out", str(tmp_path / "x.pdf")
    )
    assert (
        done.returncode == 1
        and f"名称相近的有：“{COURSE}”（入门，2026-03-02—2026-03-06，40 学时；名称中有“入门”）" in done.stderr
    )


@pytest.mark.parametrize(
    "args",
    [
        ["signin"],
        ["signin", "--course", COURSE, "--scheme", "3x"],
        ["attendance", "--course", COURSE, "--order", "pinyin"],
        ["training-record"],
        ["training-record", "--id-number", "1", "--course", COURSE],
        ["mentor-groups", "--round", "2026年双向选择"],
        ["remedial", "--year", "2026"],
        ["ranking", "--scheme", "weighted-top20", "--year", "2025", "--course", COURSE],
    ],
)
def test_usage_errors_exit_64(office_db, tmp_path, args):
    done = run("print", *args, "--db", str(office_db), "--out", str(tmp_path / "x.pdf"))
    assert done.returncode == 64, done.stderr
    assert "命令参数有误" in done.stderr


def test_someone_left_out_exits_2_and_a_list_with_them_exits_1(tmp_path):
    office_db = _office(tmp_path / "office.db", unprintable=True)
    out = tmp_path / "c.pdf"
    done = run("print", "course-certificates", "--course", COURSE, "--db", str(office_db), "--out", str(out))
    assert done.returncode == 2 and "张" + NOBODY_HAS in done.stderr and len(pdf_text(out)) == 6
    listed = tmp_path / "a.pdf"
    done = run("print", "attendance", "--course", COURSE, "--db", str(office_db), "--out", str(listed))
    assert done.returncode == 1 and "U+2EBF0" in done.stderr and not listed.exists()


def test_certificates_before_numbers_exit_1(tmp_path):
    office = open_office(tmp_path / "office.db")
    try:
        from tests.app.test_training_documents import attend, build_office, new_course

        ids = build_office(office.db)
        course = new_course(office.db, "2026年进阶班", "2026-04-06", "2026-04-10", "专题培训")
        attend(office.db, course, ids["people"][:2])
    finally:
        office.close(backup_if_changed=False)
    out = tmp_path / "c.pdf"
    done = run("print", "course-certificates", "--course", "2026年进阶班", "--db", str(tmp_path / "office.db"),
               "--out", str(out))  # fmt: skip
    assert done.returncode == 1 and "颁发结业证书" in done.stderr and not out.exists()
