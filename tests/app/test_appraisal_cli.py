"""`grassroots appraisal …` as real processes: exit codes, the ranking's exact columns read back, a ranking
re-imported, finalize refused while someone is 待补录, in use (3), usage (64)."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest

from app.office import open_office
from app.people.service import create_person
from app.units.service import create_unit
from tests.app.test_cli import assert_clean_failure, run
from tests.ids import make_id as _id

ACTOR = "测试员"
YEAR = "2020"  # not a year the demo scores
PEOPLE = [
    ("张三", 95, 90),
    ("李四", 88, 85),
    ("王五", 86, 80),
    ("赵六", 75, 70),
    ("孙八", 82, 80),
    ("钱七", 70, None),
]
HEADER = [
    "名次",
    "姓名",
    "公民身份号码",
    "工作单位",
    "工作考核",
    "业务测试",
    "满意度测评",
    "总分",
    "等次",
    "标记",
    "说明",
]


@pytest.fixture(scope="module")
def work(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("appraisal_cli")


@pytest.fixture(scope="module")
def office_db(work) -> Path:
    path = work / "office.db"
    office = open_office(path)
    try:
        unit = create_unit(office.db, {"name": "东门社区", "kind": "社区/村"}, ACTOR).record_id
        for serial, name in enumerate([p[0] for p in PEOPLE] + ["周九"]):  # 周九 is not scored
            person = {"role": "community_worker", "name": name, "id_number": _id(serial), "unit_id": unit}
            create_person(office.db, person, ACTOR)
    finally:
        office.close(backup_if_changed=False)
    return path


def scores_csv(path: Path, rows: list[list[object]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["姓名", "公民身份号码", "工作考核", "业务测试", "满意度测评"])
        writer.writerows(rows)
    return path


def period_args(db: Path) -> list[str]:
    return ["--db", str(db), "--scheme", "weighted-top20", "--year", YEAR]


@pytest.fixture(scope="module")
def imported(office_db, work):
    rows = [[name, _id(i), work_score, test or "", 80] for i, (name, work_score, test) in enumerate(PEOPLE)]
    rows.append(["吴十", _id(6), 90, 90, 90])  # the name is not the ID number's holder's (周九)
    sheet = scores_csv(work / "成绩.csv", rows)
    return run("appraisal", "import", str(sheet), *period_args(office_db))


def test_import_exits_2_when_a_row_is_rejected_and_names_it(imported):
    assert imported.returncode == 2, imported.stderr
    assert "检查结果：新增 6 人，更新 0 人，无变化 0 人，拒绝 1 人。" in imported.stdout
    assert (
        f"拒绝 第8行 吴十“姓名”列（吴十）：姓名与公民身份号码不符：花名册中号码 {_id(6)} 属于“周九”"
        in imported.stdout
    )
    assert "第7行 钱七：缺少业务测试的成绩，将记为待补录" in imported.stdout
    assert "已保存 6 人的成绩" in imported.stdout


def test_rank_csv_has_the_columns_of_the_issue_and_reads_back(imported, office_db, work):
    out = work / "排名.csv"
    result = run("appraisal", "rank", *period_args(office_db), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "6 人（优秀 1 人，称职 4 人，待补录 1 人）" in result.stdout
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\t" not in raw  # BOM; the ID number is plain text
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0] == HEADER
    assert rows[1][:10] == ["1", "张三", _id(0), "东门社区", "95", "90", "80", "89.50", "优秀", ""]
    assert rows[5][:10] == ["5", "赵六", _id(3), "东门社区", "75", "70", "80", "75.50", "称职", "补课"]
    assert rows[6][:10] == ["", "钱七", _id(5), "东门社区", "70", "", "80", "", "", "待补录"]
    assert rows[1][10].startswith("总分 89.50 ≥ 80")


def test_finalize_is_refused_while_someone_is_missing_then_works_and_freezes(imported, office_db, work):
    refused = run("appraisal", "finalize", *period_args(office_db))
    assert refused.returncode == 1 and "缺少成绩（待补录）：钱七" in refused.stderr
    assert_clean_failure(refused)
    exempt = run(
        "appraisal",
        "override",
        *period_args(office_db),
        "--id",
        _id(5),
        "--grade",
        "不参加考核",
        "--reason",
        "长期病假",
    )
    assert exempt.returncode == 0 and "已将“钱七”的等次调整为不参加考核" in exempt.stdout
    done = run("appraisal", "finalize", *period_args(office_db))
    assert done.returncode == 0 and "优秀 1 人已记入荣誉" in done.stdout, done.stderr
    frozen = run(
        "appraisal", "override", *period_args(office_db), "--id", _id(3), "--grade", "称职", "--reason", "x"
    )
    assert frozen.returncode == 1 and "已定稿" in frozen.stderr
    # Ranked again by unit, a finalized period would print grades it does not have: refused, nothing written.
    regrouped = work / "按单位.csv"
    by_unit = run("appraisal", "rank", *period_args(office_db), "--by", "unit", "--out", str(regrouped))
    assert by_unit.returncode == 1 and not regrouped.exists()
    assert (
        "已定稿，定稿结果是不分组排名的；改为按工作单位重新排名会得出与定稿不同的名次和等次" in by_unit.stderr
    )
    official = run("appraisal", "rank", *period_args(office_db), "--out", str(regrouped))
    assert official.returncode == 0 and "优秀 1 人" in official.stdout
    no_reason = run("appraisal", "reopen", *period_args(office_db))
    assert no_reason.returncode == 64 and "--reason 原因" in no_reason.stderr
    reopened = run("appraisal", "reopen", *period_args(office_db), "--reason", "复核")
    assert reopened.returncode == 0 and "已撤销荣誉 1 项" in reopened.stdout


def test_a_ranking_xlsx_reimports_with_its_extra_columns_ignored(imported, office_db, work):
    out = work / "排名.xlsx"
    assert (
        run("appraisal", "rank", *period_args(office_db), "--by", "unit", "--out", str(out)).returncode == 0
    )
    header = [c.value for c in next(openpyxl.load_workbook(out).active.iter_rows(max_row=1))]
    assert header == HEADER
    again = run("appraisal", "import", str(out), *period_args(office_db), "--dry-run")
    assert again.returncode == 0, again.stderr
    assert "以下列不是成绩，已忽略：名次、工作单位、总分、等次、标记、说明" in again.stdout
    assert "新增 0 人，更新 0 人，无变化 6 人，拒绝 0 人" in again.stdout


def test_in_use_exits_3_and_rank_reads_beside_the_window(imported, office_db, work):
    from db.lock import DatabaseLock

    with DatabaseLock(office_db):
        refused = run("appraisal", "finalize", *period_args(office_db))
        ranked = run("appraisal", "rank", *period_args(office_db), "--out", str(work / "beside.csv"))
    assert refused.returncode == 3, refused.stderr
    assert ranked.returncode == 0, ranked.stderr


@pytest.mark.parametrize(
    ("args", "code", "said"),
    [
        (["appraisal", "rate"], 64, "没有“rate”这个命令"),
        (["appraisal", "rank", "--scheme", "weighted-top20", "--year", YEAR], 64, "--db 数据库文件"),
        (["appraisal", "finalize", "--scheme", "nope", "--year", YEAR], 1, "没有代码为“nope”的考核方案"),
        (["appraisal", "finalize", "--scheme", "weighted-top20", "--year", "2019"], 1, "还没有“2019年度考核"),
        (
            ["appraisal", "finalize", "--db", "o.db", "--scheme", "weighted-top20", "--year", "28"],
            64,
            "年度“28”应是四位年份",
        ),
        (
            ["appraisal", "rank", "--db", "o.db", "--scheme", "3x", "--year", YEAR, "--out", "r.txt"],
            64,
            "--out：排名只能是 .csv 或 .xlsx 文件，“r.txt”的扩展名是“.txt”",
        ),
    ],
)
def test_usage_and_refusals(office_db, args, code, said):
    if "--db" not in args and code != 64:
        args = [*args, "--db", str(office_db)]
    result = run(*args)
    assert result.returncode == code and said in result.stderr, result.stderr
    assert_clean_failure(result)


def test_an_override_is_cleared_from_the_command_line_back_to_the_rules_grade(imported, office_db, work):
    out = work / "排名.csv"

    def grade_of(number: str) -> tuple[str, str]:
        assert run("appraisal", "rank", *period_args(office_db), "--out", str(out)).returncode == 0
        rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
        row = next(r for r in rows if r[2] == number)
        return row[8], row[9]

    assert grade_of(_id(3)) == ("称职", "补课")
    lifted = run(
        "appraisal",
        "override",
        *period_args(office_db),
        "--id",
        _id(3),
        "--grade",
        "优秀",
        "--reason",
        "表彰",
    )
    assert lifted.returncode == 0 and grade_of(_id(3))[0] == "优秀"
    cleared = run("appraisal", "override", *period_args(office_db), "--id", _id(3), "--clear")
    assert cleared.returncode == 0, cleared.stderr
    assert grade_of(_id(3)) == ("称职", "补课")
    again = run("appraisal", "override", *period_args(office_db), "--id", _id(3), "--clear")
    assert again.returncode == 0 and "没有被调整过" in again.stdout
    for argv, said in (
        (["--grade", "优秀"], "必须用 --reason"),
        (["--clear", "--reason", "x"], "不需要 --reason"),
        (["--grade", "优秀", "--clear", "--reason", "x"], "--clear"),
        ([], "--grade"),
    ):
        wrong = run("appraisal", "override", *period_args(office_db), "--id", _id(3), *argv)
        assert wrong.returncode == 64 and said in wrong.stderr, (argv, wrong.stderr)
