"""Opening an office database: folders typed by a user are never created; the per-user data folder is."""

from __future__ import annotations

from pathlib import Path

import pytest

from app import paths
from app.office import OfficeError, open_office


def test_a_database_in_a_missing_folder_is_refused_and_the_folder_not_created(tmp_path):
    target = tmp_path / "no" / "such" / "office.db"
    with pytest.raises(OfficeError) as caught:
        open_office(target)
    assert str(target.parent) in caught.value.message and "不存在" in caught.value.message
    assert not (tmp_path / "no").exists()


def test_a_path_that_is_a_file_where_the_folder_should_be_is_refused(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(OfficeError, match="不是文件夹"):
        open_office(blocker / "office.db")


def test_a_new_database_in_an_existing_folder_is_fine(tmp_path):
    office = open_office(tmp_path / "new.db")
    office.close(backup_if_changed=False)
    assert (tmp_path / "new.db").stat().st_size > 0


def test_the_default_data_folder_is_created(tmp_path, monkeypatch):
    folder = tmp_path / "AppData" / "Local" / paths.APP_NAME
    monkeypatch.setattr(paths, "data_dir", lambda: folder)
    db_path = paths.default_db_path()
    assert db_path == folder / paths.DB_FILE_NAME
    assert folder.is_dir()
    office = open_office(db_path)
    office.close(backup_if_changed=False)
    assert db_path.exists()


def test_an_existing_database_is_required_when_asked(tmp_path):
    empty = tmp_path / "office.db"
    empty.write_bytes(b"")
    with pytest.raises(OfficeError, match="是空的"):
        open_office(empty, create=False)
    with pytest.raises(OfficeError, match="不存在"):
        open_office(tmp_path / "missing.db", create=False)
    assert empty.read_bytes() == b""
    assert sorted(p.name for p in Path(tmp_path).iterdir()) == ["office.db"]


def test_a_restored_older_backup_gets_its_search_and_sort_keys_at_once(tmp_path):
    import sqlite3

    from app.office import open_office, restore_into
    from app.people.service import create_person
    from app.units.service import create_unit

    office = open_office(tmp_path / "office.db")
    try:
        unit = create_unit(office.db, {"name": "东门社区", "kind": "社区/村"}, "测试员").record_id
        data = {
            "role": "community_worker",
            "name": "张三",
            "id_number": "110101199001010015",
            "unit_id": unit,
        }
        create_person(office.db, data, "测试员")
        made = office.backup("manual")
        with sqlite3.connect(made) as old:  # as an older copy of the app left it: no keys yet
            old.execute("UPDATE people SET search_key = '', name_order = ''")
        restore_into(office, made)
        keys = office.db.execute("SELECT search_key, name_order FROM people").fetchone()
        assert "zs" in keys[0] and keys[1]
    finally:
        office.close(backup_if_changed=False)
