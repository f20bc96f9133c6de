"""The registry of record kinds: what the audit log, the recycle bin, the 操作记录 page and a record's history
know about each kind of record the office keeps. A new kind of record is one entry in `KINDS`. How its values
and changes are said to the clerk is app/record_text.py.

`tests/app/test_records.py` checks that every table with a `uid` and a `deleted_at` column is registered here.
"""

from __future__ import annotations

from app.appraisal.definitions import SPLIT_LABELS
from app.appraisal.points import rule_label as points_rule_label
from app.care.money import fen_text
from app.people.fields import FIELD_LABELS, role_label
from app.record_kind import Companion, RecordKind, Unique
from app.settings import LABELS as SETTING_LABELS

# One appraisal period named for people: 2024年度考核（加权评价·双达标）, 2024年第1季度考核（…）.
PERIOD_NAME_SQL = (
    "year || CASE WHEN quarter IS NULL THEN '年度' ELSE '年第' || quarter || '季度' END"
    " || '考核（' || (SELECT name FROM appraisal_schemes WHERE id = scheme_id) || '）'"
)
# The name of the person a record belongs to (its `person_id`), for the name_sql of records about one person.
PERSON_NAME_SQL = "(SELECT name FROM people WHERE id = person_id)"


def _person_and(sql: str) -> str:
    """name_sql for a record about one person: the person's name, a space, then `sql` (张三 2024-05-01 谈话)."""
    return f"{PERSON_NAME_SQL} || ' ' || {sql}"


def _yuan(fen: object) -> str:
    """Integer fen as 元 (1200.50: the field's label says 元); what is not a number is shown as it is."""
    return fen_text(fen) if isinstance(fen, int) else str(fen)


