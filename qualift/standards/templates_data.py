"""The checklist template Qualift ships: ISO 9001 questions for small and micro enterprises.

The questions are Qualift's own wording (never the standard's text, which is copyrighted), each
mapped to an ISO 9001:2015 sub-clause (DOMAIN §9) and to one of the source article's five focus
points for small and micro enterprises (DOMAIN §2, `FocusArea`). Certification audits and the
enterprise's own internal audits both use it. Values are plain strings so that the data migration
loading them does not depend on the current code's enums.
"""

from __future__ import annotations

DEFAULT_TEMPLATE: dict[str, object] = {
    "name_en": "ISO 9001 checklist for small and micro enterprises",
    "name_zh": "小微企业 ISO 9001 审核检查表",
    "purpose": "both",
    "is_default": True,
}

QC, LD, MO, GO, KP = "quality_concept", "leadership", "motivation", "goals", "key_process"

# (clause number, focus area, English, Chinese); the position is the 1-based index.
DEFAULT_QUESTIONS: tuple[tuple[str, str, str, str], ...] = (
    # 4 Context of the organization
    (
        "4.1",
        LD,
        "Can the owner name the main internal and external issues (customers, competitors, "
        "costs, regulations) that affect product quality this year?",
        "负责人能否说出今年影响产品质量的主要内外部因素（客户、竞争对手、成本、法规等）？",
    ),
    (
        "4.2",
        QC,
        "Is there a simple list of the parties with a stake in the business (customers, "
        "suppliers, regulators, neighbours) and what each of them expects?",
        "是否有一份简明清单，列出与企业相关的各方（客户、供应商、监管部门、周边居民）及其各自的期望？",
    ),
    (
        "4.4",
        KP,
        "Is there a process map, even a one-page one, showing how an order travels from enquiry "
        "to delivery and who owns each step?",
        "是否有一张过程图（一页纸即可），说明订单从询价到交付的流转过程以及每一步由谁负责？",
    ),
    # 5 Leadership
    (
        "5.1.1",
        LD,
        "Does the owner take part in quality meetings and decisions, rather than leaving "
        "quality to the inspector alone?",
        "负责人是否亲自参加质量会议、参与质量决策，而不是把质量工作只交给检验员？",
    ),
    (
        "5.1.2",
        QC,
        "Can people at the workbench say which customer requirements matter most for the part "
        "they are making?",
        "一线员工能否说出自己正在加工的产品最重要的客户要求是什么？",
    ),
    (
        "5.1.2",
        LD,
        "When delivery pressure and quality clashed recently, can the owner give an example of "
        "putting quality first?",
        "当交期压力与质量发生冲突时，负责人能否举出近期坚持质量优先的实例？",
    ),
    (
        "5.2",
        QC,
        "Is the quality policy posted where people work, and can employees explain in their own "
        "words what it asks of them?",
        "质量方针是否张贴在工作现场，员工能否用自己的话说明方针对自己的要求？",
    ),
    (
        "5.3",
        GO,
        "Does every position have written responsibilities and authority, including who may "
        "stop production and who may release product?",
        "每个岗位是否有书面的职责和权限，包括谁有权停线、谁有权放行产品？",
    ),
    (
        "5.3",
        LD,
        "Has the owner appointed a quality steward and given them the time and authority the "
        "job needs?",
        "负责人是否任命了质量负责人，并给予其履职所需的时间和权限？",
    ),
    # 6 Planning
    (
        "6.1",
        KP,
        "Are the risks that most often spoil quality (a key machine breaking down, a single "
        "supplier, staff turnover) listed, each with an agreed response?",
        "是否列出了最常影响质量的风险（关键设备故障、单一供应商、人员流动等），并为每项确定了应对措施？",
    ),
    (
        "6.2",
        GO,
        "Can the owner show how quality objectives are turned into monthly targets for each "
        "workshop?",
        "负责人能否说明质量目标如何分解为各车间的月度指标？",
    ),
    (
        "6.2",
        GO,
        "Is every quality objective measurable (a number, a unit and a deadline), with a named "
        "person responsible for it?",
        "每项质量目标是否可测量（有数值、单位和期限），并指定了责任人？",
    ),
    (
        "6.2",
        MO,
        "Do employees know their own team's target, and is progress shown where they can see "
        "it every day?",
        "员工是否知道本班组的目标，目标进展是否在员工每天看得到的地方公示？",
    ),
    (
        "6.3",
        KP,
        "When a process, material or machine was last changed, was the change planned and "
        "checked before normal production resumed?",
        "最近一次变更工艺、材料或设备时，是否事先进行了策划，并在恢复正常生产前进行了确认？",
    ),
    # 7 Support
    (
        "7.1.2",
        KP,
        "Are there enough trained people for every key process on every shift, including cover "
        "when someone is on leave?",
        "每个班次的关键过程是否都有足够的合格人员，包括有人休假时的顶岗安排？",
    ),
    (
        "7.1.3",
        KP,
        "Are the key machines on a maintenance plan, and do the records show the plan was "
        "followed?",
        "关键设备是否纳入维护保养计划，保养记录能否证明计划得到了执行？",
    ),
    (
        "7.1.4",
        QC,
        "Is the workplace clean, orderly and safe enough that mix-ups and damage are unlikely "
        "(for example, 5S kept up in practice)?",
        "工作现场是否整洁、有序、安全，足以避免混料和磕碰损坏（例如 5S 在日常中得到保持）？",
    ),
    (
        "7.1.5",
        KP,
        "Is every gauge used for acceptance identified and calibrated on time, and are the "
        "products it measured re-checked when it is found out of tolerance?",
        "用于验收的量具是否都有标识并按时校准？发现量具失准时，是否追查复验其测量过的产品？",
    ),
    (
        "7.1.6",
        MO,
        "Is the know-how of experienced workers (tricks, machine settings, lessons from "
        "failures) written down so it is not lost when they leave?",
        "老师傅的经验（操作诀窍、设备参数、失败教训）是否形成文字，不会因人员离职而流失？",
    ),
    (
        "7.2",
        GO,
        "Does each position have defined competence requirements, with training records for "
        "every employee measured against them?",
        "每个岗位是否规定了能力要求，并对照要求保存每位员工的培训记录？",
    ),
    (
        "7.2",
        MO,
        "Is training judged by its effect (a test, an observed task, fewer defects) rather than "
        "only by who attended?",
        "是否通过效果（考试、现场操作观察、缺陷减少）来评价培训，而不只是统计出勤？",
    ),
    (
        "7.3",
        QC,
        "Can employees explain what happens to the customer, and to the company, when a "
        "defective product gets out?",
        "员工能否说明不合格产品流出后会对客户和企业造成什么后果？",
    ),
    (
        "7.3",
        GO,
        "Do employees know how their own work contributes to the quality objectives and what a "
        "defect at their step costs?",
        "员工是否知道自己的工作如何支撑质量目标，以及本工序出现一个缺陷会造成多少损失？",
    ),
    (
        "7.4",
        MO,
        "Are there open channels (shift meetings, a suggestion box, a chat group) for workers to "
        "raise quality problems, and do they get an answer?",
        "是否有畅通的渠道（班前会、意见箱、工作群）让员工反映质量问题，员工提出后能否得到答复？",
    ),
    (
        "7.5",
        KP,
        "Are the work instructions at each workstation the current version, with obsolete "
        "copies removed?",
        "各工位上的作业指导书是否为现行有效版本，作废版本是否已经收回？",
    ),
    (
        "7.5",
        QC,
        "Are records (inspection, production, training) filled in while the work is done, "
        "legible, and kept for a set period?",
        "检验、生产、培训等记录是否在作业时及时填写、字迹清楚，并按规定期限保存？",
    ),
    # 8 Operation
    (
        "8.1",
        KP,
        "Have the key processes been chosen, with key control points and control parameters "
        "(target and limits) set for each?",
        "是否确定了关键过程，并为每个关键过程设定了关键控制点和控制参数（目标值和上下限）？",
    ),
    (
        "8.2",
        QC,
        "Before an order is accepted, does someone check that the quantity, specification and "
        "delivery date can be met?",
        "接单前是否有人评审企业能否满足订单的数量、规格和交期？",
    ),
    (
        "8.4",
        KP,
        "Are suppliers of materials that affect quality chosen and re-evaluated on recorded "
        "criteria such as quality, delivery and price?",
        "对影响产品质量的物料供应商，是否按记录在案的准则（质量、交付、价格等）进行选择和再评价？",
    ),
    (
        "8.4",
        QC,
        "Are incoming materials checked against the order before use, and is the handling of "
        "rejected lots recorded?",
        "来料在使用前是否对照订单进行检验，拒收批次的处置是否有记录？",
    ),
    (
        "8.5.1",
        KP,
        "At the key control points, are parameters measured and recorded at the planned "
        "frequency, with a reaction plan for readings outside the limits?",
        "在关键控制点是否按规定频次测量并记录参数，读数超出界限时是否有反应计划？",
    ),
    (
        "8.5.1",
        KP,
        "Do operators run key equipment to a written operating procedure, and is a first piece "
        "checked after every set-up?",
        "操作人员是否按书面操作规程使用关键设备，每次换型调机后是否进行首件检验？",
    ),
    (
        "8.5.2",
        KP,
        "Can a finished batch be traced back to its materials, machine, operator and production "
        "date?",
        "成品批次能否追溯到所用物料、设备、操作人员和生产日期？",
    ),
    (
        "8.6",
        QC,
        "Is product released only after the planned checks have been passed, and is the person "
        "who released it on record?",
        "产品是否在规定的检验合格后才放行，放行人员是否有记录？",
    ),
    (
        "8.7",
        KP,
        "Is nonconforming product marked and kept apart so it cannot be used or shipped by "
        "mistake, and does an authorised person decide what happens to it?",
        "不合格品是否有标识并隔离存放，防止误用或误发，其处置是否由授权人员决定？",
    ),
    # 9 Performance evaluation
    (
        "9.1.1",
        GO,
        "Are the indicators behind the objectives (yield, rework rate, on-time delivery) "
        "collected regularly and looked at by the people responsible?",
        "支撑目标的指标（合格率、返工率、准时交付率等）是否定期收集，并由责任人进行评审？",
    ),
    (
        "9.1.2",
        QC,
        "Does the enterprise ask its customers how satisfied they are, and act on what they say?",
        "企业是否主动了解顾客的满意程度，并根据顾客反馈采取行动？",
    ),
    (
        "9.1.3",
        KP,
        "Are inspection and process data analysed for trends (a Pareto of defects, a control "
        "chart) instead of only being filed?",
        "检验和过程数据是否进行了趋势分析（如缺陷排列图、控制图），而不只是归档保存？",
    ),
    (
        "9.2",
        GO,
        "Has an internal audit covering all processes been planned and carried out by people "
        "who do not audit their own work?",
        "是否策划并实施了覆盖全部过程的内部审核，审核员是否避免审核自己的工作？",
    ),
    (
        "9.3",
        LD,
        "Does the owner hold a management review at least once a year, and did the last one end "
        "in decisions with owners and deadlines?",
        "负责人是否每年至少组织一次管理评审，最近一次评审是否形成了有责任人和期限的决定？",
    ),
    # 10 Improvement
    (
        "10.2",
        QC,
        "When a nonconformity occurs, is its root cause found (for example with 5 whys or a "
        "fishbone) before actions are chosen?",
        "发生不合格时，是否先查找根本原因（例如五问法或鱼骨图），再确定措施？",
    ),
    (
        "10.2",
        GO,
        "Does each corrective action have an owner and a due date, and is its effectiveness "
        "checked afterwards?",
        "每项纠正措施是否有责任人和完成期限，事后是否验证了措施的有效性？",
    ),
    (
        "10.3",
        MO,
        "Are employees' improvement suggestions collected and recognised, and have some of them "
        "been put into practice?",
        "员工的改进建议是否得到收集和认可，其中是否有一些已付诸实施？",
    ),
    (
        "10.3",
        LD,
        "Can the owner point to improvements made in the last year and what they achieved in "
        "numbers?",
        "负责人能否举出近一年取得的改进，并用数据说明其成效？",
    ),
)


def install_default_template(template_model, question_model, clause_model):
    """Create or refresh the shipped default template (idempotent; matched by its English name
    among templates without an owner). Takes the model classes so a data migration can pass its
    historical models."""
    template, _ = template_model.objects.update_or_create(
        owner=None,
        name_en=DEFAULT_TEMPLATE["name_en"],
        defaults={k: v for k, v in DEFAULT_TEMPLATE.items() if k != "name_en"},
    )
    clauses = {c.number: c for c in clause_model.objects.all()}
    for position, (number, focus, text_en, text_zh) in enumerate(DEFAULT_QUESTIONS, start=1):
        question_model.objects.update_or_create(
            template=template,
            position=position,
            defaults={
                "clause": clauses[number],
                "focus_area": focus,
                "text_en": text_en,
                "text_zh": text_zh,
            },
        )
    return template
