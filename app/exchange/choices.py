"""Enumerations in everyday words: 党员 → 中共党员, 本科 → 大学本科, 社工 → 社区工作者, the short names of the
democratic parties and the ethnic groups; an unknown value is an error naming the accepted ones, never a guess.

Pure functions, standard library only."""

from __future__ import annotations

import unicodedata

from app.people.fields import CHOICES, ETHNICITIES, EXPORT_FIELDS, ROLE_LABELS, Role

__all__ = ["SYNONYMS", "normalize_choice"]


def _key(text: str) -> str:
    """What two spellings of one value share: NFKC (full-width -> half-width), no white space, case-folded."""
    return "".join(unicodedata.normalize("NFKC", text).split()).casefold()


_DEMOCRATIC_PARTIES = (
    "民主党派", "民主党派成员", "民革", "中国国民党革命委员会", "民革党员", "民革会员", "民盟", "中国民主同盟",
    "民盟盟员", "民建", "中国民主建国会", "民建会员", "民进", "中国民主促进会", "民进会员", "农工党", "农工",
    "中国农工民主党", "农工党党员", "致公党", "中国致公党", "致公党党员", "九三学社", "九三学社社员", "九三",
    "台盟", "台湾民主自治同盟", "台盟盟员",
)  # fmt: skip

_RAW_SYNONYMS: dict[str, dict[str, tuple[str, ...]]] = {
    "political_status": {
        "中共党员": ("党员", "正式党员", "中共正式党员", "共产党员", "中国共产党党员", "中国共产党员"),
        "中共预备党员": ("预备党员", "中国共产党预备党员", "中共党员(预备)", "党员(预备)", "中共党员(预备党员)"),
        "共青团员": ("团员", "青年团员", "共青团", "中国共产主义青年团团员"),
        "民主党派": _DEMOCRATIC_PARTIES,
        "群众": ("一般群众",),
    },
    "education": {
        "研究生": ("硕士", "硕士研究生", "博士", "博士研究生", "研究生及以上", "硕士及以上"),
        "大学本科": ("本科", "大学", "大本"),
        "大学专科": ("大专", "专科", "高职", "大学专科及以下"),
        "中专": ("中技", "技校", "职高", "中职", "中等专科", "中等专业学校"),
        "高中及以下": ("高中", "初中", "小学", "高中以下", "初中及以下", "普高"),
    },
    "gender": {"男": ("男性",), "女": ("女性",)},
    "role": {
        Role.INSTRUCTOR.value: ("全职党建指导员", "专职党建指导员", "指导员", "党建指导员"),
        Role.COMMUNITY_WORKER.value: ("社工", "社区专职工作者", "专职社区工作者", "社区工作人员"),
        Role.RESERVE_CADRE.value: ("后备干部", "年轻干部", "青年干部"),
    },
    "status": {
        "在岗": ("在职", "正常", "在岗在职"),
        "试用期": ("试用", "试用中", "见习", "见习期"),
        "离岗": ("不在岗",),
        "转岗": ("已转岗",),
        "退休": ("已退休",),
        "解聘": ("已解聘", "解除聘用", "解除聘用合同"),
    },
    "source": {
        "公开招聘": ("招聘", "公开招考", "社会招聘", "公招"),
        "一村一大": ("一村一名大学生", "一村一大学生"),
        "退役军人定向招录": ("退役军人", "定向招录退役军人", "退役军人定向招聘", "退役士兵"),
        "换届选任": ("换届", "换届选举"),
        "选调": ("选调生",),
        "其他": ("其它",),
    },
    "social_work_level": {
        "无": ("无证", "没有", "暂无", "未取得", "未考取", "无资格"),
        "助理社会工作师": ("助理社工师", "助理社工", "初级", "初级社工", "初级社会工作师", "社会工作者(初级)"),
        "社会工作师": (
            "中级", "中级社工", "中级社工师", "中级社会工作师", "社工师", "社会工作师(中级)", "社会工作者(中级)",
        ),
        "高级社会工作师": ("高级", "高级社工", "高级社工师", "社会工作师(高级)", "社会工作者(高级)"),
    },
}  # fmt: skip

# Dropping 族 is how people write it ('汉'); 蒙族 and 维族 are everyday short forms.
_ETHNIC_SHORT = {
    name: (name[:-1], *{"蒙古族": ("蒙族",), "维吾尔族": ("维族",)}.get(name, ())) for name in ETHNICITIES
}


def _build_synonyms() -> dict[str, dict[str, str]]:
    table: dict[str, dict[str, str]] = {}
    raw = {**_RAW_SYNONYMS, "ethnicity": _ETHNIC_SHORT}
    for field, values in raw.items():
        words: dict[str, str] = {}
        canonical = CHOICES.get(field, ())
        for value in canonical:
            words[_key(value)] = value
        if field == "role":
            for role, label in ROLE_LABELS.items():
                words[_key(role.value)] = role.value
                words[_key(label)] = role.value
        for value, everyday in values.items():
            for word in everyday:
                words.setdefault(_key(word), value)
        table[field] = words
    return table


SYNONYMS: dict[str, dict[str, str]] = _build_synonyms()

# 无党派人士 is a status of its own in China (GB/T 4762), not 群众: the app has no value for it, and turning it
# into 群众 without a word would lose what the file says. The row is rejected with this advice instead.
_NO_PARTY = {_key("无党派人士"), _key("无党派"), _key("无党派民主人士")}
_NO_PARTY_MESSAGE = (
    "政治面貌“{text}”在本系统中没有对应的选项（可选：{accepted}）。"
    "如按群众管理，请改填“群众”，并在备注中注明“无党派人士”"
)


def _accepted(field: str) -> str:
    if field == "role":
        return "、".join(ROLE_LABELS.values())
    if field == "ethnicity":
        return "56个民族的全称，如汉族、回族、蒙古族"
    return "、".join(CHOICES[field])


def normalize_choice(field: str, text: str) -> str:
    """The canonical value (for role, the role code) for an everyday spelling; ValueError with a Chinese message
    naming the accepted values for anything else. '' -> ''. A field without choices is returned stripped."""
    text = "" if text is None else str(text).strip()
    words = SYNONYMS.get(field)
    if words is None or not text:
        return text
    key = _key(text)
    value = words.get(key)
    if value is None and field == "education":
        value = _education(words, key)
    if value is not None:
        return value
    label = EXPORT_FIELDS.get(field, field)
    if field == "political_status" and key in _NO_PARTY:
        raise ValueError(_NO_PARTY_MESSAGE.format(text=text, accepted=_accepted(field)))
    raise ValueError(f"{label}“{text}”无法识别，应为：{_accepted(field)}")


# How a degree was studied for, written before it (全日制本科, 在职大专, 函授本科): the 学历 field keeps the degree.
_STUDY_MODES = ("全日制", "在职", "函授", "自考", "成人", "成教", "电大", "网络", "业余", "夜大")


def _education(words: dict[str, str], key: str) -> str | None:
    """本科学历, 全日制本科, 在职大专学历 …: the degree without the word 学历 and the way it was studied."""
    if key.endswith("学历") and len(key) > 2:
        key = key[:-2]
    mode = next((m for m in _STUDY_MODES if key.startswith(m) and len(key) > len(m)), "")
    return words.get(key[len(mode) :])