KINDS: tuple[RecordKind, ...] = (
    RecordKind(
        "person",
        "人员",
        "people",
        fields={("unit_id" if k == "unit" else k): v for k, v in FIELD_LABELS.items() if k != "unit_id"},
        references={"unit_id": "unit"},
        codes={"role": lambda code: role_label(str(code))},
        binnable=True,
        detail_sql="id_number",
        measure="名",
        unique=(Unique(("id_number",), "公民身份号码 {id_number} 现已属于在册人员“{holder}”"),),
    ),
    RecordKind(
        "unit",
        "组织单位",
        "org_units",
        fields={
            "name": "单位名称",
            "kind": "单位类别",
            "parent_id": "上级单位",
            "credit_code": "统一社会信用代码",
            "note": "备注",
        },
        references={"parent_id": "unit"},
        binnable=True,
        detail_sql="kind",
        measure="个",
        unique=(Unique(("name", "parent_id"), "同一上级单位下已有同名单位，请先将现有单位改名"),),
    ),
    # Appraisals (issue 8): a scheme, a period (a scheme in a year or quarter), one person's scores in a period,
    # an honor. Scores are audited by component name (工作考核：80 → 85), so they need no fixed labels here.
    RecordKind(
        "appraisal_scheme",
        "考核方案",
        "appraisal_schemes",
        fields={
            "key": "方案代码",
            "name": "方案名称",
            "roles": "适用人员类别",
            "period_type": "考核周期",
            "components": "考核项目",
            "bonus_cap": "专项工作加分上限",
            "tie_breakers": "同分比较顺序",
            "rule": "等次规则",
            "remedial_below": "需补课的分数线",
        },
        binnable=True,
        detail_sql="period_type",
        measure="个",
        unique=(Unique(("key",), "方案代码 {key} 现已属于方案“{holder}”"),),
    ),
    RecordKind(
        "appraisal_period",
        "考核",
        "appraisal_periods",
        name_sql=PERIOD_NAME_SQL,
        fields={
            "scheme_id": "考核方案",
            "year": "年度",
            "quarter": "季度",
            "split": "分组",
            "finalized_at": "定稿时间",
            "finalized_by": "定稿人",
            "reason": "原因",
        },
        references={"scheme_id": "appraisal_scheme"},
        codes={"split": lambda code: SPLIT_LABELS.get(str(code), str(code))},
        binnable=True,
        detail_sql="CASE WHEN finalized_at IS NULL THEN '未定稿' ELSE '已定稿' END",
        companions=(Companion("appraisal_score", "period_id"),),
        measure="次",
        unique=(Unique(("scheme_id", "year", "quarter"), "同一方案同一周期的考核已有“{holder}”"),),
    ),
    RecordKind(
        "appraisal_score",
        "考核成绩",
        "appraisal_scores",
        name_sql=_person_and(f"(SELECT {PERIOD_NAME_SQL} FROM appraisal_periods WHERE id = period_id)"),
        fields={
            "period_id": "考核",
            "person_id": "人员",
            "override_grade": "调整后的等次",
            "override_reason": "调整原因",
            # An override's audit row (app/appraisal/service.py): the grade with where it came from (按规则 or
            # 手工), the reason typed, and the rule's grade when both sides were set by hand.
            "等次": "等次",
            "理由": "理由",
            "按规则": "按规则的等次",
        },
        references={"period_id": "appraisal_period", "person_id": "person"},
        binnable=True,
        detail_sql="'公民身份号码：' || (SELECT id_number FROM people WHERE id = person_id)",
    ),
    RecordKind(
        "honor",
        "荣誉",
        "honors",
        name_sql=_person_and("title"),
        fields={
            "person_id": "人员",
            "kind": "荣誉类别",
            "title": "荣誉名称",
            "period_id": "考核",
            "year": "年度",
            "serial_text": "编号",
            "issued_on": "授予日期",
            "issuer": "授予单位",
            "withdrawn_at": "撤销时间",
            "withdrawn_reason": "撤销原因",
        },
        references={"person_id": "person", "period_id": "appraisal_period"},
        detail_sql="serial_text",
        measure="项",
    ),
    # What follows from an appraisal (issue 8): a 补课 requirement (withdrawn with its period's 定稿, closed by
    # the training that covers it), a decision on a suggestion across years, a young cadre's points entry.
    RecordKind(
        "remedial",
        "补课要求",
        "remedial_requirements",
        name_sql=_person_and(
            f"(SELECT {PERIOD_NAME_SQL} FROM appraisal_periods WHERE id = period_id) || ' 补课'"
        ),
        fields={
            "person_id": "人员",
            "period_id": "考核",
            "total": "总分",
            "threshold": "补课分数线",
            "min_days": "补课天数（工作日）",
            "required_on": "要求日期",
            "course": "补课培训",
            "course_days": "培训天数",
            "closed_on": "完成日期",
            "withdrawn_at": "撤销时间",
            "withdrawn_reason": "撤销原因",
        },
        references={"person_id": "person", "period_id": "appraisal_period"},
        detail_sql="CASE WHEN closed_on IS NULL THEN '未完成' ELSE '已完成' END",
        measure="项",
    ),
    RecordKind(
        "suggestion",
        "考核建议",
        "appraisal_suggestions",
        name_sql=_person_and("year || '年 ' || kind"),
        fields={
            "person_id": "人员",
            "kind": "建议",
            "first_year": "起始年度",
            "year": "年度",
            "decision": "处理结果",
            "decided_on": "处理日期",
            "note": "说明",
            "honor_id": "荣誉",
        },
        references={"person_id": "person", "honor_id": "honor"},
        codes={
            "decision": lambda code: {"confirmed": "确认", "dismissed": "不予采纳"}.get(str(code), str(code))
        },
        detail_sql="decision",
        measure="项",
    ),
    RecordKind(
        "points_entry",
        "积分",
        "points_entries",
        name_sql=_person_and("date || ' ' || activity"),
        fields={
            "person_id": "人员",
            "date": "日期",
            "rule": "积分项目",
            "activity": "事项",
            "points": "分值",
            "note": "备注",
        },
        references={"person_id": "person"},
        codes={"rule": points_rule_label},
        binnable=True,
        detail_sql="points || ' 分'",
        measure="条",
        unique=(
            Unique(
                ("person_id", "rule", "date", "activity"),
                "{date}“{activity}”的这项积分已重新记过（{holder}）",
            ),
        ),
    ),
    # Care (issue 9): events, visits (with the people visited, binned with the visit), talks, health checks
    # and the yearly budget. Amounts are integer fen, said in 元 by `_yuan`.
    RecordKind(
        "care_event",
        "关怀事件",
        "care_events",
        name_sql=_person_and("date || ' ' || kind"),
        fields={"person_id": "人员", "kind": "事件类别", "date": "日期", "note": "备注"},
        references={"person_id": "person"},
        binnable=True,
        detail_sql="kind",
        measure="件",
    ),
    RecordKind(
        "care_visit",
        "走访慰问",
        "care_visits",
        name_sql="date || ' ' || kind || coalesce('（' || occasion || '）', '')",
        fields={
            "people": "慰问对象",
            "date": "日期",
            "kind": "慰问类别",
            "occasion": "节日",
            "method": "方式",
            "visitors": "走访人",
            "gift": "慰问品",
            "amount_fen": "金额（元）",
            "note": "备注",
            "follow_up_date": "回访日期",
            "event_id": "所回应的事件",
        },
        references={"event_id": "care_event"},
        codes={"amount_fen": _yuan},
        binnable=True,
        detail_sql="(SELECT group_concat(p.name, '、') FROM care_visit_people v JOIN people p"
        " ON p.id = v.person_id WHERE v.visit_id = care_visits.id"
        # A corrected visit drops people by binning their link: name only those binned with the visit itself.
        " AND (v.deleted_at IS NULL OR v.deleted_at = care_visits.deleted_at))",
        companions=(Companion("care_visit_person", "visit_id"),),
        measure="次",
    ),
    RecordKind(
        "care_visit_person",
        "慰问对象",
        "care_visit_people",
        name_sql=PERSON_NAME_SQL,
        fields={"visit_id": "走访慰问", "person_id": "人员"},
        references={"visit_id": "care_visit", "person_id": "person"},
        binnable=True,
        detail_sql="(SELECT date || ' ' || kind FROM care_visits WHERE id = visit_id)",
        measure="名",
    ),
    RecordKind(
        "care_talk",
        "谈心谈话",
        "care_talks",
        name_sql=_person_and("date || ' 谈话'"),
        fields={
            "person_id": "人员",
            "date": "日期",
            "reason": "谈话原因",
            "talker": "谈话人",
            "summary": "谈话内容",
            "follow_up_date": "回访日期",
            "event_id": "所回应的事件",
        },
        references={"person_id": "person", "event_id": "care_event"},
        binnable=True,
        detail_sql="reason",
        measure="次",
    ),
    RecordKind(
        "care_health_check",
        "健康体检",
        "care_health_checks",
        name_sql=_person_and("date || ' 体检'"),
        fields={"person_id": "人员", "date": "日期", "place": "体检地点", "note": "备注"},
        references={"person_id": "person"},
        binnable=True,
        detail_sql="place",
        measure="次",
    ),
    RecordKind(
        "care_budget",
        "关怀预算",
        "care_budgets",
        name_sql="year || '年关怀预算'",
        fields={"year": "年度", "amount_fen": "预算金额（元）", "note": "备注"},
        codes={"amount_fen": _yuan},
        binnable=True,
        detail_sql="year",
        measure="份",
        unique=(Unique(("year",), "{year}年已有关怀预算“{holder}”"),),
    ),
    RecordKind(
        "course",
        "培训班",
        "courses",
        name_sql="name || '（' || start_date || '）'",
        fields={
            "name": "培训班名称",
            "category": "类别",
            "start_date": "开始日期",
            "end_date": "结束日期",
            "hours": "学时",
            "place": "地点",
            "organiser": "主办单位",
            "capacity": "人数上限",
            "note": "备注",
        },
        binnable=True,
        detail_sql="category || ' ' || hours || ' 学时'",
        companions=(Companion("enrolment", "course_id"),),
        measure="个",
    ),
    RecordKind(
        "enrolment",
        "参训记录",
        "enrolments",
        name_sql=_person_and("(SELECT name FROM courses WHERE id = course_id)"),
        fields={
            "course_id": "培训班",
            "person_id": "人员",
            "hours": "参训学时",
            "result": "结果",
            "certificate_no": "结业证书编号",
            "note": "备注",
        },
        references={"course_id": "course", "person_id": "person"},
        binnable=True,
        detail_sql="coalesce(hours || ' 学时', '')",
        unique=(Unique(("course_id", "person_id"), "此人已在这个培训班中（{holder}）"),),
    ),
    RecordKind(
        "mentor",
        "导师",
        "mentors",
        fields={
            "name": "姓名",
            "person_id": "花名册中的人员",
            "unit": "单位",
            "post": "职务",
            "line": "条线",
            "min_mentees": "最少带教人数",
            "max_mentees": "最多带教人数",
            "note": "备注",
        },
        references={"person_id": "person"},
        binnable=True,
        detail_sql="line",  # the bin says 条线：党建 (app/record_text.detail_text)
        measure="名",
    ),
    RecordKind(
        "selection_round",
        "双向选择",
        "selection_rounds",
        name_sql="name || '（' || year || '年）'",
        fields={"name": "名称", "year": "年度", "note": "备注"},
        binnable=True,
        # The pairs a round made go with it (app/training/mentor_rounds.bin_round) and come back with it.
        companions=(
            Companion("selection_choice", "round_id"),
            Companion("selection_mentor", "round_id"),
            Companion("mentor_pair", "round_id"),
        ),
        measure="次",
        # Confirming refuses a second living round of the same name and year (its pairs would double); so
        # does restoring one binned to redo the assignment once the redone round is confirmed.
        unique=(Unique(("name", "year"), "{year}年已有同名的双向选择“{holder}”，请先把它移入回收站"),),
    ),
    RecordKind(
        "selection_choice",
        "志愿",
        "selection_choices",
        name_sql=_person_and("'的志愿'"),
        fields={
            "round_id": "双向选择",
            "person_id": "学员",
            "line": "条线",
            "first_mentor": "第一志愿",
            "second_mentor": "第二志愿",
            "placed_mentor": "分配导师",
        },
        references={
            "round_id": "selection_round",
            "person_id": "person",
            "first_mentor": "mentor",
            "second_mentor": "mentor",
            "placed_mentor": "mentor",
        },
        binnable=True,
    ),
    # A mentor's 最少/最多 in one confirmed round (the round's workbook may differ from the pool).
    RecordKind(
        "selection_mentor",
        "双向选择导师名额",
        "selection_mentors",
        name_sql="(SELECT name FROM mentors WHERE id = mentor_id) || '的名额'",
        fields={
            "round_id": "双向选择",
            "mentor_id": "导师",
            "min_mentees": "最少带教人数",
            "max_mentees": "最多带教人数",
        },  # fmt: skip
        references={"round_id": "selection_round", "mentor_id": "mentor"},
        binnable=True,
        detail_sql="'最少' || min_mentees || '人，最多' || max_mentees || '人'",
    ),
    RecordKind(
        "mentor_pair",
        "帮带对子",
        "mentor_pairs",
        name_sql="(SELECT name FROM mentors WHERE id = mentor_id) || ' — ' || (SELECT name FROM people WHERE id = mentee_id)",
        fields={
            "mentor_id": "导师",
            "mentee_id": "学员",
            "kind": "形式",
            "start_date": "开始日期",
            "end_date": "结束日期",
            "goals": "帮带目标",
            "round_id": "双向选择",
            "note": "备注",
        },
        references={"mentor_id": "mentor", "mentee_id": "person", "round_id": "selection_round"},
        binnable=True,
        detail_sql="kind",
        companions=(Companion("mentor_task", "pair_id"), Companion("mentor_activity", "pair_id")),
        measure="对",
    ),
    RecordKind(
        "mentor_task",
        "帮带任务",
        "mentor_tasks",
        name_sql="task",
        fields={"pair_id": "帮带对子", "task": "任务", "due_date": "完成期限", "done_date": "完成日期"},
        references={"pair_id": "mentor_pair"},
        binnable=True,
    ),
    RecordKind(
        "mentor_activity",
        "帮带活动",
        "mentor_activities",
        name_sql="date || ' ' || content",
        fields={"pair_id": "帮带对子", "date": "日期", "content": "活动内容"},
        references={"pair_id": "mentor_pair"},
        binnable=True,
        # The ledger points the activity earned leave and come back with it (and with its pair).
        companions=(Companion("points_entry", "points_entry_id", held=True),),
    ),
    RecordKind("settings", "系统设置", fields=SETTING_LABELS),
    RecordKind("database", "数据库"),
)


def kind(entity: str) -> RecordKind:
    """The registered kind; an unknown code (a newer copy of the app wrote it) gets a kind that says the code."""
    return next((k for k in all_kinds() if k.entity == entity), None) or RecordKind(entity, entity)


def all_kinds() -> tuple[RecordKind, ...]:
    return KINDS


def binnable_kinds() -> list[RecordKind]:
    return [k for k in all_kinds() if k.binnable and k.table]
