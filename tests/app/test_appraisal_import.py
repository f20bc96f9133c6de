"""Score import: the file as streets send it (a title above the header, extra columns, 合计 rows, blanks), every
problem naming the row, the person, the column and the fix; one transaction; a ranking exported by the app
re-imports as "nothing to change"."""

from __future__ import annotations

import csv
from decimal import Decimal as D
from pathlib import Path

import openpyxl
import pytest

from app.appraisal import service
from app.appraisal.periods import find_period
from app.appraisal.ranking_export import export_ranking
from app.appraisal.rules import BUILTIN_SCHEMES, MISSING
from app.appraisal.score_import import commit_score_import, describe_plan, plan_score_import
from app.changes import OperationRefused
from app.exchange.plan import Action
from app.exchange.roster_import import PlanError
from app.people.service import create_person, retire_people
from app.units.service import create_unit
from db import migrations
from db.connection import open_memory
from tests.ids import make_id as _id
from tests.sheets import write_xlsx

ACTOR = "测试员"
KEY = "weighted-top20"
SCHEME = BUILTIN_SCHEMES[KEY]
NAMES = ["张三", "李四", "王五", "赵六", "钱七"]


@pytest.fixture
def db():
    db = open_memory()
    migrations.apply(db)
    unit = create_unit(db, {"name": "东门社区", "kind": "社区/村"}, ACTOR).record_id
    for serial, name in enumerate(NAMES):
        create_person(
            db, {"role": "community_worker", "name": name, "id_number": _id(serial), "unit_id": unit}, ACTOR
        )
    yield db
    db.conn.close()


