"""What the goals demo writes, as plain data in both languages ("中文|English"): which industry
template an enterprise's organisation comes from, the quality policy, the objectives cascade,
suggestions, management-review outputs, leadership commitments and the pulse questions.

Pure module: no Django imports.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

# GB/T 4754 division -> organisation template (qualift.objectives.org_templates); the rest are
# service firms. Plastics, wood, furniture, printing and crafts shops run like machining shops;
# chemicals are batch production with hygiene and lot release, like food.
ORG_TEMPLATE_BY_DIVISION = {
    **dict.fromkeys(("20", "21", "23", "24", "29", "33", "34", "35", "36", "40"), "machining"),
    **dict.fromkeys(("38", "39"), "electronics"),
    **dict.fromkeys(("17", "18", "19"), "textile"),
    **dict.fromkeys(("01", "13", "14", "15", "26"), "food"),
}


@dataclass(frozen=True)
class Staffing:
    """How a template's positions are filled: the operations department and its lead, the
    position most people hold, and positions deliberately given no objective (coverage gaps)."""

    ops_department: str
    lead: str
    worker: str
    others: tuple[str, ...]
    extra_workers: tuple[str, ...] = ()


STAFFING = {
    "machining": Staffing("production", "production_lead", "operator", ("sales", "maintenance")),
    "food": Staffing("production", "production_lead", "line_worker", ("warehouse",)),
    "textile": Staffing("production", "production_lead", "line_leader", (), ("cutter",)),
    "electronics": Staffing("production", "production_lead", "assembler", ("engineer",)),
    "service": Staffing("service", "service_lead", "technician", ("customer_care",)),
}
# Positions whose holders get no objective of their own: the coverage view shows them as gaps.
UNCOVERED = {"sales", "warehouse", "engineer", "customer_care"}

NEW_HIRE = "新员工（岗位待定）"

POLICY = (
    "质量方针：顾客至上，全员参与，一次做对，持续改进。\n"
    "我们承诺：按时交付符合要求的产品和服务；每个岗位都有明确的职责和质量目标；"
    "用数据说话，发现问题及时纠正并防止再发生；遵守法律法规和顾客要求。\n\n"
    "Quality policy: customers first, everyone involved, right first time, always improving.\n"
    "We commit to deliver conforming products and services on time; every position has clear "
    "responsibilities and quality objectives; we decide on data, correct problems promptly and "
    "stop them coming back; we meet legal and customer requirements."
)
POLICY_SUMMARY = "首次发布 / First issue"
POLICY_MEANING = "批准发布 / Approved and issued"
POLICY_TRAINING = "全员质量方针培训 / Quality policy training for all staff"
POLICY_BOARD = "公告栏张贴 / Posted on the notice board"
POLICY_BOARD_AUDIENCE = "全体员工及来访顾客 / All staff and visiting customers"


@dataclass(frozen=True)
class ObjectiveT:
    """One objective of the cascade. `holder`: "enterprise", "dept:<key>", "pos:<key>" or
    "emp:<position key>" (the first employee holding that position). `story` shapes a manual
    objective's year: improving (ends on track), at_risk (ends just short), missed (a bad last
    quarter), stale (last month not recorded)."""

    key: str
    name: str
    unit: str
    direction: str
    holder: str
    owner: str  # position key of the owning employee
    source: str = "manual"
    rollup: str = ""
    parent: str = ""
    target: Decimal | None = None
    low: Decimal | None = None
    high: Decimal | None = None
    baseline: Decimal | None = None
    margin: Decimal | None = None
    weight: Decimal = Decimal(1)
    description: str = ""
    frequency: str = "monthly"


D = Decimal
# {ops}/{ops_en}/{ops_key}: the operations department's names and template key; {lead} its lead's
# position key; {worker}/{worker_en}/{worker_key}: the main position; {inspector}: who checks.
CASCADE: tuple[ObjectiveT, ...] = (
    ObjectiveT(
        "fpy",
        "一次交检合格率|First-pass yield",
        "%",
        "up",
        "enterprise",
        "gm",
        source="rollup",
        rollup="min",
        target=D(98),
        baseline=D(95),
        margin=D(1),
        description="各部门一次合格率中最差者|The worst department's first-pass yield",
    ),
    ObjectiveT(
        "complaints",
        "顾客投诉数（季度）|Customer complaints per quarter",
        "件",
        "down",
        "enterprise",
        "steward",
        source="complaint_count",
        frequency="quarterly",
        target=D(0),
        margin=D(1),
    ),
    ObjectiveT(
        "timeliness",
        "纠正措施按期完成率|Corrective actions completed on time",
        "%",
        "up",
        "enterprise",
        "steward",
        source="action_timeliness",
        frequency="quarterly",
        target=D(90),
        baseline=D(70),
        margin=D(10),
    ),
    ObjectiveT(
        "ops_fpy",
        "{ops}一次合格率|{ops_en} first-pass yield",
        "%",
        "up",
        "dept:{ops_key}",
        "{lead}",
        source="rollup",
        rollup="weighted_mean",
        parent="fpy",
        target=D(98),
        baseline=D(95),
        margin=D(1),
    ),
    ObjectiveT(
        "worker_fpy",
        "{worker}自检一次合格率|{worker_en}: work right first time",
        "%",
        "up",
        "pos:{worker_key}",
        "{lead}",
        parent="ops_fpy",
        target=D(98),
        baseline=D(94),
        margin=D(1),
        weight=D(2),
    ),
    ObjectiveT(
        "first_piece",
        "首件一次通过率|First pieces passed first time",
        "%",
        "up",
        "emp:{lead}",
        "{lead}",
        parent="ops_fpy",
        target=D(97),
        baseline=D(92),
        margin=D(2),
    ),
    ObjectiveT(
        "nc_disposition",
        "不合格品 48 小时内处置率|Nonconforming product dispositioned within 48 h",
        "%",
        "up",
        "dept:quality",
        "steward",
        parent="timeliness",
        target=D(95),
        baseline=D(80),
        margin=D(5),
    ),
    ObjectiveT(
        "record_errors",
        "检验记录差错|Inspection record errors",
        "处",
        "down",
        "pos:{inspector}",
        "steward",
        target=D(1),
        baseline=D(4),
        margin=D(1),
    ),
    ObjectiveT(
        "meeting",
        "质量例会时长|Monthly quality meeting length",
        "min",
        "band",
        "emp:gm",
        "gm",
        low=D(45),
        high=D(90),
        margin=D(15),
        description="总经理主持的月度质量例会|The general manager's monthly quality meeting",
    ),
)
# The position whose objective is "record errors": the inspector, or the service lead.
INSPECTOR = {"service": "service_lead"}

SUGGESTIONS: tuple[tuple[str, str], ...] = (
    (
        "首件检验改用检查表|A checklist for first-piece inspection",
        "首件检验靠记忆容易漏项，建议按图纸关键尺寸做一张检查表，逐项打勾。|"
        "First-piece checks rely on memory and miss items; a checklist of the drawing's key "
        "dimensions, ticked item by item.",
    ),
    (
        "量具放置架|A rack for the gauges",
        "量具随手放在机床上容易摔坏，建议每台机床旁装一个带编号的量具架。|"
        "Gauges left on the machines get dropped; a numbered rack next to each machine.",
    ),
    (
        "不合格品红色周转箱|Red boxes for nonconforming product",
        "不合格品和合格品混放，建议统一使用红色周转箱并贴标签。|"
        "Rejects get mixed with good parts; use red bins with labels for every reject.",
    ),
    (
        "交接班记录电子化|Shift hand-over on a tablet",
        "纸质交接班记录经常找不到，建议用车间平板填写。|"
        "Paper hand-over notes get lost; fill them in on a shop-floor tablet.",
    ),
    (
        "来料抽检比例按供方分级|Incoming sampling by supplier grade",
        "对连续合格的供方降低抽检比例，对问题多的供方加严。|"
        "Sample less from suppliers with a clean record and more from those with problems.",
    ),
    (
        "顾客投诉当天回电|Call back on the day of a complaint",
        "顾客投诉后往往隔几天才联系，建议规定当天回电说明处理安排。|"
        "Customers wait days to hear back; call them back the same day with what will happen.",
    ),
    (
        "看板显示当班合格率|Show the shift's yield on a board",
        "在车间门口的白板上每班更新一次合格率，大家都能看到。|"
        "Update the shift's first-pass yield on the whiteboard at the door every shift.",
    ),
    (
        "设备点检表挂在设备上|Machine check sheets on the machines",
        "点检表放在办公室，操作工常常忘记填写，建议挂在设备旁。|"
        "Check sheets sit in the office and are forgotten; hang them on each machine.",
    ),
)
DECLINE_REASON = (
    "投入大于收益，且现有看板已覆盖该需求|Costs more than it saves; the existing board covers it"
)
ACCEPT_REASON = "成本低、见效快，同意实施|Cheap and quick to pay off; accepted"
IMPLEMENTED_NOTE = "已在车间试行一个月，效果良好|Tried on the shop floor for a month; it works"
REWARD_NOTE = "月度质量例会通报表扬|Commended at the monthly quality meeting"
EVALUATION_NOTE = "质量部评估|Evaluated by the quality department"
RECOGNITION = (
    "每月最佳建议在质量例会上通报表扬，年度积分前三名获得奖金。|"
    "The month's best suggestion is announced at the quality meeting; the year's top three "
    "earn a bonus."
)

REVIEW_TITLE = "年度管理评审|Annual management review"
REVIEW_OTHERS = "认证帮扶专家（列席）|The assistance expert of the certification body (attending)"
REVIEW_CONCLUSION = (
    "质量管理体系总体适宜、充分、有效。一次合格率接近目标但尚未稳定，纠正措施按期完成率偏低，"
    "需加强跟踪。|The quality system is suitable, adequate and effective overall. First-pass "
    "yield is close to target but not yet stable; too few corrective actions finish on time and "
    "need closer follow-up."
)
REVIEW_NOTES = {
    "objectives": "一次合格率三个季度达标|First-pass yield met in three quarters",
    "nonconformities": "尺寸类不合格占多数|Most nonconformities are dimensional",
    "suggestions": "员工建议数量增加，实施率有待提高|More suggestions; more should be implemented",
}
# (kind, text, owner position key, days after the review until due)
REVIEW_OUTPUTS: tuple[tuple[str, str, str, int], ...] = (
    (
        "decision",
        "维持现行质量方针，目标值不变|Keep the quality policy and the targets as they are",
        "gm",
        0,
    ),
    (
        "improvement",
        "每周跟踪逾期纠正措施并在例会上通报|Follow up overdue corrective actions weekly and report "
        "them at the quality meeting",
        "steward",
        45,
    ),
    (
        "resource",
        "增购一套关键尺寸检具|Buy a second set of gauges for the key dimensions",
        "gm",
        90,
    ),
)
# (commitment, days from the review, kept?)
COMMITMENTS: tuple[tuple[str, int, bool | None], ...] = (
    (
        "总经理参加每月质量例会|The general manager joins the monthly quality meeting",
        -20,
        True,
    ),
    (
        "总经理带队进行季度现场质量巡查|The general manager leads the quarterly shop-floor "
        "quality walk",
        40,
        None,
    ),
)
COMMITMENT_EVIDENCE = "例会签到表和会议纪要|Meeting sign-in sheet and minutes"

PULSE_TITLES = ("质量意识调查（上半年）|Quality awareness pulse (H1)", "质量意识调查（下半年）|"
                "Quality awareness pulse (H2)")  # fmt: skip
PULSE_QUESTIONS = (
    "我清楚本岗位的质量目标|I know the quality objectives of my job",
    "发现质量问题时我知道该找谁|I know whom to tell when I see a quality problem",
    "我的改进建议会得到认真对待|My improvement suggestions are taken seriously",
    "管理层重视质量而不只是产量|Management cares about quality, not only output",
    "我有做好工作所需的培训和工具|I have the training and tools to do my job well",
)
PULSE_COMMENTS = (
    "希望多一些技能培训|More skills training, please",
    "例会时间可以短一点|The quality meeting could be shorter",
    "",
    "",
    "建议处理结果能反馈给我们|Tell us what happened to our suggestions",
)


def bi(text: str) -> tuple[str, str]:
    """Split "中文|English" into ("中文", "English")."""
    zh, _sep, en = text.partition("|")
    return zh, en or zh


def join(text: str) -> str:
    """ "中文|English" as "中文 / English", the demo's way of showing both languages."""
    zh, en = bi(text)
    return f"{zh} / {en}" if en != zh else zh
