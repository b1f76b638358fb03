"""What the certification demo writes, as plain data in both languages ("中文 / English"): each
demo CB's certification policy, its auditor register (grades, registration numbers, training),
the client stories and the order they are handed out in, scopes of certification, schedule
lines, and the findings auditors raise with the client's responses.

Pure module: no Django imports. Statuses, grades and kinds are the string values of
`qualift.certification.choices`; registration numbers follow the CCAA pattern
"<year>-N1QMS-<7 digits>" and are invented.
"""

from __future__ import annotations

from dataclasses import dataclass

# One CB certifies under the Chinese rules in force from 2026, the others under ISO/IEC 17021-1.
POLICIES: dict[str, dict] = {
    "zhijiang": {
        "rule_set": "iso17021",
        "response_days": 90,
        "stage1_share": "1/3",
        "certificate_prefix": "ZJQC-Q",
    },
    "yongxin": {
        "rule_set": "cnca2026",
        "response_days": 60,
        "stage1_share": "1/3",
        "certificate_prefix": "NBYX-Q",
    },
    "pujiang": {
        "rule_set": "iso17021",
        "response_days": 90,
        "stage1_share": "1/4",
        "certificate_prefix": "SHPJ-Q",
    },
}


@dataclass(frozen=True)
class AuditorT:
    """A demo auditor login in its CB's register. `codes`: "all" (every IAF code of the CB's
    clients), "first2" (the first two of them) or a tuple of codes. `expiring`: an IAF code whose
    competence runs out in 45 days (the register's "expiring soon" badge)."""

    username: str
    grade: str
    registration_no: str
    codes: str | tuple[str, ...]
    trainings: tuple[tuple[str, str, int, int, str], ...]  # title, provider, days ago, hours, no.
    expiring: str = ""
    note: str = ""


TRAINING_9001 = (
    "ISO 9001:2015 质量管理体系审核员培训 / ISO 9001:2015 QMS auditor course",
    "中国认证认可协会 / CCAA",
)
TRAINING_CNCA = (
    "CNCA-QMS-01:2025 认证实施规则宣贯 / CNCA-QMS-01:2025 implementation rules briefing",
    "浙江省认证认可协会 / Zhejiang Certification and Accreditation Association",
)
TRAINING_SME = (
    "小微企业质量管理体系审核要点 / Auditing QMS in small and micro enterprises",
    "认证机构内部培训 / CB in-house training",
)

REGISTER: dict[str, tuple[AuditorT, ...]] = {
    "zhijiang": (
        AuditorT(
            "zhijiang_auditor",
            "senior_auditor",
            "2014-N1QMS-1025731",
            "all",
            (
                (*TRAINING_9001, 3200, 40, "CCAA-T-2017-06113"),
                (*TRAINING_SME, 210, 8, ""),
            ),
            note="审核组长 / Team leader",
        ),
        AuditorT(
            "zhijiang_auditor2",
            "auditor",
            "2021-N1QMS-1273589",
            "all",
            ((*TRAINING_9001, 1600, 40, "CCAA-T-2021-11872"),),
            expiring="04",
            note="04 专业能力待复评 / Competence for code 04 due for re-evaluation",
        ),
    ),
    "yongxin": (
        AuditorT(
            "yongxin_auditor",
            "senior_auditor",
            "2012-N1QMS-1009416",
            "all",
            (
                (*TRAINING_9001, 3900, 40, "CCAA-T-2013-02231"),
                (*TRAINING_CNCA, 60, 16, "ZJCA-2025-0418"),
            ),
            note="审核组长 / Team leader",
        ),
        AuditorT(
            "yongxin_trainee",
            "trainee",
            "",
            "first2",
            ((*TRAINING_9001, 150, 40, "CCAA-T-2025-20655"),),
            note="实习审核员，需在组长带领下审核 / Trainee: audits under a team leader",
        ),
    ),
    "pujiang": (
        AuditorT(
            "pujiang_auditor",
            "auditor",
            "2018-N1QMS-1190264",
            "all",
            (
                (*TRAINING_9001, 2500, 40, "CCAA-T-2018-07790"),
                (*TRAINING_SME, 330, 8, ""),
            ),
        ),
        AuditorT(
            "pujiang_techexpert",
            "technical_expert",
            "",
            ("18", "19"),
            (
                (
                    "机械与电气产品生产过程技术培训 / Production processes of machinery and "
                    "electrical products",
                    "上海市机械工程学会 / Shanghai Society of Mechanical Engineering",
                    900,
                    24,
                    "",
                ),
            ),
            note="技术专家（18、19） / Technical expert for codes 18 and 19",
        ),
    ),
}

# Who works each CB's audits: (second member's login, role); the leader is "<cb>_auditor" and
# the decision is taken by "<cb>_admin", who is on no team.
SECOND: dict[str, tuple[str, str]] = {
    "zhijiang": ("zhijiang_auditor2", "auditor"),
    "yongxin": ("yongxin_trainee", "trainee"),
    "pujiang": ("pujiang_techexpert", "technical_expert"),
}

