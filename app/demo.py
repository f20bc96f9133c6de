"""A realistic demo office: a district's tree of units and people with valid ID numbers."""

from __future__ import annotations

import datetime as dt
import random
import uuid

from sqlite_utils import Database

from app import audit
from app.appraisal.demo import build_appraisals
from app.care.demo import build_care
from app.clock import today as clock_today
from app.clock import utc_now
from app.people.fields import EDUCATIONS, Role
from app.people.idnumber import check_digit
from app.people.pinyin import name_columns
from app.training.demo import build_selection
from app.training.demo_courses import build_courses

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤单解"
)
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛")
GIVEN_CHARS = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力鹏飞斌宇浩凯俊晨欣怡雪梅琳婷佳颖思雨"
    "子涵嘉豪志宏海燕春晓丹峰亮林松振国庆家兴诗雯瑶倩璐蕾博达鑫晶晶"
)
AREA_CODE = "510107"  # 四川省成都市武侯区 — every demo person was registered there
STREETS = ("浆洗街街道", "望江路街道", "玉林街道", "跳伞塔街道", "火车南站街道", "簇桥街道")
COMMUNITY_WORDS = (
    "锦绣",
    "桂溪",
    "长寿",
    "新华",
    "芳草",
    "玉林",
    "棕北",
    "黉门",
    "致民",
    "双楠",
    "红牌楼",
    "金花",
)
MAJORS = (
    "社会工作",
    "行政管理",
    "汉语言文学",
    "法学",
    "会计学",
    "计算机科学与技术",
    "思想政治教育",
    "公共事业管理",
)
POSITIONS = {
    Role.INSTRUCTOR: ("党建指导员", "专职党建指导员"),
    Role.COMMUNITY_WORKER: ("党委副书记", "居委会委员", "网格员", "社区专职工作者", "综合服务岗"),
    Role.RESERVE_CADRE: ("科员", "办事员", "后备干部"),
}


def _add_unit(db: Database, name: str, kind: str, parent: int | None, now: str) -> int:
    cursor = db.execute(
        "INSERT INTO org_units (uid, name, kind, parent_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
        [str(uuid.uuid4()), name, kind, parent, now, now],
    )
    return cursor.lastrowid


def build_units(db: Database, rng: random.Random, now: str) -> dict[str, list[int]]:
    """区 → 街道 → 社区, plus 两新组织 and 商务楼宇; returns unit ids by the role that works there."""
    top = _add_unit(db, "武侯区", "区/县", None, now)
    communities, streets = [], []
    for street in STREETS:
        street_id = _add_unit(db, street, "街道/镇", top, now)
        streets.append(street_id)
        for word in rng.sample(COMMUNITY_WORDS, 4):
            communities.append(_add_unit(db, f"{word}社区", "社区/村", street_id, now))
    park = _add_unit(db, "武侯电商产业功能区", "产业功能区", top, now)
    new_orgs = [
        _add_unit(db, "天府数字产业园党群服务中心", "产业社区", park, now),
        _add_unit(db, "环球中心商务楼宇联合党委", "商务楼宇", park, now),
        _add_unit(db, "区非公有制企业党委", "两新组织", top, now),
    ]
    return {
        Role.INSTRUCTOR: new_orgs + streets,
        Role.COMMUNITY_WORKER: communities,
        Role.RESERVE_CADRE: streets + [top],
    }


def make_name(rng: random.Random) -> str:
    surname = rng.choice(COMPOUND_SURNAMES) if rng.random() < 0.02 else rng.choice(SURNAMES)
    given = "".join(rng.choice(GIVEN_CHARS) for _ in range(rng.choice((1, 2, 2, 2))))
    return surname + given


def make_id_number(rng: random.Random, birth: dt.date, male: bool, serial: int) -> str:
    order = (serial % 500) * 2 + (1 if male else 0)
    body = f"{AREA_CODE}{birth:%Y%m%d}{order:03d}"
    return body + check_digit(body)


def _role(rng: random.Random) -> Role:
    return rng.choices(list(Role), weights=(2, 6, 2))[0]


