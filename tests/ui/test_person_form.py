"""The person form: typed into key by key, validated as you type, saved with Enter, nothing typed ever lost."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit

from tests.ui.conftest import add_person, add_unit, make_id
from ui import dialogs
from ui.people.person_form import PersonDialog

VALID_ID = "11010519491231002X"  # a woman born 1949-12-31


@pytest.fixture
def unit(ctx):
    return add_unit(ctx.db, "东门社区")


@pytest.fixture
def form(ctx, unit, qtbot, monkeypatch):
    # Closing a half-filled form at teardown asks whether to discard it: say yes.
    monkeypatch.setattr(dialogs, "ask", lambda *args, **kw: True)
    dialog = PersonDialog(ctx, None)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def choose(box: QComboBox, data) -> None:
    box.setCurrentIndex(box.findData(data))


def fill_minimum(form: PersonDialog, qtbot, unit: int, id_number: str = VALID_ID) -> None:
    choose(form.fields["role"], "community_worker")
    form.fields["name"].insert("王　伟")
    qtbot.keyClicks(form.fields["id_number"], id_number)
    choose(form.fields["unit_id"], unit)


def count_people(ctx) -> int:
    return ctx.db.execute("SELECT count(*) FROM people").fetchone()[0]


def test_valid_id_fills_birth_date_and_gender(form, qtbot):
    qtbot.keyClicks(form.fields["id_number"], VALID_ID.lower())
    assert form.fields["birth_date"].text() == "1949-12-31"
    assert form.fields["gender"].currentText() == "女"
    assert not form.errors["id_number"].isVisible()


def test_wrong_check_digit_turns_red_and_says_why(form, qtbot):
    qtbot.keyClicks(form.fields["id_number"], "110105194912310021")
    message = form.errors["id_number"].text()
    assert "校验位" in message and "X" in message
    assert form.errors["id_number"].isVisible()
    assert form.fields["id_number"].property("error") is True


def test_half_typed_id_shows_progress_not_an_error(form, qtbot):
    qtbot.keyClicks(form.fields["id_number"], "1101051949")
    assert form.errors["id_number"].text() == "已输入 10 位"
    assert not form.fields["id_number"].property("error")


def test_impossible_date_is_flagged_as_you_type(form, qtbot):
    qtbot.keyClicks(form.fields["work_start_date"], "2019-02-30")
    assert "2019-02-30" in form.errors["work_start_date"].text()


def test_enter_saves_a_new_person(form, ctx, qtbot, unit):
    fill_minimum(form, qtbot, unit)
    qtbot.keyClicks(form.fields["phone"], "13800001111")
    qtbot.keyClick(form.fields["phone"], Qt.Key.Key_Return)
    assert form.result() == PersonDialog.DialogCode.Accepted
    row = ctx.db.execute("SELECT name, gender, birth_date, phone, unit_id, role FROM people").fetchone()
    assert row == ("王伟", "女", "1949-12-31", "13800001111", unit, "community_worker")
    assert form.saved_id is not None


def test_failed_save_keeps_everything_typed_and_names_the_problem(form, ctx, qtbot, unit):
    fill_minimum(form, qtbot, unit)
    qtbot.keyClicks(form.fields["phone"], "12345")
    choose(form.fields["political_status"], "群众")
    qtbot.keyClicks(form.fields["party_join_date"], "2010-07-01")
    form.save_button.click()
    assert form.isVisible()
    assert count_people(ctx) == 0
    assert "12345" in form.errors["phone"].text()
    assert "政治面貌" in form.errors["party_join_date"].text()
    assert "2 处" in form.banner.text()
    assert form.fields["name"].text() == "王　伟"
    assert form.fields["phone"].text() == "12345"
    assert form.fields["party_join_date"].text() == "2010-07-01"


def test_contradicting_gender_is_refused_naming_both(form, ctx, qtbot, unit):
    fill_minimum(form, qtbot, unit)
    choose(form.fields["gender"], "男")
    form.save_button.click()
    assert count_people(ctx) == 0
    assert "男" in form.errors["gender"].text() and "女" in form.errors["gender"].text()


def test_duplicate_id_names_the_holder(form, ctx, qtbot, unit):
    add_person(ctx.db, "李梅", VALID_ID, unit)
    fill_minimum(form, qtbot, unit)
    form.save_button.click()
    assert "李梅" in form.errors["id_number"].text()
    assert count_people(ctx) == 1


def test_save_and_next_keeps_role_and_unit_and_clears_the_rest(form, ctx, qtbot, unit):
    fill_minimum(form, qtbot, unit)
    form.save_new_button.click()
    assert count_people(ctx) == 1
    assert form.isVisible()
    assert form.fields["name"].text() == "" and form.fields["id_number"].text() == ""
    assert form.fields["role"].currentData() == "community_worker"
    assert form._unit_value(form.fields["unit_id"]) == unit
    assert "王伟" in form.banner.text()
    form.fields["name"].insert("李娜")
    qtbot.keyClicks(form.fields["id_number"], make_id(2))
    qtbot.keyClick(form.fields["id_number"], Qt.Key.Key_Enter)
    assert count_people(ctx) == 2


def test_fifteen_digit_number_is_upgraded_and_said(form, ctx, qtbot, unit):
    fill_minimum(form, qtbot, unit, id_number="130503670401001")
    form.fields["id_number"].editingFinished.emit()
    assert "130503196704010016" in form.banner.text()
    form.save_button.click()
    assert ctx.db.execute("SELECT id_number FROM people").fetchone()[0] == "130503196704010016"


def test_escape_with_unsaved_text_asks_before_discarding(form, qtbot, monkeypatch):
    asked = []
    monkeypatch.setattr(dialogs, "ask", lambda *args, **kw: asked.append(args[2]) or False)
    form.fields["name"].insert("赵六")
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert asked and form.isVisible()
    assert form.fields["name"].text() == "赵六"


def test_escape_on_an_untouched_form_closes_without_asking(form, qtbot, monkeypatch):
    monkeypatch.setattr(dialogs, "ask", lambda *args, **kw: pytest.fail("asked without need"))
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert not form.isVisible()


def test_editing_loads_and_saves_only_the_change(ctx, unit, qtbot, monkeypatch):
    monkeypatch.setattr(dialogs, "ask", lambda *args, **kw: True)
    person = add_person(ctx.db, "张三", make_id(1), unit, phone="13800001111", position="网格员")
    dialog = PersonDialog(ctx, person)
    qtbot.addWidget(dialog)
    assert dialog.fields["name"].text() == "张三"
    assert dialog.fields["position"].text() == "网格员"
    dialog.fields["phone"].setText("13900002222")
    dialog.save_button.click()
    assert ctx.db.execute("SELECT phone FROM people WHERE id = ?", [person]).fetchone()[0] == "13900002222"
    before, after = ctx.db.execute(
        "SELECT before, after FROM audit_log WHERE action = 'update' ORDER BY id DESC"
    ).fetchone()
    assert "13800001111" in before and "13900002222" in after and "网格员" not in after


def test_tab_order_walks_the_fields_a_clerk_types(form):
    order, widget = [], form.fields["role"]
    for _ in range(6):
        order.append(next(k for k, w in form.fields.items() if w is widget))
        widget = widget.nextInFocusChain()
        while (
            not isinstance(widget, QLineEdit | QComboBox) or widget.focusPolicy() == Qt.FocusPolicy.ClickFocus
        ):
            widget = widget.nextInFocusChain()
        if isinstance(widget.parent(), QComboBox):
            widget = widget.parent()
    assert order == ["role", "name", "id_number", "ethnicity", "political_status", "party_join_date"]


def test_photo_is_scaled_and_stored(form, ctx, qtbot, unit, tmp_path, monkeypatch):
    from PySide6.QtGui import QColor, QImage

    picture = tmp_path / "photo.png"
    image = QImage(1200, 1600, QImage.Format.Format_RGB32)
    image.fill(QColor("steelblue"))
    image.save(str(picture))
    monkeypatch.setattr(dialogs, "open_file", lambda *args, **kw: picture)
    form.choose_photo()
    fill_minimum(form, qtbot, unit)
    form.save_button.click()
    stored = ctx.db.execute("SELECT photo FROM people").fetchone()[0]
    loaded = QImage.fromData(stored)
    assert stored[:2] == b"\xff\xd8"  # JPEG
    assert (loaded.width(), loaded.height()) == (295, 393)


def test_same_named_communities_are_told_apart_by_their_street(ctx, qtbot, monkeypatch):
    monkeypatch.setattr(dialogs, "ask", lambda *args, **kw: True)
    east = add_unit(ctx.db, "东城街道", "街道/镇")
    west = add_unit(ctx.db, "西城街道", "街道/镇")
    add_unit(ctx.db, "锦绣社区", parent_id=east)
    west_jinxiu = add_unit(ctx.db, "锦绣社区", parent_id=west)
    dialog = PersonDialog(ctx, None)
    qtbot.addWidget(dialog)
    box = dialog.fields["unit_id"]
    assert box.findText("西城街道 / 锦绣社区") > 0 and box.findText("东城街道 / 锦绣社区") > 0
    choose(box, west_jinxiu)
    choose(dialog.fields["role"], "community_worker")
    dialog.fields["name"].insert("王伟")
    qtbot.keyClicks(dialog.fields["id_number"], VALID_ID)
    dialog.save_button.click()
    person = dialog.saved_id
    assert ctx.db.execute("SELECT unit_id FROM people WHERE id = ?", [person]).fetchone()[0] == west_jinxiu
    edit = PersonDialog(ctx, person)
    qtbot.addWidget(edit)
    edit.fields["note"].setText("只改备注")
    edit.save_button.click()
    assert ctx.db.execute("SELECT unit_id FROM people WHERE id = ?", [person]).fetchone()[0] == west_jinxiu


def test_a_new_number_clears_what_the_old_one_filled_in(form, qtbot):
    qtbot.keyClicks(form.fields["id_number"], VALID_ID)
    assert form.fields["birth_date"].text() == "1949-12-31"
    form.fields["id_number"].setText("11010519491231002")
    qtbot.keyClicks(form.fields["id_number"], "1")  # 18 characters, wrong check digit
    assert form.fields["birth_date"].text() == "" and form.fields["gender"].currentText() == ""


# --- typed gender and birth date are the clerk's; every problem is said at once -----------------------------


def test_an_id_number_never_overwrites_a_typed_gender_and_birth_date(form, qtbot):
    choose(form.fields["gender"], "男")
    form.fields["birth_date"].setText("1950-01-01")
    qtbot.keyClicks(form.fields["id_number"], VALID_ID)  # a woman born 1949-12-31
    assert form.fields["gender"].currentText() == "男"
    assert form.fields["birth_date"].text() == "1950-01-01"
    gender, birth = form.errors["gender"].text(), form.errors["birth_date"].text()
    assert "男" in gender and "女" in gender and form.errors["gender"].isVisible()
    assert "1950-01-01" in birth and "1949-12-31" in birth and form.errors["birth_date"].isVisible()


def test_a_typed_gender_that_agrees_stays_without_complaint(form, qtbot):
    choose(form.fields["gender"], "女")
    qtbot.keyClicks(form.fields["id_number"], VALID_ID)
    assert form.fields["gender"].currentText() == "女"
    assert form.fields["birth_date"].text() == "1949-12-31"
    assert not form.errors["gender"].isVisible() and not form.errors["birth_date"].isVisible()


def test_a_duplicate_id_is_named_as_soon_as_it_is_typed(form, ctx, qtbot, unit):
    add_person(ctx.db, "李梅", VALID_ID, unit)
    qtbot.keyClicks(form.fields["id_number"], VALID_ID)
    assert "李梅" in form.errors["id_number"].text()
    assert form.errors["id_number"].isVisible()


def test_save_names_every_problem_at_once(form, ctx, qtbot, unit):
    add_person(ctx.db, "李梅", VALID_ID, unit)
    fill_minimum(form, qtbot, unit)
    choose(form.fields["gender"], "男")
    qtbot.keyClicks(form.fields["phone"], "12345")
    form.save_button.click()
    assert count_people(ctx) == 1
    assert "李梅" in form.errors["id_number"].text()
    assert "男" in form.errors["gender"].text()
    assert "12345" in form.errors["phone"].text()
    assert "3 处" in form.banner.text()


def test_editing_a_person_their_own_number_is_no_duplicate_and_a_new_one_refills(
    ctx, unit, qtbot, monkeypatch
):
    monkeypatch.setattr(dialogs, "ask", lambda *args, **kw: True)
    person = add_person(ctx.db, "李梅", VALID_ID, unit)
    dialog = PersonDialog(ctx, person)
    qtbot.addWidget(dialog)
    dialog.fields["id_number"].clear()
    qtbot.keyClicks(dialog.fields["id_number"], VALID_ID)
    assert not dialog.errors["id_number"].isVisible()
    dialog.fields["id_number"].clear()
    qtbot.keyClicks(dialog.fields["id_number"], make_id(3))  # a man born 1990-01-01
    assert dialog.fields["gender"].currentText() == "男"
    assert dialog.fields["birth_date"].text() == "1990-01-01"
    assert not dialog.errors["gender"].isVisible()


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("028-85130001 转 801", "028-85130001转801"), ("13980160005（微信同号）", "13980160005")],
)
def test_a_phone_the_roster_import_accepts_is_accepted_as_typed_and_saved(
    form, ctx, qtbot, unit, typed, stored
):
    fill_minimum(form, qtbot, unit)
    form.fields["phone"].insert(typed)  # keyClicks cannot type Chinese characters
    assert not form.errors["phone"].isVisible(), form.errors["phone"].text()
    qtbot.keyClick(form.fields["phone"], Qt.Key.Key_Return)
    assert form.result() == PersonDialog.DialogCode.Accepted, form.banner.text()
    assert ctx.db.execute("SELECT phone FROM people").fetchone()[0] == stored