# The client stories, handed out in this order to each CB's certification clients (in the
# demo's enterprise order): the stories needing expiry rules that differ between the rule sets
# (restoring an expired certificate, a recertification) go to ISO/IEC 17021-1 CBs.
STORIES: dict[str, tuple[str, ...]] = {
    "cnca2026": (
        "plan_sent",  # stage 1 done, stage 2 plan sent (team, time, schedule)
        "in_progress",  # stage 2 on site, part of the checklist answered
        "open_major",  # stage 2 completed, a major NC awaiting the client's response
        "returned",  # the client's response to a major NC returned by the auditor
        "certified",  # certified, surveillance 1 coming up
        "overdue",  # surveillance 1 overdue: the sweep proposes suspension
    ),
    "iso17021": (
        "verified",  # the major NC verified, awaiting the certification decision
        "recertified",  # a whole cycle, recertified into the second one
        "suspended",
        "withdrawn",
        "expired",  # expired; the late recertification audit done: restorable
        "cancelled",  # cancelled at the client's request
        "applied",  # stage 1 planned (time and leader set, plan not sent)
        "certified",
    ),
}
# The applied client whose CB's certifying person assisted it: adding that person to the team
# is refused (impartiality).
CONFLICT_STORY = "conflict"

SCOPES: dict[str, str] = {
    "03": "食品（糕点、速冻食品）的生产 / Manufacture of food (pastries, quick-frozen food)",
    "04": "纺织品（针织面料、袜类）的生产 / Manufacture of textiles (knitted fabrics, hosiery)",
    "05": "皮革服装的生产 / Manufacture of leather garments",
    "06": "竹木制品的生产 / Manufacture of bamboo and wood products",
    "17": "五金工具的生产 / Manufacture of hardware tools",
    "18": "模具、缝制设备及水泵的生产 / Manufacture of moulds, sewing equipment and pumps",
    "19": "低压电器及电子元件的生产 / Manufacture of low-voltage apparatus and electronic parts",
    "22": "汽车零部件的生产 / Manufacture of automotive parts",
    "23": "家具的生产 / Manufacture of furniture",
    "29": "日用品的批发与零售 / Wholesale and retail of everyday goods",
    "30": "餐饮服务 / Catering services",
    "32": "工程机械的租赁 / Leasing of construction machinery",
    "33": "应用软件的开发和技术服务 / Development of application software and technical service",
}
SCOPE_FALLBACK = "质量管理体系覆盖的产品和服务 / Products and services within the QMS"

OBJECTIVES = {
    "stage1": (
        "评价管理体系文件、场所条件及第二阶段审核的准备情况 / Review the documented system, "
        "the site and the readiness for stage 2"
    ),
    "stage2": (
        "评价质量管理体系的实施和有效性，确定能否推荐认证 / Evaluate the implementation and "
        "effectiveness of the QMS and whether certification can be recommended"
    ),
    "surveillance": (
        "确认体系持续满足 ISO 9001 要求，验证上次不符合的纠正措施 / Confirm the QMS still meets "
        "ISO 9001 and verify the corrective actions of the last nonconformities"
    ),
    "recertification": (
        "评价整个认证周期内体系的持续有效性，确定能否再认证 / Evaluate the continued "
        "effectiveness of the QMS over the cycle and whether to recertify"
    ),
}

# (start, end, activity, clauses): the day's lines of every audit plan; the leader audits all.
SCHEDULE: tuple[tuple[str, str, str, str], ...] = (
    ("08:30", "09:00", "首次会议 / Opening meeting", ""),
    ("09:00", "12:00", "最高管理者：方针、目标、管理评审 / Top management: policy, objectives, "
     "management review", "4, 5, 6, 9.3"),
    ("13:00", "16:00", "生产现场与关键过程 / Shop floor and key processes", "7.1, 8.1, 8.5"),
    ("16:00", "16:30", "末次会议 / Closing meeting", ""),
)  # fmt: skip

SUMMARY = {
    "stage1": (
        "体系文件基本齐全，现场条件具备，可以进入第二阶段审核。 / The documented system is "
        "essentially complete and the site is ready: stage 2 may proceed."
    ),
    "clean": (
        "质量管理体系运行有效，未发现不符合。 / The QMS is effective; no nonconformity was found."
    ),
    "findings": (
        "体系总体运行有效，发现的不符合须在规定期限内完成纠正和纠正措施。 / The QMS is "
        "effective overall; the nonconformities found must be corrected within the set time."
    ),
}


@dataclass(frozen=True)
class FindingT:
    """A finding an auditor raises from a checklist question of clause `clause`, with the client's
    response, the auditor's comment when returning it, and the verification note."""

    clause: str
    statement: str
    evidence: str
    requirement: str
    correction: str
    root_cause: str
    corrective_action: str
    evidence_text: str
    return_comment: str
    verify_note: str


