"""The demo world as plain data: a Zhejiang program, three CBs, their people and 40 enterprises.

Everything here is fictional except the program office (the Zhejiang Administration for Market
Regulation, 浙江省市场监督管理局, which runs such campaigns) and the administrative division codes
(GB/T 2260, county level, used in the USCCs and addresses). Enterprise and CB names are invented
in the style of real registrations ("<place><brand><trade>有限公司"); any likeness to a real firm is
accidental. Figures are drawn from ranges that make nearly every enterprise micro or small under
the MIIT 2011 table (revenue and assets in 10,000 CNY).

Pure module: no Django imports. `enterprise_specs(seed)` is deterministic for a given seed.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from qualift.enterprises.uscc import ALPHABET, make_uscc

SEED = 20250101
DEMO_PASSWORD = "demo12345"

OFFICE = {
    "name": "浙江省市场监督管理局",
    "name_en": "Zhejiang Administration for Market Regulation",
    "region": "330000",
    "code": "",
}

PROGRAM = {
    "name": "浙江省小微企业质量管理体系认证提升行动（2025—2027年）",
    "name_en": "Zhejiang 2025–2027 Small and Micro Enterprise QMS Certification Improvement Action",
    "start": dt.date(2025, 1, 1),
    "end": dt.date(2027, 12, 31),
    "target_enterprises": 60,
    "target_person_trainings": 3000,
}

# key: (name, name_en, region, approval number)
CBS: dict[str, tuple[str, str, str, str]] = {
    "zhijiang": (
        "浙江之江质量认证中心有限公司",
        "Zhejiang Zhijiang Quality Certification Centre Co., Ltd.",
        "330000",
        "CNCA-R-2004-131",
    ),
    "yongxin": (
        "宁波甬信检验认证有限公司",
        "Ningbo Yongxin Inspection and Certification Co., Ltd.",
        "330000",
        "CNCA-R-2011-207",
    ),
    "pujiang": (
        "上海浦江质量认证有限公司",
        "Shanghai Pujiang Quality Certification Co., Ltd.",
        "310000",
        "CNCA-R-2016-318",
    ),
}


@dataclass(frozen=True)
class Person:
    """A demo login: username, display name, role, organisation key, auditor grade."""

    username: str
    display_name: str
    role: str
    org: str
    grade: str = ""


# Organisation keys: "office", a CB key, or "ent:<enterprise key>".
PEOPLE: tuple[Person, ...] = (
    Person("zj_admin", "陈志远", "program_admin", "office"),
    Person("zj_viewer", "林晓梅", "program_viewer", "office"),
    Person("zhijiang_admin", "周建华", "cb_admin", "zhijiang"),
    Person("zhijiang_auditor", "吴国平", "auditor", "zhijiang", "senior_auditor"),
    Person("zhijiang_auditor2", "郑丽", "auditor", "zhijiang", "auditor"),
    Person("zhijiang_expert", "何文斌", "assistance_expert", "zhijiang"),
    Person("yongxin_admin", "王海峰", "cb_admin", "yongxin"),
    Person("yongxin_auditor", "徐静", "auditor", "yongxin", "senior_auditor"),
    Person("yongxin_trainee", "孙宇航", "auditor", "yongxin", "trainee"),
    Person("yongxin_expert", "蒋明", "assistance_expert", "yongxin"),
    Person("pujiang_admin", "顾晓东", "cb_admin", "pujiang"),
    Person("pujiang_auditor", "沈佳", "auditor", "pujiang", "auditor"),
    Person("pujiang_techexpert", "陆德荣", "auditor", "pujiang", "technical_expert"),
    Person("pujiang_expert", "钱思远", "assistance_expert", "pujiang"),
    Person("fuchun_admin", "李建国", "enterprise_admin", "ent:fuchun"),
    Person("fuchun_steward", "张慧", "quality_steward", "ent:fuchun"),
    Person("fuchun_staff", "赵磊", "staff", "ent:fuchun"),
    Person("xixi_admin", "杨晨", "enterprise_admin", "ent:xixi"),
)


@dataclass(frozen=True)
class EnterpriseRow:
    """One demo enterprise as written by hand; figures are drawn later from its industry."""

    key: str
    county: str  # GB/T 2260 county-level code (USCC positions 3-8)
    region: str  # province-level code (the Region row)
    name: str
    name_en: str
    miit: int
    division: str
    iaf: tuple[str, ...]
    place: str  # province, city, district
    street: str
    cb: str
    status: str = ""  # ledger status; "" = not on the ledger (out-of-province client)
    variant: str = ""  # "back": moved back once; "early": closed early


ZJ, SH, JS, AH = "330000", "310000", "320000", "340000"

ENTERPRISES: tuple[EnterpriseRow, ...] = (
    EnterpriseRow("fuchun", "330111", ZJ, "杭州富春精密机械有限公司",
                  "Hangzhou Fuchun Precision Machinery Co., Ltd.", 2, "34", ("18",),
                  "浙江省杭州市富阳区", "银湖街道金桥北路", "zhijiang", "assisting"),
    EnterpriseRow("xixi", "330106", ZJ, "杭州西溪软件技术有限公司",
                  "Hangzhou Xixi Software Technology Co., Ltd.", 12, "65", ("33",),
                  "浙江省杭州市西湖区", "三墩镇西园路", "zhijiang", "plan_agreed", "back"),
    EnterpriseRow("linping", "330113", ZJ, "杭州临平纺织印染有限公司",
                  "Hangzhou Linping Textile Dyeing Co., Ltd.", 2, "17", ("04",),
                  "浙江省杭州市临平区", "东湖街道兴中路", "zhijiang", "evaluated"),
    EnterpriseRow("xiaoran", "330109", ZJ, "杭州萧然食品有限公司",
                  "Hangzhou Xiaoran Food Co., Ltd.", 2, "14", ("03",),
                  "浙江省杭州市萧山区", "经济技术开发区桥南路", "zhijiang", "closed"),
    EnterpriseRow("gongshu", "330105", ZJ, "杭州拱墅安居物业服务有限公司",
                  "Hangzhou Gongshu Anju Property Services Co., Ltd.", 14, "70", ("35",),
                  "浙江省杭州市拱墅区", "祥符街道丰潭路", "zhijiang", "screened"),
    EnterpriseRow("yongjiang", "330212", ZJ, "宁波甬江塑料制品有限公司",
                  "Ningbo Yongjiang Plastic Products Co., Ltd.", 2, "29", ("14",),
                  "浙江省宁波市鄞州区", "姜山镇科技园区兴业路", "yongxin", "assisting"),
    EnterpriseRow("gangtong", "330206", ZJ, "宁波北仑港通物流有限公司",
                  "Ningbo Beilun Gangtong Logistics Co., Ltd.", 6, "54", ("31",),
                  "浙江省宁波市北仑区", "新碶街道明州路", "yongxin", "diagnosing"),
    EnterpriseRow("yaojiang", "330281", ZJ, "余姚市姚江模具有限公司",
                  "Yuyao Yaojiang Mould Co., Ltd.", 2, "35", ("18",),
                  "浙江省宁波市余姚市", "阳明街道舜达西路", "yongxin", "evaluated"),
    EnterpriseRow("haiwan", "330282", ZJ, "慈溪市海湾电器有限公司",
                  "Cixi Haiwan Electric Appliance Co., Ltd.", 2, "38", ("19",),
                  "浙江省宁波市慈溪市", "周巷镇工业园区环城北路", "yongxin", "plan_agreed"),
    EnterpriseRow("haishu", "330203", ZJ, "宁波海曙会展服务有限公司",
                  "Ningbo Haishu Exhibition Services Co., Ltd.", 15, "72", ("35",),
                  "浙江省宁波市海曙区", "南门街道柳汀街", "yongxin", "screened"),
    EnterpriseRow("lucheng", "330302", ZJ, "温州鹿城鞋业有限公司",
                  "Wenzhou Lucheng Shoes Co., Ltd.", 2, "19", ("05",),
                  "浙江省温州市鹿城区", "双屿街道鞋都大道", "zhijiang", "assisting"),
    EnterpriseRow("ruian", "330381", ZJ, "瑞安市汽摩配件有限公司",
                  "Ruian Auto and Motorcycle Parts Co., Ltd.", 2, "36", ("22",),
                  "浙江省温州市瑞安市", "塘下镇罗凤工业区", "zhijiang", "diagnosing"),
    EnterpriseRow("liushi", "330382", ZJ, "乐清市柳川低压电器有限公司",
                  "Yueqing Liuchuan Low-Voltage Electrical Co., Ltd.", 2, "38", ("19",),
                  "浙江省温州市乐清市", "柳市镇新光工业区", "zhijiang", "evaluated"),
    EnterpriseRow("oujiang", "330304", ZJ, "温州瓯江建筑工程有限公司",
                  "Wenzhou Oujiang Construction Engineering Co., Ltd.", 3, "47", ("28",),
                  "浙江省温州市瓯海区", "娄桥街道古岸头路", "zhijiang", "diagnosing"),
    EnterpriseRow("nanhu", "330402", ZJ, "嘉兴南湖印刷有限公司",
                  "Jiaxing Nanhu Printing Co., Ltd.", 2, "23", ("09",),
                  "浙江省嘉兴市南湖区", "大桥镇亚太路", "pujiang", "plan_agreed"),
    EnterpriseRow("haining", "330481", ZJ, "海宁市皮革服饰有限公司",
                  "Haining Leather Garments Co., Ltd.", 2, "19", ("05", "04"),
                  "浙江省嘉兴市海宁市", "海洲街道皮革城路", "pujiang", "assisting"),
    EnterpriseRow("puyuan", "330483", ZJ, "桐乡市濮院针织有限公司",
                  "Tongxiang Puyuan Knitting Co., Ltd.", 2, "18", ("04",),
                  "浙江省嘉兴市桐乡市", "濮院镇毛衫城路", "pujiang", "closed"),
    EnterpriseRow("xilong", "330523", ZJ, "安吉溪龙白茶种植有限公司",
                  "Anji Xilong White Tea Plantation Co., Ltd.", 1, "01", ("01",),
                  "浙江省湖州市安吉县", "溪龙乡黄杜村", "yongxin", "assisting"),
    EnterpriseRow("changxing", "330522", ZJ, "长兴县新能电池配件有限公司",
                  "Changxing Xinneng Battery Parts Co., Ltd.", 2, "38", ("19",),
                  "浙江省湖州市长兴县", "画溪街道经一路", "yongxin", "screened"),
    EnterpriseRow("deqing", "330521", ZJ, "德清县竹木制品有限公司",
                  "Deqing Bamboo and Wood Products Co., Ltd.", 2, "20", ("06",),
                  "浙江省湖州市德清县", "武康街道志远北路", "yongxin", "diagnosing", "back"),
    EnterpriseRow("keqiao", "330603", ZJ, "绍兴柯桥轻纺贸易有限公司",
                  "Shaoxing Keqiao Light Textile Trading Co., Ltd.", 4, "51", ("29",),
                  "浙江省绍兴市柯桥区", "柯桥街道轻纺城大道", "pujiang", "plan_agreed"),
    EnterpriseRow("tangyun", "330681", ZJ, "诸暨市唐韵袜业有限公司",
                  "Zhuji Tangyun Hosiery Co., Ltd.", 2, "17", ("04",),
                  "浙江省绍兴市诸暨市", "大唐街道袜业城路", "pujiang", "evaluated"),
    EnterpriseRow("shanxi", "330683", ZJ, "嵊州市剡溪领带服饰有限公司",
                  "Shengzhou Shanxi Necktie Apparel Co., Ltd.", 2, "18", ("04",),
                  "浙江省绍兴市嵊州市", "三江街道领带园区", "pujiang", "screened"),
    EnterpriseRow("linli", "330602", ZJ, "绍兴越城邻里便利超市有限公司",
                  "Shaoxing Yuecheng Linli Convenience Stores Co., Ltd.", 5, "52", ("29",),
                  "浙江省绍兴市越城区", "府山街道解放北路", "pujiang", "assisting"),
    EnterpriseRow("wucheng", "330702", ZJ, "金华婺城餐饮管理有限公司",
                  "Jinhua Wucheng Catering Management Co., Ltd.", 10, "62", ("30",),
                  "浙江省金华市婺城区", "城中街道八一南街", "zhijiang", "plan_agreed"),
    EnterpriseRow("shangcheng", "330782", ZJ, "义乌市商城饰品贸易有限公司",
                  "Yiwu Shangcheng Accessories Trading Co., Ltd.", 4, "51", ("29",),
                  "浙江省金华市义乌市", "福田街道国际商贸城", "zhijiang", "diagnosing"),
    EnterpriseRow("fangyan", "330784", ZJ, "永康市方岩五金工具有限公司",
                  "Yongkang Fangyan Hardware Tools Co., Ltd.", 2, "33", ("17",),
                  "浙江省金华市永康市", "经济开发区五金大道", "zhijiang", "closed"),
    EnterpriseRow("geshan", "330783", ZJ, "东阳市歌山木雕家具有限公司",
                  "Dongyang Geshan Woodcarving Furniture Co., Ltd.", 2, "21", ("23", "06"),
                  "浙江省金华市东阳市", "南马镇木雕城路", "zhijiang", "assisting"),
    EnterpriseRow("kecheng", "330802", ZJ, "衢州柯城化工助剂有限公司",
                  "Quzhou Kecheng Chemical Auxiliaries Co., Ltd.", 2, "26", ("12",),
                  "浙江省衢州市柯城区", "航埠镇工业功能区", "yongxin", "closed", "early"),
    EnterpriseRow("jiaojiang", "331002", ZJ, "台州椒江缝制设备有限公司",
                  "Taizhou Jiaojiang Sewing Equipment Co., Ltd.", 2, "35", ("18",),
                  "浙江省台州市椒江区", "洪家街道机电路", "yongxin", "evaluated"),
    EnterpriseRow("zeguo", "331081", ZJ, "温岭市泽国水泵有限公司",
                  "Wenling Zeguo Water Pump Co., Ltd.", 2, "34", ("18",),
                  "浙江省台州市温岭市", "泽国镇水泵工业园", "yongxin", "assisting"),
    EnterpriseRow("dongcheng", "331082", ZJ, "临海市东塍户外休闲用品有限公司",
                  "Linhai Dongcheng Outdoor Leisure Products Co., Ltd.", 2, "24", ("23",),
                  "浙江省台州市临海市", "东塍镇工业区", "pujiang", "diagnosing"),
    EnterpriseRow("yunhe", "331125", ZJ, "云和梯田民宿管理有限公司",
                  "Yunhe Terraces Homestay Management Co., Ltd.", 9, "61", ("30",),
                  "浙江省丽水市云和县", "崇头镇梯田景区", "pujiang", "plan_agreed"),
    EnterpriseRow("dinghai", "330902", ZJ, "舟山定海仓储有限公司",
                  "Zhoushan Dinghai Warehousing Co., Ltd.", 7, "59", ("31",),
                  "浙江省舟山市定海区", "盐仓街道海院路", "pujiang", "screened"),
    # Clients outside the province: certification only, not on the Zhejiang ledger.
    EnterpriseRow("jinggong", "310115", SH, "上海浦东精工仪表有限公司",
                  "Shanghai Pudong Jinggong Instruments Co., Ltd.", 2, "40", ("19",),
                  "上海市浦东新区", "康桥镇秀浦路", "pujiang"),
    EnterpriseRow("songjiang", "310117", SH, "上海松江云启信息技术有限公司",
                  "Shanghai Songjiang Yunqi Information Technology Co., Ltd.", 12, "65", ("33",),
                  "上海市松江区", "九亭镇九新公路", "pujiang"),
    EnterpriseRow("kunshan", "320583", JS, "昆山市精创电子有限公司",
                  "Kunshan Jingchuang Electronics Co., Ltd.", 2, "39", ("19",),
                  "江苏省苏州市昆山市", "玉山镇城北路", "pujiang"),
    EnterpriseRow("wuzhong", "320506", JS, "苏州吴中工程机械租赁有限公司",
                  "Suzhou Wuzhong Construction Machinery Leasing Co., Ltd.", 15, "71", ("32",),
                  "江苏省苏州市吴中区", "木渎镇金山路", "zhijiang"),
    EnterpriseRow("baohe", "340111", AH, "合肥包河味道餐饮管理有限公司",
                  "Hefei Baohe Weidao Catering Management Co., Ltd.", 10, "62", ("30",),
                  "安徽省合肥市包河区", "滨湖新区徽州大道", "yongxin"),
    EnterpriseRow("jinghu", "340202", AH, "芜湖镜湖汽车零部件有限公司",
                  "Wuhu Jinghu Auto Parts Co., Ltd.", 2, "36", ("22",),
                  "安徽省芜湖市镜湖区", "荆山街道银湖北路", "zhijiang"),
)  # fmt: skip

# MIIT row -> (employees, revenue, total assets) ranges; money in 10,000 CNY. Chosen under each
# row's medium thresholds so that the demo is mostly micro and small, as the program is.
FIGURES: dict[int, tuple[tuple[int, int], tuple[int, int], tuple[int, int]]] = {
    1: ((5, 40), (30, 400), (50, 600)),
    2: ((8, 150), (150, 4500), (100, 3000)),
    3: ((15, 120), (200, 4500), (150, 3500)),
    4: ((3, 18), (300, 4500), (80, 1500)),
    5: ((3, 40), (40, 450), (20, 300)),
    6: ((10, 120), (100, 2500), (200, 2500)),
    7: ((8, 80), (60, 900), (100, 1500)),
    9: ((5, 60), (40, 800), (100, 1500)),
    10: ((5, 90), (50, 1500), (50, 800)),
    12: ((5, 90), (30, 900), (30, 600)),
    14: ((20, 150), (100, 900), (50, 500)),
    15: ((3, 60), (50, 1500), (50, 2000)),
}

# Set by hand where a demo login is the enterprise's legal representative or steward.
KNOWN_PEOPLE = {
    "fuchun": ("李建国", "张慧"),
    "xixi": ("杨晨", ""),
}

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑梁谢宋唐许韩冯邓曹彭曾蒋蔡沈叶潘杜戴夏钟汪田任"
    "姜范方石姚谭廖邹熊金陆孔白崔康毛邱秦江史顾侯邵孟龙万段章钱汤尹黎易常武乔贺赖龚文"
)
GIVEN = (
    "建国伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏飞辉斌海峰波宁凯琳婷雪慧"
    "俊浩宇志文晓春晖亮晨阳欣佳颖思远嘉诚德荣永林松新梅"
)
MOBILE_PREFIXES = ("135", "136", "137", "138", "139", "150", "151", "158", "159", "187", "188")


@dataclass(frozen=True)
class EnterpriseSpec:
    """A demo enterprise ready for `enterprise_create` (region and IAF codes still as codes)."""

    row: EnterpriseRow
    uscc: str
    employees: int
    revenue: Decimal
    total_assets: Decimal
    address: str
    legal_representative: str
    steward_name: str
    steward_phone: str
    steward_email: str
    # A certification engagement with another CB began this many days ago (None: not certified).
    certified_days_ago: int | None


def _name(rng: random.Random) -> str:
    given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
    return rng.choice(SURNAMES) + given


def _skewed(rng: random.Random, low: int, high: int) -> float:
    """A draw from [low, high] leaning to the low end, as firm sizes do."""
    return low + (high - low) * rng.random() ** 2


def _amount(rng: random.Random, low: int, high: int) -> Decimal:
    return Decimal(round(_skewed(rng, low, high) * 10)) / 10


def _slug(name_en: str) -> str:
    words = [w for w in name_en.replace(",", "").replace(".", "").lower().split() if w.isalpha()]
    return "-".join(words[:2])


def enterprise_specs(seed: int = SEED) -> list[EnterpriseSpec]:
    """The 40 demo enterprises with their drawn figures; the same seed gives the same list."""
    rng = random.Random(seed)
    specs = []
    for row in ENTERPRISES:
        body = "MA" + "".join(rng.choice(ALPHABET) for _ in range(7))
        uscc = make_uscc(f"91{row.county}{body}")
        (e_lo, e_hi), (r_lo, r_hi), (a_lo, a_hi) = FIGURES[row.miit]
        employees = round(_skewed(rng, e_lo, e_hi))
        revenue = _amount(rng, r_lo, r_hi)
        assets = _amount(rng, a_lo, a_hi)
        address = f"{row.place}{row.street}{rng.randint(1, 688)}号"
        legal, steward = _name(rng), _name(rng)
        phone = rng.choice(MOBILE_PREFIXES) + f"{rng.randint(0, 99_999_999):08d}"
        legal, steward = KNOWN_PEOPLE.get(row.key, (legal, steward))
        steward = steward or _name(rng)
        certified = row.status in ("evaluated", "closed") and row.variant != "early"
        certified = certified or (row.status == "assisting" and rng.random() < 0.3)
        certified_days_ago = rng.randint(20, 240) if certified else None
        specs.append(
            EnterpriseSpec(
                row=row,
                uscc=uscc,
                employees=employees,
                revenue=revenue,
                total_assets=assets,
                address=address,
                legal_representative=legal,
                steward_name=steward,
                steward_phone=phone,
                steward_email=f"quality@{_slug(row.name_en)}.example",
                certified_days_ago=certified_days_ago,
            )
        )
    return specs


POLICIES: tuple[dict, ...] = (
    {
        "title": "小微企业首次通过质量管理体系认证费用补助",
        "kind": "subsidy",
        "summary": (
            "对纳入提升行动台账、首次取得 ISO 9001 认证证书的小微企业，按认证费用的 50% 给予补助，"
            "每家最高 2 万元。\nSmall and micro enterprises on the program ledger that obtain "
            "their first ISO 9001 certificate are refunded 50% of the certification fee, up to "
            "CNY 20,000 each."
        ),
    },
    {
        "title": "“认证贷”质量信用融资支持",
        "kind": "certification_loan",
        "summary": (
            "合作银行对获证小微企业提供信用贷款，利率下浮不低于 20 个基点，审批开辟绿色通道。\n"
            "Partner banks grant certified small and micro enterprises unsecured loans at least "
            "20 basis points below their usual rate, with fast-track approval."
        ),
    },
    {
        "title": "质量提升标杆企业奖励",
        "kind": "award",
        "summary": (
            "帮扶成效评价优秀并入选省级典型案例的企业，给予通报表扬并优先推荐参加政府质量奖评审。\n"
            "Enterprises whose assistance is evaluated as excellent and chosen as provincial "
            "benchmark cases are commended publicly and put forward first for the government "
            "quality award."
        ),
    },
)
POLICY_PERIOD = (dt.date(2025, 1, 1), dt.date(2027, 12, 31))

# Ledger notes (Chinese, then English) for each kind of move.
NOTES = {
    "screened": "经县级市场监管部门推荐纳入帮扶台账 / Put forward by the county market regulator",
    "diagnosing": "已组建诊断组，安排现场诊断 / Diagnosis team formed; on-site visit scheduled",
    "plan_agreed": (
        "诊断结论已确认，一企一策帮扶方案经企业负责人签字 / Diagnosis confirmed; the "
        "one-enterprise-one-policy plan is signed by the general manager"
    ),
    "assisting": "帮扶措施开始实施 / Assistance measures under way",
    "evaluated": (
        "帮扶成效评价完成，关键过程一次合格率提升 / Effect evaluation done; first-pass yield of "
        "key processes improved"
    ),
    "closed": "帮扶结束，资料归档 / Assistance finished; records filed",
    "back": (
        "诊断报告缺少关键过程现场数据，退回补充 / The diagnosis report lacks on-site data for the "
        "key processes; sent back"
    ),
    "early": (
        "企业停产整顿，退出本轮帮扶 / Production suspended; the enterprise left this round of "
        "assistance"
    ),
}
