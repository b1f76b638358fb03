"""What the assistance demo writes, as plain data in both languages ("中文 / English"): the issue a
diagnosis finds in each area, the measure and milestones that answer it, the plan's expected
indicators, visit notes, and the industry-common problem.

Pure module: no Django imports. Kinds and areas are the string values of
`qualift.assistance.choices` (Area, MeasureKind, Mode).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class MeasureT:
    """A plan measure: its kind (one per area, so a plan's measures differ in kind), the text, and
    two milestones as (title, acceptance criteria)."""

    kind: str
    title: str
    description: str
    resources: str
    milestones: tuple[tuple[str, str], tuple[str, str]]


@dataclass(frozen=True)
class IssueT:
    """A weakness a diagnosis finds in one area, with the evidence an expert would write down."""

    area: str
    title: str
    description: str
    evidence: str
    measure: MeasureT


ISSUES: dict[str, IssueT] = {
    "quality_concept": IssueT(
        "quality_concept",
        "员工“重产量、轻质量”，返工被视为正常 / Output counts more than quality; rework is "
        "taken as normal",
        "车间考核只看产量，班组长认为返工是生产的一部分；新员工未接受质量意识培训。\n"
        "Shop-floor pay follows output only; team leaders see rework as part of production; new "
        "staff get no quality-awareness training.",
        "访谈 6 名一线员工，4 人不知道本岗位的质量要求 / 4 of 6 operators interviewed could not "
        "state their position's quality requirements",
        MeasureT(
            "training",
            "全员质量意识与“一次做对”培训 / Quality awareness and right-first-time training "
            "for all staff",
            "分班组开展 3 次培训，结合本厂返工案例；培训后岗位考试。\nThree sessions by team, "
            "built on the plant's own rework cases; a test at each position afterwards.",
            "认证机构讲师 1 名，企业会议室，半天×3 / One CB trainer, the meeting room, 3 half days",
            (
                (
                    "完成全员培训 / All staff trained",
                    "签到表覆盖 100% 在岗员工 / Attendance sheets cover every employee on duty",
                ),
                ("岗位考试合格率 ≥ 90% / ≥ 90 % pass the position test", "考试记录 / Test records"),
            ),
        ),
    ),
    "leadership": IssueT(
        "leadership",
        "管理评审流于形式，质量问题未进入经营决策 / Management review is a formality; quality "
        "problems never reach business decisions",
        "近一年管理评审记录为模板填写，未对顾客投诉和不合格趋势作出决定。\nLast year's "
        "management review was a filled-in template with no decision on complaints or "
        "nonconformity trends.",
        "管理评审记录、总经理访谈 / Management review record; interview with the general manager",
        MeasureT(
            "documentation",
            "修订管理评审程序并按新程序召开一次评审 / Revise the management review procedure "
            "and hold one review under it",
            "评审输入按 ISO 9001 9.3.2 列明，输出形成有责任人和期限的决定。\nInputs as ISO 9001 "
            "9.3.2 lists them; outputs become decisions with an owner and a date.",
            "认证机构专家 2 人日 / Two CB expert days",
            (
                (
                    "程序文件发布 / Procedure issued",
                    "经总经理批准的程序文件 / Procedure approved by the general manager",
                ),
                (
                    "按新程序完成管理评审 / Review held under the new procedure",
                    "评审报告含至少 3 项决定 / Report with at least three decisions",
                ),
            ),
        ),
    ),
    "motivation": IssueT(
        "motivation",
        "员工提出改进建议无渠道、无回应 / Staff have no channel for improvement ideas and hear "
        "nothing back",
        "没有建议制度；员工反映提过的建议“没人理”。\nNo suggestion scheme; staff say ideas "
        "they raised were ignored.",
        "员工座谈会记录 / Notes of a staff meeting",
        MeasureT(
            "incentives",
            "建立合理化建议与质量奖励制度 / Set up a suggestion and quality reward scheme",
            "建议箱和线上渠道，一周内答复，采纳后按效益奖励。\nA box and an online link, an "
            "answer within a week, rewards by benefit once implemented.",
            "企业奖励预算 2 万元/年 / Reward budget CNY 20,000 a year",
            (
                (
                    "制度发布并公示 / Scheme issued and posted",
                    "公告栏照片与制度文本 / Notice board photo and the scheme text",
                ),
                ("首批建议兑现奖励 / First rewards paid", "奖励台账 / Reward ledger"),
            ),
        ),
    ),
    "goals": IssueT(
        "goals",
        "质量目标未分解到部门和岗位 / Quality objectives are not cascaded to departments and "
        "positions",
        "只有公司级“合格率 98%”一个目标，部门和岗位没有可测量的目标，职责不清。\nOnly one "
        "company target (98 % conforming); no measurable objectives for departments or positions; "
        "responsibilities unclear.",
        "质量手册、岗位说明书 / Quality manual; job descriptions",
        MeasureT(
            "objectives",
            "质量目标分解与岗位职责梳理 / Cascade quality objectives and clarify responsibilities",
            "按部门—岗位分解目标，明确统计方法和考核办法。\nObjectives by department and "
            "position, with how each is measured and assessed.",
            "认证机构专家 1 人日，企业各部门负责人 / One CB expert day; the heads of department",
            (
                (
                    "目标分解表发布 / Objectives cascade issued",
                    "分解表覆盖全部部门 / The cascade covers every department",
                ),
                (
                    "首月目标统计完成 / First month measured",
                    "各部门目标统计表 / Each department's figures",
                ),
            ),
        ),
    ),
    "key_process": IssueT(
        "key_process",
        "关键工序参数无记录、无控制限 / Key process parameters are neither recorded nor controlled",
        "关键工序凭经验调机，参数不记录，出现批量不合格后才发现。\nKey operations are set up by "
        "feel, parameters go unrecorded, and batches of nonconforming parts are found late.",
        "现场抽查 3 台设备，均无参数记录 / Three machines checked on site: no parameter records",
        MeasureT(
            "spc",
            "关键工序参数记录与 SPC 控制图 / Record key process parameters and run SPC charts",
            "识别关键控制点，制定参数记录表，建立 X̄-R 控制图并培训班组长判异。\nIdentify "
            "the key control points, record parameters, set up X̄-R charts and teach team "
            "leaders to read them.",
            "认证机构专家 3 人日，企业质检员 1 名 / Three CB expert days; one inspector",
            (
                (
                    "关键控制点清单确认 / Key control points agreed",
                    "经技术负责人签字的清单 / List signed by the technical lead",
                ),
                (
                    "控制图运行满一个月 / Charts running for a month",
                    "控制图及判异记录 / Charts and out-of-control actions",
                ),
            ),
        ),
    ),
    "strategy": IssueT(
        "strategy",
        "没有质量发展规划，认证只为投标 / No quality plan: certification is wanted only for "
        "tenders",
        "企业对认证的期望仅为取得证书，未结合产品升级和市场要求。\nThe firm wants the "
        "certificate only, with no link to product upgrades or market requirements.",
        "总经理访谈 / Interview with the general manager",
        MeasureT(
            "other",
            "制定三年质量提升规划 / Draw up a three-year quality improvement plan",
            "结合主要顾客要求和行业标准，明确产品质量提升路线。\nFrom the main customers' "
            "requirements and the industry standards, set the product quality route.",
            "认证机构专家 1 人日 / One CB expert day",
            (
                ("规划初稿 / First draft", "规划文本 / The draft"),
                ("规划经总经理批准 / Plan approved", "批准记录 / Approval record"),
            ),
        ),
    ),
    "equipment": IssueT(
        "equipment",
        "设备无点检、无保养计划，量具超期未检 / No equipment checks or maintenance plan; gauges "
        "overdue for calibration",
        "设备故障后才维修；12 件量具中 5 件超过检定有效期。\nMachines are repaired only after "
        "breaking down; 5 of 12 gauges are past their calibration date.",
        "量具台账、设备维修记录 / Gauge register; repair records",
        MeasureT(
            "equipment",
            "设备点检保养制度与量具周期检定 / Equipment checks, maintenance and gauge "
            "calibration cycle",
            "编制点检表和年度保养计划，超期量具全部送检。\nCheck sheets and a yearly "
            "maintenance plan; every overdue gauge sent for calibration.",
            "计量检定费约 3000 元 / About CNY 3,000 of calibration fees",
            (
                (
                    "超期量具全部送检 / Overdue gauges calibrated",
                    "检定证书 / Calibration certificates",
                ),
                (
                    "点检表上墙运行 / Check sheets in use",
                    "连续 4 周点检记录 / Four weeks of check records",
                ),
            ),
        ),
    ),
    "inspection": IssueT(
        "inspection",
        "出厂检验项目不全，检验依据不清 / Final inspection misses characteristics; its basis is "
        "unclear",
        "出厂检验只看外观，未按产品标准检测关键性能。\nFinal inspection looks at appearance "
        "only; key properties in the product standard are not tested.",
        "检验记录、产品标准 / Inspection records; the product standard",
        MeasureT(
            "process",
            "梳理检验流程，编制检验规程 / Map the inspection process and write inspection "
            "instructions",
            "按产品标准确定检验项目、抽样方案和判定规则。\nCharacteristics, sampling and "
            "acceptance rules from the product standard.",
            "认证机构专家 2 人日 / Two CB expert days",
            (
                ("检验规程发布 / Instructions issued", "检验规程 / The instructions"),
                (
                    "按新规程检验满一个月 / A month inspected to them",
                    "检验记录 / Inspection records",
                ),
            ),
        ),
    ),
}

# Measures a plan adds when its points give fewer than three (never a kind already in the plan).
EXTRA_KINDS = ("training", "documentation", "objectives")

AREA_NOTES = {
    1: "基本空白，依赖个人经验 / Next to nothing in place; it rests on individuals",
    2: "有零散做法，未形成制度 / Some practice, not yet a system",
    3: "有制度，执行不稳定 / A system exists; applied unevenly",
    4: "制度健全并有效执行 / A sound system, applied",
    5: "持续改进，数据驱动 / Improving continually, run on data",
}

DIAGNOSIS_SUMMARY = (
    "现场诊断覆盖 8 个方面，访谈管理层与一线员工，查阅记录并现场观察关键工序。\nThe on-site "
    "diagnosis covered all eight areas: interviews with managers and operators, records reviewed, "
    "key operations observed."
)

PLAN_TITLE = "“一企一策”质量提升帮扶方案 / One-enterprise-one-policy assistance plan"
PLAN_APPROACH = (
    "按优先级选定帮扶点，专家驻厂指导与培训相结合，每月回访检查里程碑。\nPoints chosen by "
    "priority; on-site coaching with training; a monthly visit checks the milestones."
)
SKIP_REASON = (
    "企业本年度已安排技改资金解决，暂不纳入帮扶 / The firm has funded this itself this year; "
    "not an assistance point for now"
)
SIGN_MEANING = {
    "cb": "认证机构确认帮扶方案并承诺按期提供帮扶 / The CB confirms the plan and commits to "
    "assist as scheduled",
    "enterprise": "企业同意帮扶方案并承诺落实措施 / The enterprise agrees the plan and commits "
    "to carry out the measures",
}
REVISION_REASON = (
    "首次回访发现量具超期问题，经双方协商增加设备与量具管理措施 / The first visit found "
    "overdue gauges; both sides agreed to add an equipment and gauge measure"
)
EVIDENCE = "已现场核实并留存记录 / Checked on site; records kept"

# (name, unit, baseline range, target factor, direction): the plan's two expected indicators.
INDICATORS = (
    ("关键工序一次合格率 / First-pass yield of key operations", "%", (82, 92), Decimal("1.06"),
     "up"),
    ("季度顾客投诉数 / Customer complaints per quarter", "次 / count", (4, 9), Decimal("0.5"),
     "down"),
)  # fmt: skip

VISIT_ACTIVITIES = (
    "检查里程碑进展，现场指导关键工序参数记录 / Checked milestone progress; coached parameter "
    "recording at the key operations",
    "组织班组长培训，复核控制图判异 / Trained team leaders; reviewed out-of-control actions on "
    "the charts",
    "复核检验规程执行情况，抽查记录 / Reviewed the inspection instructions in use; sampled the "
    "records",
)
VISIT_NEXT_STEPS = (
    "下月完成剩余人员培训 / Remaining staff to be trained next month",
    "企业每周上报控制图 / The firm sends its charts weekly",
    "准备帮扶成效评价资料 / Prepare the records for the evaluation",
)

# The industry-common problem: shoes and leather garments (GB/T 4754 division 19) share the key
# process problem; the program office solves it with one training for the industry.
COMMON = {
    "division": "19",
    "area": "key_process",
    "title": "皮革制品企业关键工序（涂胶、压合）缺少参数控制 / Leather firms do not control "
    "their key operations (gluing, pressing)",
    "description": "帮扶中多家皮革、制鞋企业存在同一问题，由项目办组织行业集中培训。\nSeveral "
    "leather and shoe firms share the problem; the program office runs one training for the "
    "industry.",
    "measure_kind": "training",
    "measure_title": "皮革行业关键工序参数控制集中培训 / Industry training: parameter control of "
    "key leather operations",
}