MAJOR = FindingT(
    clause="7.1.5",
    statement=(
        "用于产品放行的测量器具未经校准 / Measuring equipment used to release product is not "
        "calibrated"
    ),
    evidence=(
        "成品检验台 3 把游标卡尺和 1 台扭力计无校准标识，校准记录止于两年前，期间放行 46 批。 / "
        "Three calipers and one torque meter at final inspection carry no calibration status; "
        "records end two years ago; 46 batches were released with them since."
    ),
    requirement=(
        "ISO 9001:2015 7.1.5.2：测量设备应按规定的时间间隔进行校准或检定。 / ISO 9001:2015 "
        "7.1.5.2: measuring equipment shall be calibrated or verified at specified intervals."
    ),
    correction=(
        "4 台器具已送计量所校准并贴标识；追溯评估 46 批产品，抽检 5 批全部合格。 / The four "
        "instruments were calibrated by the metrology institute and labelled; the 46 batches were "
        "assessed and 5 of them re-inspected, all conforming."
    ),
    root_cause=(
        "计量器具台账未包含车间自购器具，质量员离职后无人跟踪校准期。 / Instruments bought by "
        "the workshop were missing from the register, and nobody tracked due dates after the "
        "quality clerk left."
    ),
    corrective_action=(
        "全面清点器具并纳入台账，设到期提醒，校准职责写入质量员岗位说明书。 / All instruments "
        "counted into the register with due-date reminders; calibration written into the quality "
        "clerk's job description."
    ),
    evidence_text=(
        "校准证书 4 份、更新后的器具台账、岗位说明书 / Four calibration certificates, the updated "
        "register, the job description"
    ),
    return_comment=(
        "只提供了校准证书，未说明对已放行 46 批产品的影响评估，请补充。 / Only the certificates "
        "were sent: add the assessment of the 46 batches already released."
    ),
    verify_note=(
        "现场抽查 12 台器具，均在校准有效期内；台账与实物一致。 / 12 instruments checked on "
        "site, all within calibration; the register matches."
    ),
)
MINOR = FindingT(
    clause="7.5",
    statement=(
        "作业现场使用了作废版本的作业指导书 / An obsolete work instruction in use at a workstation"
    ),
    evidence=(
        "注塑 2 号机旁的作业指导书为 A/1 版，受控清单为 A/2 版，两版保压时间不同。 / The "
        "instruction at moulding machine 2 is issue A/1; the controlled list shows A/2, with a "
        "different holding time."
    ),
    requirement=(
        "ISO 9001:2015 7.5.3.2：应防止作废文件的非预期使用。 / ISO 9001:2015 7.5.3.2: "
        "unintended use of obsolete documented information shall be prevented."
    ),
    correction=(
        "已收回 A/1 版并发放 A/2 版，检查其余机台未发现同类问题。 / Issue A/1 withdrawn and A/2 "
        "issued; the other machines were checked and were correct."
    ),
    root_cause=(
        "文件更改后只更新了电子版，未规定现场纸质版的回收。 / After a change only the electronic "
        "copy was updated; withdrawing the paper copies was nobody's task."
    ),
    corrective_action=(
        "修订文件控制程序，增加发放回收签收记录。 / Document control procedure revised: issue "
        "and withdrawal are signed for."
    ),
    evidence_text="发放回收记录表 / Issue and withdrawal record",
    return_comment="",
    verify_note=(
        "抽查 8 个工位，文件均为现行版本。 / Eight workstations checked: all instructions current."
    ),
)
OBSERVATION = (
    "9.1.3",
    "检验数据已收集但尚未做趋势分析 / Inspection data are collected but not analysed for trends",
    "近半年返工记录未汇总分析 / Rework records of the last six months were not summarised",
)
EVIDENCE_CONFORM = "现场观察与记录抽查符合要求 / Observed on site; records sampled conform"
EVIDENCE_NOTE = "可进一步改进 / Could be improved further"

DECISION_REASONS = (
    "审核组推荐认证，不符合已关闭，认证决定人员未参加审核。 / The audit team recommends "
    "certification, the nonconformities are closed, and the decider took no part in the audit."
)
RECERT_REASONS = (
    "再认证审核表明体系在整个周期内持续有效，批准再认证。 / The recertification audit shows the "
    "QMS effective over the cycle: recertification granted."
)
SUSPEND_NOTE = (
    "客户未在期限内接受第一次监督审核，暂停证书。 / The client did not receive surveillance 1 "
    "in time: the certificate is suspended."
)
WITHDRAW_NOTE = (
    "暂停期满仍未完成监督审核，撤销证书。 / The suspension ran out without the surveillance "
    "audit: the certificate is withdrawn."
)
CANCEL_NOTE = (
    "企业转产停止相关业务，申请注销证书。 / The company stopped the certified business and "
    "asked for the certificate to be cancelled."
)
