"""Printing settings: every value checked, all problems at once, nothing saved when one is wrong, an audit row."""

from __future__ import annotations

import pytest

from app.audit import query
from app.changes import ValidationError
from app.printing import settings
from db import migrations
from db.connection import open_memory

UMING = "/usr/share/fonts/truetype/arphic/uming.ttc"


@pytest.fixture
def db():
    db = open_memory()
    migrations.apply(db)
    yield db
    db.conn.close()


def test_defaults(db):
    values = settings.load(db)
    assert values[settings.TEMPLATE] == settings.DEFAULT_TEMPLATE
    assert values[settings.OFFSET_X] == "0" and values[settings.FONT_KEYS["table"]] == ""


def test_saved_values_are_cleaned_and_audited(db):
    result = settings.save(
        db,
        {settings.FONT_KEYS["table"]: f"{UMING}#1", settings.OFFSET_Y: "-3.5", settings.DATE: "2024年12月31日",
         settings.TEMPLATE: "  {姓名}同志：\n\n  特发此证。  "},
        "测试员",
    )  # fmt: skip
    assert result.changes.settings
    values = settings.load(db)
    assert values[settings.DATE] == "2024-12-31" and values[settings.OFFSET_Y] == "-3.5"
    assert values[settings.TEMPLATE] == "{姓名}同志：\n特发此证。"
    assert settings.fonts_for(db).roles["table"].index == 1
    entry = query(db)[0]
    assert entry.label == "打印设置" and entry.after["证书日期"] == "2024-12-31"
    assert settings.save(db, {settings.OFFSET_Y: "-3.5"}, "测试员").message == "没有需要保存的修改"


def test_every_problem_at_once_and_nothing_saved(db):
    with pytest.raises(ValidationError) as refused:
        settings.save(
            db,
            {settings.FONT_KEYS["title"]: "/nowhere/simhei.ttf", settings.TEMPLATE: "{名字}同志",
             settings.OFFSET_X: "80", settings.OFFSET_Y: "左边", settings.DATE: "2024-02-30",
             settings.BACKGROUND: "/nowhere/border.gif"},
            "测试员",
        )  # fmt: skip
    errors = refused.value.errors
    assert "找不到字体文件" in errors[settings.FONT_KEYS["title"]]
    assert "{名字}" in errors[settings.TEMPLATE]
    assert "-50 到 50" in errors[settings.OFFSET_X] and "应为数字" in errors[settings.OFFSET_Y]
    assert "2024-02-30" in errors[settings.DATE] or "2月" in errors[settings.DATE]
    assert "PNG 或 JPG" in errors[settings.BACKGROUND]
    assert settings.load(db) == settings.DEFAULTS


def test_a_broken_background_image_is_refused(db, tmp_path):
    broken = tmp_path / "border.png"
    broken.write_bytes(b"not an image")
    with pytest.raises(ValidationError, match="无法读取"):
        settings.save(db, {settings.BACKGROUND: str(broken)}, "测试员")
