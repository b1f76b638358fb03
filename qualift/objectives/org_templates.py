"""Industry templates for a ten-minute organisation setup (ISO 9001 5.3: roles, responsibilities
and authorities assigned, communicated and understood).

Each template lists a few departments and the positions a small firm of that trade usually has,
with responsibilities and authorities written in plain words, in English and Chinese. Applying a
template (services.org.apply_org_template) only adds the departments and positions that are
missing, so it can be applied again safely. Pure data: no Django imports.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Text:
    en: str
    zh: str

    def get(self, language: str) -> str:
        return self.zh if language.lower().startswith("zh") else self.en


@dataclass(frozen=True)
class DepartmentTemplate:
    key: str
    name: Text
    parent: str | None = None


@dataclass(frozen=True)
class PositionTemplate:
    key: str
    title: Text
    department: str | None
    responsibilities: Text
    authorities: Text
    reports_to: str | None = None
    top_management: bool = False


@dataclass(frozen=True)
class OrgTemplate:
    key: str
    name: Text
    description: Text
    departments: tuple[DepartmentTemplate, ...]
    positions: tuple[PositionTemplate, ...]


def _d(key: str, en: str, zh: str, parent: str | None = None) -> DepartmentTemplate:
    return DepartmentTemplate(key, Text(en, zh), parent)


MANAGEMENT = _d("mgmt", "Management", "总经办")
QUALITY = _d("quality", "Quality", "质量部")


def _general_manager(business_en: str, business_zh: str) -> PositionTemplate:
    return PositionTemplate(
        "gm",
        Text("General manager", "总经理"),
        "mgmt",
        Text(
            f"Runs the {business_en}. Sets the quality policy and the yearly quality goals. "
            "Provides people, machines and money the work needs. Chairs the management review "
            "at least once a year.",
            f"全面负责{business_zh}的经营。制定质量方针和年度质量目标。"
            "提供工作所需的人员、设备和资金。每年至少主持一次管理评审。",
        ),
        Text(
            "Approves the quality policy, the goals, budgets and hiring. Can stop any work "
            "or shipment. Appoints the quality steward.",
            "批准质量方针、目标、预算和招聘。有权停止任何工作或发货。任命质量负责人。",
        ),
        top_management=True,
    )


def _steward(checks_en: str, checks_zh: str) -> PositionTemplate:
    return PositionTemplate(
        "steward",
        Text("Quality steward", "质量负责人"),
        "quality",
        Text(
            "Keeps the quality system running day to day: documents, records, internal audits, "
            f"nonconformities and corrective actions, customer complaints. {checks_en} "
            "Reports to the general manager every month on quality results and problems.",
            "负责质量体系的日常运行：文件、记录、内部审核、不合格品和纠正措施、顾客投诉。"
            f"{checks_zh}每月向总经理报告质量结果和问题。",
        ),
        Text(
            "Can stop a batch and hold products that do not meet requirements. Decides whether "
            "a nonconformity needs a corrective action. Approves work instructions and "
            "inspection plans.",
            "有权停止生产批次并扣留不符合要求的产品。决定不合格是否需要纠正措施。"
            "批准作业指导书和检验计划。",
        ),
        reports_to="gm",
    )


def _inspector(what_en: str, what_zh: str) -> PositionTemplate:
    return PositionTemplate(
        "inspector",
        Text("Inspector", "检验员"),
        "quality",
        Text(
            f"Checks {what_en} against the drawing or specification and records the results. "
            "Marks and separates products that fail.",
            f"按图纸或规格检验{what_zh}并记录结果。标识并隔离不合格品。",
        ),
        Text(
            "Can reject a product and refuse to release it. Can ask the operator to stop "
            "the machine when results drift.",
            "有权判定产品不合格并拒绝放行。结果出现偏移时，有权要求操作工停机。",
        ),
        reports_to="steward",
    )


def _p(
    key: str,
    title: tuple[str, str],
    department: str,
    responsibilities: tuple[str, str],
    authorities: tuple[str, str],
    reports_to: str | None,
) -> PositionTemplate:
    return PositionTemplate(
        key, Text(*title), department, Text(*responsibilities), Text(*authorities), reports_to
    )


MACHINING = OrgTemplate(
    "machining",
    Text("Machining workshop", "机加工车间"),
    Text(
        "Turning, milling and drilling parts to customer drawings; 10–50 people.",
        "按客户图纸车、铣、钻加工零件；10–50 人。",
    ),
    (
        MANAGEMENT,
        _d("production", "Production", "生产部"),
        QUALITY,
        _d("sales", "Sales and purchasing", "销售采购部"),
    ),
    (
        _general_manager("workshop", "车间"),
        _steward(
            "Keeps measuring tools calibrated.",
            "确保量具按期校准。",
        ),
        _p(
            "production_lead",
            ("Production supervisor", "生产主管"),
            "production",
            (
                "Plans the daily jobs on the machines, makes sure operators have the right "
                "drawing, program and tools, and that the first piece is checked.",
                "安排每天的机床任务，确保操作工拿到正确的图纸、程序和刀具，并做首件检验。",
            ),
            (
                "Assigns operators to machines and changes the job order. Can call in overtime.",
                "分配操作工和机床，调整生产顺序。可以安排加班。",
            ),
            "gm",
        ),
        _p(
            "operator",
            ("Machine operator", "机床操作工"),
            "production",
            (
                "Sets up and runs the machine to the drawing and work instruction. Measures parts "
                "at the agreed frequency and writes the results down.",
                "按图纸和作业指导书调机、加工。按规定频次测量零件并记录结果。",
            ),
            (
                "Can stop the machine when a part is out of tolerance or the tool is worn.",
                "零件超差或刀具磨损时，有权停机。",
            ),
            "production_lead",
        ),
        _inspector(
            "first pieces, in-process parts and finished batches", "首件、过程零件和成品批次"
        ),
        _p(
            "maintenance",
            ("Maintenance technician", "设备维修工"),
            "production",
            (
                "Keeps machines running: daily checks, planned maintenance, repairs, records.",
                "保证设备正常运行：日常点检、计划保养、维修并做记录。",
            ),
            (
                "Can take a machine out of use until it is safe and accurate again.",
                "有权停用设备，直至其恢复安全和精度。",
            ),
            "production_lead",
        ),
        _p(
            "sales",
            ("Sales and purchasing clerk", "销售采购员"),
            "sales",
            (
                "Reviews each order with the customer (drawing, quantity, date) before accepting "
                "it. Buys material from approved suppliers and checks certificates.",
                "接单前与顾客确认图纸、数量和交期。从合格供方采购材料并核对质保书。",
            ),
            (
                "Can accept standard orders and place purchase orders up to the agreed amount.",
                "可以接受常规订单，并在规定金额内下采购单。",
            ),
            "gm",
        ),
    ),
)

FOOD = OrgTemplate(
    "food",
    Text("Food processing", "食品加工"),
    Text(
        "Preparing, cooking and packing food; hygiene and traceability come first.",
        "食品的加工、熟制和包装；卫生和可追溯性是首要要求。",
    ),
    (
        MANAGEMENT,
        _d("production", "Production", "生产部"),
        QUALITY,
        _d("warehouse", "Warehouse and purchasing", "仓储采购部"),
    ),
    (
        _general_manager("plant", "工厂"),
        _steward(
            "Runs the food-safety plan (HACCP) and the hygiene checks.",
            "负责食品安全计划（HACCP）和卫生检查。",
        ),
        _p(
            "production_lead",
            ("Production supervisor", "生产主管"),
            "production",
            (
                "Runs the shifts to the recipe and the process sheet. Makes sure cooking and "
                "cooling temperatures and times are kept and recorded.",
                "按配方和工艺单组织生产。确保蒸煮、冷却的温度和时间符合要求并记录。",
            ),
            (
                "Assigns staff to lines. Can stop a line when a critical limit is not met.",
                "安排人员上线。关键限值未达到时，有权停线。",
            ),
            "gm",
        ),
        _p(
            "line_worker",
            ("Line worker", "生产线员工"),
            "production",
            (
                "Follows the hygiene rules (hands, clothes, tools). Works to the process sheet "
                "and fills in the batch record.",
                "遵守卫生要求（洗手、工作服、工器具）。按工艺单操作并填写批记录。",
            ),
            (
                "Can stop work and call the supervisor when something looks unsafe or dirty.",
                "发现不安全或不卫生情况时，有权停止工作并通知主管。",
            ),
            "production_lead",
        ),
        _inspector("raw materials, temperatures and finished packs", "原料、温度和成品包装"),
        _p(
            "warehouse",
            ("Warehouse keeper", "仓管员"),
            "warehouse",
            (
                "Receives goods, checks dates and temperatures, stores first-in first-out, and "
                "records batch numbers in and out so every pack can be traced.",
                "收货时检查日期和温度，先进先出存放，登记进出批号，确保每包产品可追溯。",
            ),
            (
                "Can refuse a delivery that is damaged, too warm or out of date.",
                "有权拒收破损、温度超标或过期的货物。",
            ),
            "gm",
        ),
    ),
)

TEXTILE = OrgTemplate(
    "textile",
    Text("Textile and garment", "纺织服装"),
    Text(
        "Cutting, sewing and finishing garments to the buyer's specification.",
        "按买家要求裁剪、缝制和整烫服装。",
    ),
    (
        MANAGEMENT,
        _d("production", "Production", "生产部"),
        _d("cutting", "Cutting room", "裁剪车间", parent="production"),
        _d("sewing", "Sewing lines", "缝制车间", parent="production"),
        QUALITY,
    ),
    (
        _general_manager("factory", "工厂"),
        _steward(
            "Keeps the approved samples and the buyer's quality standards at hand.",
            "保管确认样和买家质量标准。",
        ),
        _p(
            "production_lead",
            ("Production manager", "生产经理"),
            "production",
            (
                "Plans orders through cutting, sewing and finishing so they ship on time and "
                "match the approved sample.",
                "安排订单经过裁剪、缝制、整烫各工序，按期出货并与确认样一致。",
            ),
            (
                "Assigns lines and operators. Can move orders between lines.",
                "安排生产线和人员。可以在生产线之间调整订单。",
            ),
            "gm",
        ),
        _p(
            "cutter",
            ("Cutting leader", "裁剪组长"),
            "cutting",
            (
                "Checks fabric (colour, defects, shrinkage) before cutting, cuts to the marker "
                "and bundles pieces with their tickets.",
                "裁剪前检查面料（色差、疵点、缩率），按排料图裁剪，并捆扎编号。",
            ),
            (
                "Can hold a fabric roll that has defects or the wrong shade.",
                "面料有疵点或色差时，有权暂停使用该卷面料。",
            ),
            "production_lead",
        ),
        _p(
            "line_leader",
            ("Sewing line leader", "缝制组长"),
            "sewing",
            (
                "Shows operators the style and the critical points, checks the first garments "
                "and keeps the line balanced.",
                "向员工讲解款式和关键点，检查首件，平衡生产线。",
            ),
            (
                "Can move operators between operations and send pieces back for repair.",
                "可以调整员工工序，并把不良品退回返修。",
            ),
            "production_lead",
        ),
        _inspector("garments at the end of the line and before packing", "下线和包装前的成衣"),
    ),
)

ELECTRONICS = OrgTemplate(
    "electronics",
    Text("Electronics assembly", "电子装配"),
    Text(
        "Assembling and testing boards and devices; ESD care and test records matter.",
        "电路板和整机的装配与测试；注重防静电和测试记录。",
    ),
    (
        MANAGEMENT,
        _d("engineering", "Engineering", "工程部"),
        _d("production", "Production", "生产部"),
        QUALITY,
    ),
    (
        _general_manager("company", "公司"),
        _steward(
            "Watches the test yield and the ESD controls.",
            "关注测试直通率和防静电控制。",
        ),
        _p(
            "engineer",
            ("Process engineer", "工艺工程师"),
            "engineering",
            (
                "Writes the assembly and test instructions, sets up test fixtures and analyses "
                "failures with the quality steward.",
                "编写装配和测试作业指导书，制作测试治具，并与质量负责人一起分析失效。",
            ),
            (
                "Approves changes to the process and the test program.",
                "批准工艺和测试程序的变更。",
            ),
            "gm",
        ),
        _p(
            "production_lead",
            ("Production supervisor", "生产主管"),
            "production",
            (
                "Runs the assembly lines to plan, makes sure operators are trained for their "
                "station and wear ESD protection.",
                "按计划组织装配生产，确保员工经过岗位培训并做好防静电防护。",
            ),
            (
                "Assigns operators to stations; can stop the line for a repeated defect.",
                "安排员工岗位；出现重复缺陷时有权停线。",
            ),
            "gm",
        ),
        _p(
            "assembler",
            ("Assembler", "装配工"),
            "production",
            (
                "Builds units to the work instruction and records serial numbers.",
                "按作业指导书装配并记录序列号。",
            ),
            (
                "Can stop and call the supervisor when a part or tool is wrong.",
                "物料或工具不对时，有权停止并通知主管。",
            ),
            "production_lead",
        ),
        _inspector("incoming parts and tested units", "来料和测试后的产品"),
    ),
)

SERVICE = OrgTemplate(
    "service",
    Text("Generic service firm", "通用服务企业"),
    Text(
        "Delivering a service to customers (repair, logistics, consulting, cleaning …).",
        "向顾客提供服务（维修、物流、咨询、保洁等）。",
    ),
    (
        MANAGEMENT,
        _d("service", "Service delivery", "服务部"),
        _d("customer", "Customer care", "客服部"),
        QUALITY,
    ),
    (
        _general_manager("firm", "公司"),
        _steward(
            "Follows up every customer complaint until the customer is answered.",
            "跟进每一起顾客投诉，直到答复顾客。",
        ),
        _p(
            "service_lead",
            ("Service team leader", "服务组长"),
            "service",
            (
                "Plans the jobs, briefs the team on what the customer agreed and checks the "
                "work is finished as promised.",
                "安排工作，向团队说明与顾客约定的内容，并检查服务按约定完成。",
            ),
            (
                "Assigns jobs and decides when a job must be redone at no cost to the customer.",
                "分派任务，并决定是否免费返工。",
            ),
            "gm",
        ),
        _p(
            "technician",
            ("Service technician", "服务人员"),
            "service",
            (
                "Does the job to the agreed standard and fills in the job sheet with the "
                "customer's signature.",
                "按约定标准完成服务，填写服务单并请顾客签字。",
            ),
            (
                "Can refuse a job that would be unsafe and call the team leader.",
                "不安全的工作有权拒绝并通知组长。",
            ),
            "service_lead",
        ),
        _p(
            "customer_care",
            ("Customer care clerk", "客服专员"),
            "customer",
            (
                "Takes orders and complaints, records them the same day and tells the customer "
                "what happens next.",
                "受理订单和投诉，当天登记，并告知顾客后续安排。",
            ),
            (
                "Can promise a call-back time and book a repeat visit.",
                "可以承诺回访时间并预约返修上门。",
            ),
            "gm",
        ),
    ),
)

TEMPLATES: dict[str, OrgTemplate] = {
    t.key: t for t in (MACHINING, FOOD, TEXTILE, ELECTRONICS, SERVICE)
}
