"""app.people.service against a real office database: what is stored, what is refused, what is audited."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from app.changes import OperationRefused, ValidationError
from app.office import open_office
from app.people import service
from app.people.fields import EDITABLE_FIELDS
from app.people.idnumber import check_digit, parse_id_number
from app.units.service import create_unit, delete_unit

TODAY = dt.date(2024, 6, 1)
ACTOR = "张敏@ZZB-PC01"
AREA = "510107"
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def make_id(birth: str = "19900315", seq: str = "123") -> str:
    """A valid 18-digit number; the last digit of `seq` odd means male."""
    body = AREA + birth + seq
    return body + check_digit(body)


def id_ending_in_x(birth: str = "19850620") -> str:
    for n in range(1, 1000):
        number = make_id(birth, f"{n:03d}")
        if number.endswith("X"):
            return number
    raise AssertionError("no X check digit found")


def count(db, table: str) -> int:
    return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def audit_rows(db) -> list[tuple]:
    return db.execute(
        "SELECT actor, action, entity, record_id, label, before, after FROM audit_log ORDER BY id"
    ).fetchall()


@pytest.fixture
def office(tmp_path):
    office = open_office(tmp_path / "x.db")
    yield office
    office.close(backup_if_changed=False)


@pytest.fixture
def db(office):
    return office.db


@pytest.fixture
def unit_id(db) -> int:
    return create_unit(db, {"name": "东门社区", "kind": "社区/村"}, ACTOR).record_id


def person_data(unit: int, **overrides) -> dict:
    data = {
        "role": "community_worker",
        "name": "张三",
        "id_number": make_id(),
        "ethnicity": "汉族",
        "education": "大学本科",
        "major": "社会工作",
        "political_status": "中共党员",
        "party_join_date": "2012-07-01",
        "work_start_date": "2012-09-01",
        "post_start_date": "2015-03-01",
        "unit_id": unit,
        "position": "网格员",
        "phone": "13800138000",
        "source": "公开招聘",
        "status": "在岗",
        "social_work_level": "社会工作师",
        "note": "优秀网格员",
    }
    data.update(overrides)
    return data


def create(db, unit, **overrides):
    return service.create_person(db, person_data(unit, **overrides), ACTOR, today=TODAY)


# --- create ------------------------------------------------------------------------------------


def test_create_stores_every_field_normalized_and_derived(db, unit_id):
    number = id_ending_in_x()
    typed = f" {number[:6]} {number[6:14].translate(FULL_WIDTH)} {number[14:-1]}x "
    result = create(
        db,
        unit_id,
        name="王　伟",
        id_number=typed,
        phone="138 0013 8000",
        party_join_date="2012.7.1",
        work_start_date="2012年9月1日",
        post_start_date="20150301",
    )

    person = service.get_person(db, result.record_id)
    info = parse_id_number(number, today=TODAY)
    assert person["name"] == "王伟"
    assert person["id_number"] == number
    assert person["id_number"].endswith("X")
    assert person["gender"] == info.gender
    assert person["birth_date"] == info.birth_date.isoformat() == "1985-06-20"
    assert person["role"] == "community_worker"
    assert person["ethnicity"] == "汉族"
    assert person["education"] == "大学本科"
    assert person["major"] == "社会工作"
    assert person["political_status"] == "中共党员"
    assert person["party_join_date"] == "2012-07-01"
    assert person["work_start_date"] == "2012-09-01"
    assert person["post_start_date"] == "2015-03-01"
    assert person["unit_id"] == unit_id
    assert person["position"] == "网格员"
    assert person["phone"] == "13800138000"
    assert person["source"] == "公开招聘"
    assert person["status"] == "在岗"
    assert person["social_work_level"] == "社会工作师"
    assert person["note"] == "优秀网格员"
    assert person["search_key"].split()[0] == "ww"
    assert person["deleted_at"] is None and person["deleted_by"] is None
    assert len(person["uid"]) == 36
    assert person["created_at"] == person["updated_at"]
    assert result.changes.people and result.message == "已新增“王伟”"


def test_search_key_holds_pinyin_initials(db, unit_id):
    person_id = create(db, unit_id, name="张三").record_id
    key = service.get_person(db, person_id)["search_key"]
    assert "zs" in key
    assert "zhangsan" in key


def test_typed_gender_and_birth_date_that_agree_are_accepted(db, unit_id):
    person_id = create(db, unit_id, gender="男", birth_date="1990.3.15").record_id
    person = service.get_person(db, person_id)
    assert (person["gender"], person["birth_date"]) == ("男", "1990-03-15")


def test_status_defaults_to_on_duty(db, unit_id):
    person_id = create(db, unit_id, status="").record_id
    assert service.get_person(db, person_id)["status"] == "在岗"


def test_create_writes_audit_row_with_after_values(db, unit_id):
    before = count(db, "audit_log")
    person_id = create(db, unit_id).record_id

    rows = audit_rows(db)
    assert len(rows) == before + 1
    actor, action, entity, record_id, label, old, new = rows[-1]
    assert (actor, action, entity, record_id, label, old) == (
        ACTOR,
        "create",
        "person",
        person_id,
        "张三",
        None,
    )
    after = json.loads(new)
    assert set(after) <= set(EDITABLE_FIELDS)
    assert after["name"] == "张三"
    assert after["id_number"] == make_id()
    assert after["birth_date"] == "1990-03-15"
    assert after["unit_id"] == unit_id
    assert after["phone"] == "13800138000"
    uid = db.execute("SELECT record_uid FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()[0]
    assert uid == service.get_person(db, person_id)["uid"]


def test_create_and_audit_share_one_transaction(db, unit_id, monkeypatch):
    def broken_record(*args, **kwargs):
        raise RuntimeError("audit failed")

    people, audits = count(db, "people"), count(db, "audit_log")
    monkeypatch.setattr(service.audit, "record", broken_record)
    with pytest.raises(RuntimeError):
        create(db, unit_id)
    assert (count(db, "people"), count(db, "audit_log")) == (people, audits)
    assert not db.conn.in_transaction


def test_typed_gender_contradicting_the_id_is_refused(db, unit_id):
    with pytest.raises(ValidationError) as caught:
        create(db, unit_id, gender="女")  # make_id() is a man's number
    message = caught.value.errors["gender"]
    assert "女" in message and "男" in message and make_id() in message
    assert count(db, "people") == 0


def test_typed_birth_date_contradicting_the_id_is_refused(db, unit_id):
    with pytest.raises(ValidationError) as caught:
        create(db, unit_id, birth_date="1990-03-16")
    message = caught.value.errors["birth_date"]
    assert "1990-03-16" in message and "1990-03-15" in message
    assert count(db, "people") == 0


def test_fifteen_digit_number_is_upgraded_and_the_message_says_so(db, unit_id):
    old = "510107900315123"
    result = create(db, unit_id, id_number=old, party_join_date=None)
    stored = service.get_person(db, result.record_id)
    assert stored["id_number"] == make_id("19900315", "123")
    assert stored["birth_date"] == "1990-03-15"
    assert stored["gender"] == "男"
    assert "15位" in result.message and old in result.message and stored["id_number"] in result.message


def test_duplicate_living_id_is_refused_naming_the_holder(db, unit_id):
    create(db, unit_id, name="张三")
    before = (count(db, "people"), count(db, "audit_log"))
    # The same number typed differently is still the same number.
    spaced = " ".join(make_id()[i : i + 6] for i in range(0, 18, 6))
    with pytest.raises(ValidationError) as caught:
        create(db, unit_id, name="李四", id_number=spaced)
    assert "张三" in caught.value.errors["id_number"]
    assert make_id() in caught.value.errors["id_number"]
    assert (count(db, "people"), count(db, "audit_log")) == before


def test_id_of_a_person_in_the_bin_can_be_given_to_a_new_person(db, unit_id):
    # The unique index is partial (deleted_at IS NULL): only living people must have distinct numbers.
    old_id = create(db, unit_id, name="张三").record_id
    service.retire_people(db, [old_id], ACTOR)
    new_id = create(db, unit_id, name="张叁").record_id

    rows = db.execute(
        "SELECT id, name, deleted_at IS NULL FROM people WHERE id_number = ? ORDER BY id", [make_id()]
    )
    assert rows.fetchall() == [(old_id, "张三", 0), (new_id, "张叁", 1)]
    assert service.holder_of(db, make_id()) == (new_id, "张叁")


# --- update ------------------------------------------------------------------------------------


def test_update_records_only_changed_fields(db, unit_id):
    person_id = create(db, unit_id).record_id
    audits = count(db, "audit_log")

    result = service.update_person(
        db, person_id, {"phone": "139 0000 1111", "position": "居委会委员"}, ACTOR, today=TODAY
    )

    person = service.get_person(db, person_id)
    assert (person["phone"], person["position"]) == ("13900001111", "居委会委员")
    assert person["name"] == "张三" and person["note"] == "优秀网格员"
    assert count(db, "audit_log") == audits + 1
    actor, action, entity, record_id, label, old, new = audit_rows(db)[-1]
    assert (actor, action, entity, record_id, label) == (ACTOR, "update", "person", person_id, "张三")
    assert json.loads(old) == {"phone": "13800138000", "position": "网格员"}
    assert json.loads(new) == {"phone": "13900001111", "position": "居委会委员"}
    assert result.changes.people and result.changes.audit


def test_update_of_name_refreshes_search_key_but_does_not_audit_it(db, unit_id):
    person_id = create(db, unit_id).record_id
    service.update_person(db, person_id, {"name": "李　四"}, ACTOR, today=TODAY)
    person = service.get_person(db, person_id)
    assert person["name"] == "李四"
    assert person["search_key"].split()[0] == "ls"
    _, _, _, _, label, old, new = audit_rows(db)[-1]
    assert label == "李四"
    assert (json.loads(old), json.loads(new)) == ({"name": "张三"}, {"name": "李四"})


@pytest.mark.parametrize(
    "same",
    [
        {},
        {"phone": "138 0013 8000"},
        {"name": "张 三"},
        {"party_join_date": "2012.7.1"},
        {"id_number": make_id().translate(FULL_WIDTH)},
    ],
    ids=["nothing", "phone-spaced", "name-spaced", "date-typed-otherwise", "id-full-width"],
)
def test_update_without_a_real_change_writes_nothing(db, unit_id, same):
    person_id = create(db, unit_id).record_id
    stored = service.get_person(db, person_id)
    audits = count(db, "audit_log")

    result = service.update_person(db, person_id, same, ACTOR, today=TODAY)

    assert result.changes.audit is False
    assert result.changes.people is False
    assert count(db, "audit_log") == audits
    assert service.get_person(db, person_id) == stored


def test_update_to_another_living_persons_id_is_refused(db, unit_id):
    create(db, unit_id, name="张三")
    other = create(db, unit_id, name="李四", id_number=make_id(seq="125")).record_id
    with pytest.raises(ValidationError) as caught:
        service.update_person(db, other, {"id_number": make_id()}, ACTOR, today=TODAY)
    assert "张三" in caught.value.errors["id_number"]
    assert service.get_person(db, other)["id_number"] == make_id(seq="125")


def test_update_of_a_person_in_the_bin_is_refused(db, unit_id):
    person_id = create(db, unit_id).record_id
    service.retire_people(db, [person_id], ACTOR)
    with pytest.raises(OperationRefused):
        service.update_person(db, person_id, {"phone": "13900001111"}, ACTOR, today=TODAY)


def test_correcting_the_id_number_rederives_birth_date_and_gender(db, unit_id):
    person_id = create(db, unit_id).record_id  # 1990-03-15, male
    corrected = make_id("19910416", "124")  # 1991-04-16, female
    service.update_person(db, person_id, {"id_number": corrected}, ACTOR, today=TODAY)
    person = service.get_person(db, person_id)
    assert (person["id_number"], person["birth_date"], person["gender"]) == (corrected, "1991-04-16", "女")


# --- retire ------------------------------------------------------------------------------------


def test_retire_moves_people_to_the_bin_and_audits(db, unit_id):
    first = create(db, unit_id, name="张三").record_id
    second = create(db, unit_id, name="李四", id_number=make_id(seq="125")).record_id
    keep = create(db, unit_id, name="王五", id_number=make_id(seq="127")).record_id
    audits = count(db, "audit_log")

    result = service.retire_people(db, [first, second, 999], ACTOR)

    assert service.get_person(db, first) is None
    gone = service.get_person(db, first, include_deleted=True)
    assert gone["deleted_at"] is not None and gone["deleted_by"] == ACTOR
    assert service.get_person(db, second, include_deleted=True)["deleted_by"] == ACTOR
    assert service.get_person(db, keep)["deleted_at"] is None
    assert count(db, "people") == 3  # nothing deleted outright
    rows = audit_rows(db)[audits:]
    assert [(r[1], r[2], r[3], r[4]) for r in rows] == [
        ("delete", "person", first, "张三"),
        ("delete", "person", second, "李四"),
    ]
    assert json.loads(rows[0][5])["id_number"] == make_id()
    assert rows[0][6] is None
    assert result.changes.recycle_bin and "张三" in result.message and "李四" in result.message


# --- validation rules --------------------------------------------------------------------------

DELETED_UNIT = object()

RULES = [
    pytest.param({"political_status": "群众"}, "party_join_date", "政治面貌", id="party-date-for-masses"),
    pytest.param({"party_join_date": "2007-01-01"}, "party_join_date", "未满18周岁", id="party-before-18"),
    pytest.param({"work_start_date": "2005-01-01"}, "work_start_date", "未满16周岁", id="work-before-16"),
    pytest.param(
        {"post_start_date": "2012-08-31"}, "post_start_date", "早于参加工作时间", id="post-before-work"
    ),
    pytest.param({"post_start_date": "2024-06-02"}, "post_start_date", "晚于今天", id="future-post"),
    pytest.param({"party_join_date": "2030.1"}, "party_join_date", "晚于今天", id="future-party"),
    pytest.param({"work_start_date": "2019年13月1日"}, "work_start_date", "月份", id="impossible-date"),
    pytest.param({"phone": "12345"}, "phone", "12345", id="short-phone"),
    pytest.param({"phone": "1380013800a"}, "phone", "联系电话", id="letter-in-phone"),
    pytest.param({"ethnicity": "汉"}, "ethnicity", "汉", id="ethnicity"),
    pytest.param({"education": "本科"}, "education", "本科", id="education"),
    pytest.param({"political_status": "党员"}, "political_status", "党员", id="political-status"),
    pytest.param({"source": "网上报名"}, "source", "网上报名", id="source"),
    pytest.param({"status": "在职"}, "status", "在职", id="status"),
    pytest.param({"social_work_level": "中级"}, "social_work_level", "中级", id="social-work-level"),
    pytest.param({"gender": "未知"}, "gender", "未知", id="gender"),
    pytest.param({"role": "干部"}, "role", "干部", id="role"),
    pytest.param({"role": ""}, "role", "人员类别", id="no-role"),
    pytest.param({"name": ""}, "name", "姓名", id="no-name"),
    pytest.param({"name": "张3"}, "name", "张3", id="digit-in-name"),
    pytest.param({"id_number": ""}, "id_number", "不能为空", id="no-id"),
    pytest.param({"id_number": make_id()[:-1] + "0"}, "id_number", "校验位", id="bad-check-digit"),
    pytest.param({"id_number": 5.10107199003151e17}, "id_number", "Excel", id="id-as-excel-number"),
    pytest.param({"unit_id": None}, "unit_id", "工作单位", id="no-unit"),
    pytest.param({"unit_id": 12345}, "unit_id", "不存在", id="unknown-unit"),
    pytest.param({"unit_id": DELETED_UNIT}, "unit_id", "已被删除", id="deleted-unit"),
]


@pytest.mark.parametrize(("overrides", "field", "fragment"), RULES)
def test_validation_rules_refuse_and_write_nothing(db, unit_id, overrides, field, fragment):
    if overrides.get("unit_id") is DELETED_UNIT:
        gone = create_unit(db, {"name": "已撤销社区", "kind": "社区/村"}, ACTOR).record_id
        delete_unit(db, gone, ACTOR)
        overrides = {"unit_id": gone}
    before = (count(db, "people"), count(db, "audit_log"))

    with pytest.raises(ValidationError) as caught:
        create(db, unit_id, **overrides)

    assert field in caught.value.errors, caught.value.errors
    assert fragment in caught.value.errors[field]
    assert fragment in str(caught.value)
    assert (count(db, "people"), count(db, "audit_log")) == before


def test_update_is_validated_by_the_same_rules(db, unit_id):
    person_id = create(db, unit_id).record_id
    stored = service.get_person(db, person_id)
    audits = count(db, "audit_log")
    with pytest.raises(ValidationError) as caught:
        service.update_person(db, person_id, {"political_status": "群众"}, ACTOR, today=TODAY)
    assert "party_join_date" in caught.value.errors
    assert service.get_person(db, person_id) == stored
    assert count(db, "audit_log") == audits


# --- open-ended input --------------------------------------------------------------------------

VALID_POOL = {
    "role": ["instructor", "社区工作者", "青年干部"],
    "name": ["张三", "欧阳娜娜", "阿依古丽·买买提"],
    "gender": ["", "", "男"],
    "ethnicity": ["汉族", "回族", ""],
    "id_number": [make_id(), make_id("19850620", "124"), "510107900315123", id_ending_in_x().lower()],
    "birth_date": ["", "", "", "1990-03-15"],
    "education": ["大学本科", "研究生"],
    "major": ["法学"],
    "political_status": ["中共党员", "中共党员", "群众"],
    "party_join_date": ["", "2012.7", "2019-07-01"],
    "work_start_date": ["", "201909", "2018-09-01"],
    "post_start_date": ["", "2020年3月", "2020-03-01"],
    "position": ["网格员"],
    "phone": ["13800138000", "0571-88886666", ""],
    "source": ["公开招聘", "选调"],
    "status": ["在岗", "退休", ""],
    "social_work_level": ["无", "社会工作师"],
    "note": ["", "=SUM(A1)"],
}
TEXT_FIELDS = [f for f in EDITABLE_FIELDS if f not in ("unit_id", "photo")]


@pytest.fixture(scope="module")
def shared_office(tmp_path_factory):
    office = open_office(tmp_path_factory.mktemp("hypothesis") / "x.db")
    unit = create_unit(office.db, {"name": "东门社区", "kind": "社区/村"}, ACTOR).record_id
    yield office, unit
    office.close(backup_if_changed=False)


def random_id_numbers():
    births = st.dates(dt.date(1940, 1, 1), dt.date(2000, 12, 31)).map(lambda d: d.strftime("%Y%m%d"))
    return st.builds(make_id, births, st.integers(0, 999).map(lambda n: f"{n:03d}"))


@st.composite
def person_dicts(draw, unit: int) -> dict:
    """Mostly plausible records with a few fields replaced by arbitrary text (or left out)."""
    garbled = draw(st.sets(st.sampled_from([*TEXT_FIELDS, "unit_id"]), max_size=3))
    data: dict = {}
    for field in TEXT_FIELDS:
        if field in garbled:
            data[field] = draw(st.text(max_size=20))
        elif field == "id_number":
            data[field] = draw(random_id_numbers() | st.sampled_from(VALID_POOL[field]))
        else:
            data[field] = draw(st.sampled_from(VALID_POOL.get(field, [""])))
    data["unit_id"] = draw(st.text(max_size=5)) if "unit_id" in garbled else str(unit)
    for field in draw(st.sets(st.sampled_from(TEXT_FIELDS), max_size=3)):
        data.pop(field, None)
    return data


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_create_person_raises_only_validation_errors(shared_office, data):
    office, unit = shared_office
    db = office.db
    record = data.draw(person_dicts(unit))
    before = db.execute("SELECT * FROM people ORDER BY id").fetchall()
    audits = count(db, "audit_log")
    try:
        result = service.create_person(db, record, ACTOR, today=TODAY)
    except (ValidationError, OperationRefused) as exc:
        event("refused")
        assert str(exc)
        assert db.execute("SELECT * FROM people ORDER BY id").fetchall() == before
        assert count(db, "audit_log") == audits
    else:
        event("created")
        assert count(db, "people") == len(before) + 1
        assert count(db, "audit_log") == audits + 1
        stored = service.get_person(db, result.record_id)
        info = parse_id_number(stored["id_number"], today=TODAY)
        assert (stored["birth_date"], stored["gender"]) == (info.birth_date.isoformat(), info.gender)
    assert not db.conn.in_transaction


# --- pinyin search keys of people stored by an older version ---------------------------------------------


def test_search_keys_are_rebuilt_when_an_older_database_is_opened(tmp_path):
    import shutil
    from pathlib import Path

    from app.people.pinyin import search_key

    released = Path(__file__).resolve().parents[1] / "data" / "schema_m001.db"
    path = tmp_path / "old.db"
    shutil.copyfile(released, path)  # people stored with the old key: 'zs zhangsan'
    office = open_office(path)
    try:
        rows = office.db.execute("SELECT name, search_key FROM people ORDER BY id").fetchall()
        assert rows == [(name, search_key(name)) for name, _key in rows]
        assert rows[0][1] == "zs zhangsan s san"
    finally:
        office.close(backup_if_changed=False)


def test_every_problem_is_reported_at_once_duplicate_and_unit_included(db, unit_id):
    create(db, unit_id)  # 张三 holds make_id()
    with pytest.raises(ValidationError) as caught:
        service.create_person(
            db,
            {
                "role": "community_worker",
                "name": "李四",
                "id_number": make_id(),
                "gender": "女",
                "unit_id": 999,
            },
            ACTOR,
            today=TODAY,
        )
    errors = caught.value.errors
    assert set(errors) == {"id_number", "gender", "unit_id"}
    assert "张三" in errors["id_number"]


# --- batch change: one field for several people, one transaction, one audit row each --------------------------


@pytest.fixture
def three(db, unit_id):
    return [create(db, unit_id, name=name, id_number=make_id(seq=seq)).record_id for name, seq in
            (("张三", "123"), ("李四", "125"), ("王五", "127"))]  # fmt: skip


@pytest.mark.parametrize(
    ("field", "value", "stored"),
    [
        ("status", "离岗", "离岗"),
        ("role", "reserve_cadre", "reserve_cadre"),
        ("role", "青年干部", "reserve_cadre"),
    ],
)
def test_batch_change_sets_one_field_for_everybody_and_audits_each(db, three, field, value, stored):
    from app import audit

    audits = count(db, "audit_log")
    result = service.set_field_for_people(db, three, field, value, ACTOR)
    assert db.execute(f"SELECT DISTINCT {field} FROM people").fetchall() == [(stored,)]
    assert count(db, "audit_log") == audits + 3
    for person in three:
        entry = audit.query(db, entity="person", record_id=person)[0]  # the person's history shows it
        assert entry.action == "update" and entry.actor == ACTOR
        assert entry.after == {field: stored} and list(entry.before) == [field]
    assert result.changes.people and "3 人" in result.message


def test_batch_change_of_unit_checks_the_unit_is_living(db, three, unit_id):
    other = create_unit(db, {"name": "西门社区", "kind": "社区/村"}, ACTOR).record_id
    service.set_field_for_people(db, three[:2], "unit_id", other, ACTOR)
    assert db.execute("SELECT unit_id FROM people ORDER BY id").fetchall() == [(other,), (other,), (unit_id,)]
    gone = create_unit(db, {"name": "旧社区", "kind": "社区/村"}, ACTOR).record_id
    delete_unit(db, gone, ACTOR)
    for bad in (gone, 999, None):
        with pytest.raises(ValidationError) as caught:
            service.set_field_for_people(db, three, "unit_id", bad, ACTOR)
        assert "unit_id" in caught.value.errors


@pytest.mark.parametrize(
    ("field", "value"), [("status", "休假"), ("role", "队长"), ("role", ""), ("name", "张三"), ("phone", "1")]
)
def test_batch_change_refuses_values_and_fields_it_does_not_know(db, three, field, value):
    audits = count(db, "audit_log")
    with pytest.raises(ValidationError):
        service.set_field_for_people(db, three, field, value, ACTOR)
    assert count(db, "audit_log") == audits


def test_batch_change_skips_people_who_already_have_the_value_and_is_atomic(db, three, monkeypatch):
    service.set_field_for_people(db, three[:1], "status", "离岗", ACTOR)
    audits = count(db, "audit_log")
    result = service.set_field_for_people(db, three, "status", "离岗", ACTOR)
    assert count(db, "audit_log") == audits + 2
    assert "2 人" in result.message and "1 人" in result.message
    from app import audit as audit_module

    calls = []

    def failing(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk full")

    monkeypatch.setattr(audit_module, "record", failing)
    with pytest.raises(RuntimeError):
        service.set_field_for_people(db, three, "status", "在岗", ACTOR)
    assert db.execute("SELECT DISTINCT status FROM people").fetchall() == [("离岗",)]


@pytest.mark.parametrize(
    "value",
    [dt.date(1899, 12, 31), dt.date(1900, 1, 1), dt.date(2026, 12, 2), dt.date(2026, 12, 3),
     dt.datetime(2020, 5, 6, 7, 8), "2020.5.6", 43000.0, "not a date"],
)  # fmt: skip
def test_a_date_field_reads_a_date_cell_as_parse_date_does(value):
    """clean_person takes a plain date cell without parse_date: the same value and the same refusal."""
    from app.dates import DateError, parse_date
    from app.people.validation import _check_dates

    today = dt.date(2026, 12, 2)
    errors: dict[str, str] = {}
    out = _check_dates({"work_start_date": value}, errors, today)
    try:
        expected = parse_date(value, field="参加工作时间", today=today)
    except DateError as exc:
        assert errors == {"work_start_date": str(exc)} and out["work_start_date"] is None
    else:
        assert errors == {} and out["work_start_date"] == expected.isoformat()


@pytest.mark.parametrize(
    "value",
    [dt.date(1899, 12, 31), dt.date(1990, 3, 7), dt.date(1990, 3, 1), dt.date(1990, 4, 7), dt.date(2026, 12, 3),
     dt.datetime(1990, 3, 7, 8, 0), "1990.3", 1990.03, "", None],
)  # fmt: skip
def test_a_birth_date_cell_is_compared_with_the_id_number_as_parse_date_reads_it(value):
    from app.dates import DateError, parse_date
    from app.people.validation import _same_birth, id_contradictions

    today = dt.date(2026, 12, 2)
    number = "110101199003070" + "01"
    info = parse_id_number(number + check_digit(number), today=today)
    found = id_contradictions(info, None, value, today=today)
    if value is None or value == "":
        assert found == {}
        return
    try:
        typed = parse_date(value, field="出生日期", today=today)
    except DateError as exc:
        assert found == {"birth_date": str(exc)}
    else:
        assert ("birth_date" in found) == (not _same_birth(typed, info.birth_date, value))


@pytest.mark.parametrize(("born", "agrees"), [("0105", True), ("1005", True), ("0505", False)])
def test_a_birth_month_excel_made_ambiguous_agrees_with_a_number_born_in_either_month(born, agrees):
    from app.people.validation import id_contradictions

    today = dt.date(2026, 12, 2)
    number = f"1101011990{born}001"
    info = parse_id_number(number + check_digit(number), today=today)
    found = id_contradictions(
        info, None, 1990.1, today=today
    )  # "1990.1" or "1990.10" typed into a number cell
    assert found == {} if agrees else "无法确定是1990年1月还是10月" in found["birth_date"]
