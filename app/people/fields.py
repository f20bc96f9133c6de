"""The person record: its fields, their Chinese labels and the values each enumeration allows."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    INSTRUCTOR = "instructor"
    COMMUNITY_WORKER = "community_worker"
    RESERVE_CADRE = "reserve_cadre"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]

    @classmethod
    def from_label(cls, label: str) -> Role:
        for role, text in ROLE_LABELS.items():
            if text == label:
                return role
        raise ValueError(label)


ROLE_LABELS: dict[Role, str] = {
    Role.INSTRUCTOR: "党建指导员",
    Role.COMMUNITY_WORKER: "社区工作者",
    Role.RESERVE_CADRE: "青年干部",
}


def role_label(code: str) -> str:
    """The Chinese label of a stored role code; an unknown code is shown as it is."""
    try:
        return ROLE_LABELS[Role(code)]
    except ValueError:
        return code


GENDERS = ("男", "女")
EDUCATIONS = ("研究生", "大学本科", "大学专科", "中专", "高中及以下")
POLITICAL_STATUSES = ("中共党员", "中共预备党员", "共青团员", "民主党派", "群众")
SOURCES = ("公开招聘", "一村一大", "退役军人定向招录", "换届选任", "选调", "其他")
STATUSES = ("在岗", "试用期", "离岗", "转岗", "退休", "解聘")
SOCIAL_WORK_LEVELS = ("无", "助理社会工作师", "社会工作师", "高级社会工作师")
PARTY_MEMBER_STATUSES = ("中共党员", "中共预备党员")

# The 56 ethnic groups, in the order of GB 3304, for the form's drop-down.
ETHNICITIES = [
    "汉族",
    "蒙古族",
    "回族",
    "藏族",
    "维吾尔族",
    "苗族",
    "彝族",
    "壮族",
    "布依族",
    "朝鲜族",
    "满族",
    "侗族",
    "瑶族",
    "白族",
    "土家族",
    "哈尼族",
    "哈萨克族",
    "傣族",
    "黎族",
    "傈僳族",
    "佤族",
    "畲族",
    "高山族",
    "拉祜族",
    "水族",
    "东乡族",
    "纳西族",
    "景颇族",
    "柯尔克孜族",
    "土族",
    "达斡尔族",
    "仫佬族",
    "羌族",
    "布朗族",
    "撒拉族",
    "毛南族",
    "仡佬族",
    "锡伯族",
    "阿昌族",
    "普米族",
    "塔吉克族",
    "怒族",
    "乌孜别克族",
    "俄罗斯族",
    "鄂温克族",
    "德昂族",
    "保安族",
    "裕固族",
    "京族",
    "塔塔尔族",
    "独龙族",
    "鄂伦春族",
    "赫哲族",
    "门巴族",
    "珞巴族",
    "基诺族",
]

# Field name -> Chinese label, in the order of the roster export (the issue fixes this order).
EXPORT_FIELDS: dict[str, str] = {
    "name": "姓名",
    "gender": "性别",
    "ethnicity": "民族",
    "id_number": "公民身份号码",
    "birth_date": "出生日期",
    "education": "学历",
    "major": "专业",
    "political_status": "政治面貌",
    "party_join_date": "入党时间",
    "work_start_date": "参加工作时间",
    "post_start_date": "到岗时间",
    "unit": "工作单位",
    "position": "岗位",
    "role": "人员类别",
    "phone": "联系电话",
    "source": "来源渠道",
    "status": "状态",
    "social_work_level": "社会工作者职业资格",
    "note": "备注",
}

FIELD_LABELS: dict[str, str] = {**EXPORT_FIELDS, "unit_id": "工作单位", "photo": "照片"}

DATE_FIELDS = ("birth_date", "party_join_date", "work_start_date", "post_start_date")

# Every column of the people table a person form edits (unit is edited as unit_id).
EDITABLE_FIELDS = (
    "role", "name", "gender", "ethnicity", "id_number", "birth_date", "education", "major",
    "political_status", "party_join_date", "work_start_date", "post_start_date", "unit_id", "position",
    "phone", "source", "status", "social_work_level", "photo", "note",
)  # fmt: skip

CHOICES: dict[str, tuple[str, ...]] = {
    "gender": GENDERS,
    "ethnicity": tuple(ETHNICITIES),
    "education": EDUCATIONS,
    "political_status": POLITICAL_STATUSES,
    "source": SOURCES,
    "status": STATUSES,
    "social_work_level": SOCIAL_WORK_LEVELS,
}