def make_person(rng: random.Random, serial: int, units: dict[str, list[int]], today: dt.date) -> dict:
    role = _role(rng)
    youngest = 22 if role != Role.RESERVE_CADRE else 23
    oldest = 58 if role != Role.RESERVE_CADRE else 35
    birth = today - dt.timedelta(days=rng.randint(youngest * 365, oldest * 365))
    male = rng.random() < 0.45
    work_start = birth + dt.timedelta(days=rng.randint(21 * 365, 24 * 365))
    post_start = min(today, work_start + dt.timedelta(days=rng.randint(0, 12 * 365)))
    political = rng.choices(("中共党员", "中共预备党员", "共青团员", "群众"), weights=(60, 5, 15, 20))[0]
    party = None
    if political.startswith("中共"):
        party = min(today, birth + dt.timedelta(days=rng.randint(19 * 365, 30 * 365)))
        # A 预备党员 within the 预备期 (a year, two at most); made of the same draws, so the rest stays as it was.
        if political == "中共预备党员":
            party = max(party, today - dt.timedelta(days=300))
    return {
        "uid": str(uuid.uuid4()),
        "role": role.value,
        "name": make_name(rng),
        "gender": "男" if male else "女",
        "ethnicity": rng.choices(("汉族", "彝族", "藏族", "回族", "羌族"), weights=(92, 3, 2, 2, 1))[0],
        "id_number": make_id_number(rng, birth, male, serial),
        "birth_date": birth.isoformat(),
        "education": rng.choices(EDUCATIONS, weights=(8, 55, 30, 4, 3))[0],
        "major": rng.choice(MAJORS),
        "political_status": political,
        "party_join_date": party.isoformat() if party else None,
        "work_start_date": min(work_start, today).isoformat(),
        "post_start_date": post_start.isoformat(),
        "unit_id": rng.choice(units[role]),
        "position": rng.choice(POSITIONS[role]),
        "phone": f"1{rng.choice('35789')}{rng.randrange(10**9):09d}",
        "source": rng.choices(
            ("公开招聘", "一村一大", "退役军人定向招录", "换届选任", "选调", "其他"),
            weights=(60, 8, 6, 14, 8, 4),
        )[0],
        "status": rng.choices(("在岗", "试用期", "离岗", "转岗", "退休"), weights=(85, 6, 3, 3, 3))[0],
        "social_work_level": rng.choices(
            ("无", "助理社会工作师", "社会工作师", "高级社会工作师"), weights=(50, 30, 18, 2)
        )[0],
        "note": None,
    }


def build_demo(db: Database, people: int = 300, *, seed: int = 7, actor: str = "演示数据") -> int:
    """Fill an empty, migrated database; returns the number of people written."""
    rng, now, today = random.Random(seed), utc_now(), clock_today()
    with db.atomic():
        units = build_units(db, rng, now)
        rows = _unique_people(rng, people, units, today)
        columns = list(rows[0]) + ["search_key", "name_order", "created_at", "updated_at"]
        db.conn.executemany(
            f"INSERT INTO people ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
            ([*row.values(), *name_columns(row["name"]).values(), now, now] for row in rows),
        )
        db.execute(
            "INSERT OR REPLACE INTO settings (key, value) VALUES ('office_name', '中共成都市武侯区委组织部')"
        )
        db.execute(
            "INSERT OR REPLACE INTO settings (key, value) VALUES ('issuer', '中共成都市武侯区委组织部')"
        )
        # Two years of appraisals under each built-in scheme, and the honors of the finalized ones.
        build_appraisals(db, rng, today, actor)
        # A year of care (events, visits, talks, greetings, health checks), some duties overdue.
        build_care(db, rng, today, now)
        # Two years of courses with attendance (the appraisals' 补课 linked both ways) and this year's two-way
        # mentor selection, confirmed into pairs.
        build_courses(db, rng, today, now)
        build_selection(
            db, random.Random(seed), today, actor
        )  # its own stream: the same round whatever came before
        audit.record(db, actor=actor, action="bulk", entity="database", label=f"生成演示数据 {len(rows)} 人")
    return len(rows)


def _unique_people(rng: random.Random, count: int, units: dict, today: dt.date) -> list[dict]:
    rows, seen, serial = [], set(), 0
    while len(rows) < count:
        serial += 1
        row = make_person(rng, serial, units, today)
        if row["id_number"] not in seen:
            seen.add(row["id_number"])
            rows.append(row)
    return rows