def write_csv(path: Path, rows: list[list[object]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


HEADER = ["序号", "姓名", "公民身份号码", "工作考核", "业务测试", "满意度测评", "备注"]


def _plan(db, path):
    return plan_score_import(db, path, SCHEME, find_period(db, KEY, 2024, None))


def _import(db, path):
    plan = _plan(db, path)
    commit_score_import(db, plan, KEY, 2024, None, ACTOR)
    return plan


def test_a_street_file_with_a_title_extra_columns_a_blank_and_a_total_row(db, tmp_path):
    path = write_xlsx(tmp_path / "成绩.xlsx", [
        ["2024年度社区工作者考核成绩汇总表"],
        ["填报单位：东门社区", None, None, None, "填报日期：2025.1.5"],
        HEADER,
        [1, "张三", _id(0), 90, 85, 88.5, ""],
        [2, "李四", _id(1), 79.98999999999999, 70, None, "满意度测评未组织"],
        [3, "王五", _id(2), "８５", 70, 60, ""],
        ["合计", None, None, None, None, None, None],
    ])  # fmt: skip
    plan = _plan(db, path)
    assert (plan.header_row, plan.ignored, plan.absent) == (3, ["序号", "备注"], [])
    assert plan.skipped == {"合计行": 1}
    assert [(r.row, r.action) for r in plan.rows] == [(4, Action.NEW), (5, Action.NEW), (6, Action.NEW)]
    assert plan.rows[1].scores == {"work": D("79.99"), "test": D(70)} and plan.rows[1].missing == [
        "满意度测评"
    ]
    commit_score_import(db, plan, KEY, 2024, None, ACTOR)
    period = find_period(db, KEY, 2024, None)
    ranking = service.rank_period(db, period)
    li = next(r for r in ranking.rows if r.member.name == "李四")
    assert li.result.flags == (MISSING,) and li.result.total is None  # blank is 待补录, never 0
    assert "缺少满意度测评的成绩，将记为待补录" in "\n".join(describe_plan(plan))


def test_every_problem_names_the_row_the_person_the_column_and_the_fix(db, tmp_path):
    retire_people(db, [4], ACTOR)  # 赵六 is in the recycle bin
    path = write_csv(tmp_path / "成绩.csv", [
        HEADER,
        [1, "张三丰", _id(0), 90, 85, 88, ""],
        [2, "李四", _id(1), 120, 85, 88, ""],
        [3, "王五", _id(2), "八十五", 85, 88, ""],
        [4, "赵六", _id(3), 80, 80, 80, ""],
        [5, "孙八", _id(9), 80, 80, 80, ""],
        [6, "钱七", "5.10107E+17", 80, 80, 80, ""],
        [7, "张三", _id(0), 80, 80, 80, ""],
    ])  # fmt: skip
    plan = _plan(db, path)
    texts = [p.text() for row in plan.rejected() for p in row.problems]
    assert texts == [
        f"第2行 张三丰“姓名”列（张三丰）：姓名与公民身份号码不符：花名册中号码 {_id(0)} 属于“张三”，请核对姓名或号码",
        f"第2行 张三丰“公民身份号码”列（{_id(0)}）：与本表第8行是同一人，工作考核、业务测试、满意度测评不同：请核对后只保留正确的一行，"
        "两行都未导入",
        "第3行 李四“工作考核”列（120）：工作考核的分数应在 0 到 100 之间，输入的是 120，请改正后重新导入",
        "第4行 王五“工作考核”列（八十五）：“八十五”不是数字，请只填写分数，如 85 或 85.5（工作考核）",
        f"第5行 赵六“公民身份号码”列（{_id(3)}）：花名册中没有公民身份号码为 {_id(3)} 的人员"
        "（该号码的“赵六”在回收站中，请先恢复；成绩导入不新建人员）",
        f"第6行 孙八“公民身份号码”列（{_id(9)}）：花名册中没有公民身份号码为 {_id(9)} 的人员"
        "（请先在花名册中添加此人；成绩导入不新建人员）",
        "第7行 钱七“公民身份号码”列（5.10107E+17）：该号码被 Excel 存成了数字，末几位已经丢失。"
        "请将该列设置为“文本”格式后重新录入",
        f"第8行 张三“公民身份号码”列（{_id(0)}）：与本表第2行是同一人，工作考核、业务测试、满意度测评不同：请核对后只保留正确的一行，"
        "两行都未导入",
    ]
    assert plan.count(Action.NEW) == 0


def test_a_blank_cell_never_erases_a_recorded_score(db, tmp_path):
    _import(db, write_csv(tmp_path / "a.csv", [HEADER, [1, "张三", _id(0), 90, 85, 88, ""]]))
    plan = _import(db, write_csv(tmp_path / "b.csv", [HEADER, [1, "张三", _id(0), 91, "", "", ""]]))
    assert plan.rows[0].action == Action.UPDATE and plan.rows[0].changes == {"工作考核": ("90", "91")}
    assert plan.rows[0].kept == ["业务测试", "满意度测评"]
    assert "第2行有空白的成绩，保留了已录入的分数（空白不会清除分数；要清除请在窗口中删去）" in describe_plan(
        plan
    )
    stored = db.execute("SELECT scores FROM appraisal_scores").fetchone()[0]
    assert stored == '{"satisfaction": "88", "test": "85", "work": "91"}'


def test_a_file_without_a_component_column_keeps_those_scores_and_says_so(db, tmp_path):
    path = write_csv(tmp_path / "a.csv", [["姓名", "身份证号", "工作考核"], ["张三", _id(0), 90]])
    plan = _plan(db, path)
    assert plan.absent == ["业务测试", "满意度测评"] and plan.rows[0].missing == ["业务测试", "满意度测评"]


def test_a_file_without_header_or_components_is_refused_as_a_whole(db, tmp_path):
    with pytest.raises(PlanError, match="没有找到表头行"):
        _plan(db, write_csv(tmp_path / "a.csv", [["甲", "乙"], ["1", "2"]]))
    with pytest.raises(PlanError, match="项目是：工作考核、业务测试、满意度测评"):
        _plan(db, write_csv(tmp_path / "b.csv", [["姓名", "公民身份号码", "得分"], ["张三", _id(0), 90]]))


def test_x_is_read_under_its_name_for_a_scheme_with_x(db, tmp_path):
    scheme = BUILTIN_SCHEMES["3x"]
    path = write_csv(tmp_path / "x.csv", [
        ["姓名", "公民身份号码", "满意度", "能力测试", "工作实绩", "专项工作加分"],
        ["张三", _id(0), 90, 80, 85, 6], ["李四", _id(1), 90, 80, 85, 11], ["王五", _id(2), 90, 80, 85, ""],
    ])  # fmt: skip
    plan = plan_score_import(db, path, scheme, None)
    assert [(r.bonus, r.has_bonus) for r in plan.rows] == [(D(6), True), (None, False), (None, False)]
    assert plan.rows[1].problems[0].message == "专项工作加分应在 0 到 10 之间，输入的是 11，请改正后重新导入"


def test_the_import_is_one_transaction(db, tmp_path, monkeypatch):
    from app.appraisal import service as service_module

    plan = _plan(db, write_csv(tmp_path / "a.csv", [HEADER, [1, "张三", _id(0), 90, 85, 88, ""]]))

    def broken(*args, **kwargs):
        raise RuntimeError("disk I/O error")

    monkeypatch.setattr(service_module.audit, "record_many", broken)
    with pytest.raises(RuntimeError):
        commit_score_import(db, plan, KEY, 2024, None, ACTOR)
    assert db.execute("SELECT count(*) FROM appraisal_periods").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM appraisal_scores").fetchone()[0] == 0
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1  # switched off for the write only


def test_someone_gone_from_the_roster_after_the_dry_run_stops_the_whole_import(db, tmp_path):
    """The commit leaves SQLite's foreign-key check to its own check of every person: it must refuse a row whose
    person was deleted outright (no row to refer to) between the dry run and the commit."""
    rows = [HEADER, [1, "张三", _id(0), 90, 85, 88, ""], [2, "李四", _id(1), 80, 85, 88, ""]]
    plan = _plan(db, write_csv(tmp_path / "a.csv", rows))
    db.execute("DELETE FROM people WHERE id_number = ?", [_id(1)])
    with pytest.raises(OperationRefused, match="有人员不存在或已被移入回收站"):
        commit_score_import(db, plan, KEY, 2024, None, ACTOR)
    assert db.execute("SELECT count(*) FROM appraisal_scores").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM appraisal_periods").fetchone()[0] == 0
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    _import(db, write_csv(tmp_path / "b.csv", rows[:2]))
    assert db.execute("SELECT count(*) FROM appraisal_scores").fetchone()[0] == 1
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_an_exported_ranking_reimports_as_nothing_to_change(db, tmp_path, suffix):
    rows = [HEADER] + [
        [i + 1, name, _id(i), 95 - 5 * i, 80, 80 if i != 3 else "", ""] for i, name in enumerate(NAMES)
    ]
    _import(db, write_csv(tmp_path / "a.csv", rows))
    ranking = service.rank_period(db, find_period(db, KEY, 2024, None), "role")
    out = tmp_path / f"排名{suffix}"
    export_ranking(ranking, out)
    plan = _plan(db, out)
    assert plan.ignored == ["名次", "工作单位", "人员类别", "总分", "等次", "标记", "说明"]
    assert [r.action for r in plan.rows] == [Action.UNCHANGED] * 5 and not plan.absent


def test_an_id_number_as_people_type_it_still_finds_the_person(db, tmp_path):
    full_width = _id(1).translate({ord(d): 0xFF10 + int(d) for d in "0123456789"})
    spaced = f" {_id(2)[:6]} {_id(2)[6:]} "
    path = write_csv(
        tmp_path / "a.csv",
        [HEADER, [1, "李 四", full_width, 90, 85, 88, ""], [2, "王五", spaced, 1, 2, 3, ""]],
    )
    plan = _plan(db, path)
    assert [(r.action, r.id_number) for r in plan.rows] == [(Action.NEW, _id(1)), (Action.NEW, _id(2))]


def test_a_score_merged_down_over_several_people_is_each_of_theirs(db, tmp_path):
    path = write_xlsx(tmp_path / "成绩.xlsx", [
        HEADER,
        [1, "张三", _id(0), 90, 85, 88, ""],
        [2, "李四", _id(1), 80, 70, None, ""],
        [3, "王五", _id(2), 85, 70, None, ""],
    ])  # fmt: skip
    book = openpyxl.load_workbook(path)
    book.active.merge_cells("F2:F4")  # one 满意度测评 for the community's three workers
    book.save(path)
    plan = _plan(db, path)
    assert [r.scores["satisfaction"] for r in plan.rows] == [D(88)] * 3 and not any(
        r.missing for r in plan.rows
    )
