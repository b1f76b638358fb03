"""Process templates for the demo manufacturers, by sector: processes (key or not) with their
inputs, outputs and 6M factors, key control points, control parameters with realistic
specifications, and the gauges and equipment that go with them. Pure data, no Django.

Texts are "中文|English" (split by `_bi`, stored as "中文 / English" like the quality demo).
Specifications follow common shop practice for the product (drawing tolerances, GB 7718-style
minimum net content, colour difference ΔE ≤ 1.0, …); the process spread σ of each demo firm is
drawn later so that capability ranges from poor (Cpk ≈ 0.8) to very good (Cpk ≈ 2).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ParamT:
    """A control parameter. Variables: `mean` is where the process runs (the target, or for a
    one-sided specification a comfortable distance inside it); attributes (p chart): `p0` is the
    usual fraction defective out of samples of `n`."""

    name: str
    unit: str
    chart: str  # "xbar-r" | "imr" | "p"
    gauge: str  # code of the sector's gauge used (attributes: the inspection method's gauge)
    frequency: str
    method: str
    reaction: str
    target: float | None = None
    lsl: float | None = None
    usl: float | None = None
    mean: float | None = None
    n: int = 1  # subgroup size (X̄-R) or sample size (p)
    p0: float = 0.0
    per_day: int = 2  # plotted points a working day
    decimals: int = 3  # the gauge's resolution, as decimals kept
    rules: str = "we"


@dataclass(frozen=True)
class PointT:
    name: str
    location: str
    description: str
    params: tuple[ParamT, ...]


@dataclass(frozen=True)
class ProcessT:
    code: str
    name: str
    key: bool
    inputs: str
    outputs: str
    people: str
    machine: str
    material: str
    method: str
    environment: str
    measurement: str
    points: tuple[PointT, ...] = ()
    equipment: tuple[str, ...] = ()  # codes of the sector's equipment used here


@dataclass(frozen=True)
class GaugeT:
    code: str
    name: str
    kind: str
    measuring_range: str
    resolution: float | None
    interval_months: int = 12


@dataclass(frozen=True)
class EquipmentT:
    code: str
    name: str
    model_number: str
    location: str
    instruction: str
    interval_days: int


@dataclass(frozen=True)
class SectorT:
    processes: tuple[ProcessT, ...]
    gauges: tuple[GaugeT, ...]
    equipment: tuple[EquipmentT, ...]


# Which template a demo manufacturer uses, by GB/T 4754 division (service firms have none).
TEMPLATE_BY_DIVISION = {
    **dict.fromkeys(("33", "34", "35", "36", "40"), "machining"),
    **dict.fromkeys(("38", "39"), "electrical"),
    **dict.fromkeys(("17", "18", "19"), "textile"),
    **dict.fromkeys(("01", "14"), "food"),
    "26": "chemical",
    "29": "plastics",
    **dict.fromkeys(("20", "21", "23", "24"), "light"),
}

# Stock phrases.
PHASE1_REASON = (
    "首批 %(n)s 组数据过程稳定，冻结控制限|The first %(n)s subgroups show a stable process; "
    "limits frozen"
)
FALSE_ALARM = (
    "核查测量与过程均正常，无可查明原因，继续监控|Measurement and process checked, no assignable "
    "cause found; monitoring continues"
)
TRIAL_ALARM = (
    "试运行阶段报警，控制限已按稳定数据冻结|Alarm on trial limits; limits are now frozen from "
    "stable data"
)
CAUSE_REMOVED = "原因已查明并消除：%(plan)s|Cause found and removed: %(plan_en)s"
SPIKE_CLOSED = (
    "当日来料批次异常，已隔离退货并加严检验|That day's incoming batch was abnormal; isolated, "
    "returned, inspection tightened"
)
CALIBRATION_CERT = "JL-%(year)s-%(n)04d"

P = ParamT
# fmt: off
MACHINING = SectorT(
    processes=(
        ProcessT(
            "P10", "下料|Cutting stock", False,
            "棒料、管料|Bar and tube stock", "定长毛坯|Blanks cut to length",
            "下料工（持证上岗）|Saw operators (trained and signed off)",
            "带锯床|Band saw", "45# 圆钢，带材质证明|Grade 45 steel bar with mill certificates",
            "下料作业指导书|Cutting work instruction", "常温车间|Workshop at ambient temperature",
            "钢卷尺、卡尺|Tape measure, caliper",
            equipment=("EQ-01",),
        ),
        ProcessT(
            "P20", "数控车削|CNC turning", True,
            "定长毛坯、车削程序|Blanks, CNC program", "车削半成品|Turned parts",
            "车工首件自检，班长确认|Turner checks the first piece; shift leader confirms",
            "数控车床，刀具寿命管理|CNC lathes with tool-life control",
            "毛坯硬度 HB 170–220|Blank hardness HB 170–220",
            "车削工艺卡，首件+巡检|Turning process card, first piece and patrol checks",
            "车间温度 20±5 ℃|Shop temperature 20 ± 5 °C",
            "外径千分尺、粗糙度仪|Outside micrometer, roughness tester",
            points=(
                PointT(
                    "精车轴承位|Finish turning of the bearing seat", "CNC-2 线|CNC line 2",
                    "轴承位外径决定装配配合|The bearing seat diameter decides the assembly fit",
                    (
                        P("轴承位外径|Bearing seat diameter", "mm", "xbar-r", "G-01",
                          "每班 3 次，每次连续 5 件|3 times a shift, 5 consecutive parts",
                          "外径千分尺测量，两方向取均值|Micrometer, mean of two directions",
                          "停机检查刀补与刀尖磨损，隔离上次合格后产品|Stop; check tool offset "
                          "and wear; quarantine parts since the last good check",
                          target=25.0, lsl=24.99, usl=25.01, n=5, per_day=3, decimals=3),
                    ),
                ),
                PointT(
                    "表面粗糙度|Surface finish", "CNC-2 线|CNC line 2",
                    "密封面粗糙度影响泄漏|Roughness of the sealing face decides leakage",
                    (
                        P("密封面粗糙度 Ra|Sealing face roughness Ra", "µm", "imr", "G-03",
                          "每班 2 件|2 parts a shift",
                          "粗糙度仪，取样长度 0.8 mm|Roughness tester, cut-off 0.8 mm",
                          "更换刀片，复测前 5 件|Change the insert; re-measure the last 5 parts",
                          usl=1.6, mean=0.9, per_day=2, decimals=2),
                    ),
                ),
            ),
            equipment=("EQ-02", "EQ-03"),
        ),
        ProcessT(
            "P30", "热处理|Heat treatment", True,
            "车削半成品|Turned parts", "调质/淬火件|Hardened parts",
            "热处理工（特种作业）|Heat-treatment operator (special process)",
            "网带炉，炉温自动记录|Mesh-belt furnace with temperature recorder",
            "淬火油，每季度检测|Quench oil, tested quarterly",
            "热处理工艺规程（特殊过程确认）|Heat-treatment procedure (validated special process)",
            "通风良好|Well ventilated", "洛氏硬度计|Rockwell hardness tester",
            points=(
                PointT(
                    "淬火后硬度|Hardness after quenching", "热处理间|Heat-treatment bay",
                    "硬度不足导致早期磨损|Low hardness causes early wear",
                    (
                        P("表面硬度|Surface hardness", "HRC", "imr", "G-04",
                          "每炉 2 件|2 parts a furnace load",
                          "洛氏硬度计 C 标尺，3 点取均值|Rockwell C, mean of 3 indents",
                          "复核炉温曲线，整炉隔离复检|Check the furnace record; quarantine and "
                          "re-test the whole load",
                          target=47.5, lsl=45.0, usl=50.0, per_day=2, decimals=1),
                    ),
                ),
            ),
            equipment=("EQ-04",),
        ),
        ProcessT(
            "P40", "外圆磨削|Cylindrical grinding", True,
            "热处理件|Hardened parts", "精磨件|Ground parts",
            "磨工|Grinder operators", "外圆磨床，砂轮定期修整|Cylindrical grinder, wheel dressed "
            "regularly", "热处理合格件|Hardened parts that passed",
            "磨削工艺卡|Grinding process card", "恒温磨削间|Temperature-controlled grinding room",
            "外径千分尺|Outside micrometer",
            points=(
                PointT(
                    "精磨外圆|Finish grinding", "磨削间|Grinding room",
                    "配合尺寸的最终工序|The last operation on the fitted diameter",
                    (
                        P("磨削外径|Ground diameter", "mm", "xbar-r", "G-01",
                          "每 2 小时连续 5 件|5 consecutive parts every 2 hours",
                          "外径千分尺|Outside micrometer",
                          "修整砂轮，调整进给补偿|Dress the wheel; adjust the infeed offset",
                          target=20.0, lsl=19.994, usl=20.006, n=5, per_day=3, decimals=3),
                    ),
                ),
            ),
            equipment=("EQ-05",),
        ),
        ProcessT(
            "P50", "装配与终检|Assembly and final inspection", True,
            "精磨件、外购件|Ground parts, bought-in parts", "成品|Finished products",
            "装配工、检验员|Fitters, inspectors", "装配工装、试验台|Fixtures, test bench",
            "外购件进货检验合格|Bought-in parts accepted at goods-in",
            "终检规范，抽样 GB/T 2828.1|Final inspection spec, sampling to GB/T 2828.1",
            "清洁装配区|Clean assembly area", "通止规、试验台|Go/no-go gauges, test bench",
            points=(
                PointT(
                    "终检|Final inspection", "装配线末端|End of the assembly line",
                    "出厂前把关|Last check before shipping",
                    (
                        P("终检不合格品率|Final inspection defectives", "", "p", "G-02",
                          "每日抽 200 件|200 units a day", "通止规+外观|Go/no-go gauge and visual",
                          "扩大抽检，追溯当日各工序记录|Widen the sample; trace the day's records "
                          "of every operation",
                          n=200, p0=0.02, per_day=1),
                    ),
                ),
            ),
        ),
        ProcessT(
            "P60", "包装入库|Packing and storage", False,
            "合格成品|Accepted products", "入库成品|Products in stock",
            "仓管员|Storekeeper", "打包机|Strapping machine", "防锈油、包装箱|Rust inhibitor, "
            "cartons", "包装规范|Packing specification", "干燥仓库|Dry warehouse",
            "电子秤|Scale",
        ),
    ),
    gauges=(
        GaugeT("G-01", "外径千分尺|Outside micrometer", "千分尺|Micrometer", "0–25 mm", 0.001),
        GaugeT("G-02", "通止规|Go/no-go plug gauge", "量规|Limit gauge", "Φ25 H7", None),
        GaugeT("G-03", "表面粗糙度仪|Surface roughness tester", "粗糙度仪|Profilometer",
               "Ra 0.05–10 µm", 0.01),
        GaugeT("G-04", "洛氏硬度计|Rockwell hardness tester", "硬度计|Hardness tester",
               "20–70 HRC", 0.1),
        GaugeT("G-05", "数显卡尺|Digital caliper", "卡尺|Caliper", "0–150 mm", 0.01, 6),
    ),
    equipment=(
        EquipmentT("EQ-01", "带锯床|Band saw", "GZ4230", "下料区|Cutting area",
                   "开机前检查锯条张紧与冷却液|Check blade tension and coolant before start", 90),
        EquipmentT("EQ-02", "数控车床 1#|CNC lathe no. 1", "CK6140", "CNC-2 线|CNC line 2",
                   "每班点检导轨润滑与卡盘|Check slide lubrication and chuck every shift", 60),
        EquipmentT("EQ-03", "数控车床 2#|CNC lathe no. 2", "CK6150", "CNC-2 线|CNC line 2",
                   "每班点检导轨润滑与卡盘|Check slide lubrication and chuck every shift", 60),
        EquipmentT("EQ-04", "网带式淬火炉|Mesh-belt hardening furnace", "RJC-75",
                   "热处理间|Heat-treatment bay",
                   "升温曲线按工艺规程，热电偶每半年校准|Heat-up per procedure; thermocouples "
                   "calibrated every six months", 30),
        EquipmentT("EQ-05", "外圆磨床|Cylindrical grinder", "M1432B", "磨削间|Grinding room",
                   "砂轮平衡后使用，每周检查主轴温升|Balance the wheel; check spindle "
                   "temperature weekly", 45),
    ),
)

ELECTRICAL = SectorT(
    processes=(
        ProcessT(
            "P10", "注塑外壳|Moulding housings", False,
            "PA66/PC 粒料|PA66/PC granules", "外壳|Housings", "注塑工|Moulding operators",
            "注塑机|Injection moulding machine",
            "阻燃料，干燥 4 h|Flame-retardant grade, dried 4 h",
            "注塑工艺卡|Moulding process card", "车间湿度 ≤70%|Humidity ≤ 70 %",
            "卡尺、灼热丝试验仪|Caliper, glow-wire tester",
            equipment=("EQ-01",),
        ),
        ProcessT(
            "P20", "冲压触头|Stamping contacts", True,
            "铜带、银触点|Copper strip, silver contacts", "触头组件|Contact assemblies",
            "冲压工（安全培训）|Press operators (safety trained)", "高速冲床，级进模|High-speed "
            "press, progressive die", "T2 铜带 1.2 mm|T2 copper strip 1.2 mm",
            "冲压作业指导书|Stamping work instruction", "常温|Ambient",
            "外径千分尺|Outside micrometer",
            points=(
                PointT(
                    "触头铆接|Contact riveting", "冲压线|Press line",
                    "触头厚度影响接触压力与温升|Contact thickness decides contact force and "
                    "temperature rise",
                    (
                        P("触头组件厚度|Contact assembly thickness", "mm", "xbar-r", "G-01",
                          "每 2 小时连续 5 件|5 consecutive parts every 2 hours",
                          "外径千分尺|Outside micrometer",
                          "检查模具与铆接高度，隔离本时段产品|Check the die and riveting height; "
                          "quarantine this period's parts",
                          target=1.8, lsl=1.77, usl=1.83, n=5, per_day=3, decimals=3),
                    ),
                ),
            ),
            equipment=("EQ-02",),
        ),
        ProcessT(
            "P30", "焊接|Welding", True,
            "触头组件、编织线|Contact assemblies, braided leads", "焊接组件|Welded assemblies",
            "焊工|Welders", "电阻焊机|Resistance welder", "编织线|Braided copper lead",
            "焊接工艺规程（特殊过程）|Welding procedure (special process)", "通风|Ventilated",
            "拉力试验机|Pull tester",
            points=(
                PointT(
                    "编织线焊点|Braid weld", "焊接工位|Welding station",
                    "焊点强度不足会在短路时脱落|A weak weld lets go under short-circuit",
                    (
                        P("焊点拉脱力|Weld pull-off force", "N", "imr", "G-02",
                          "每班首件、中间、末件各 1 件|First, middle and last part of a shift",
                          "拉力试验机破坏试验|Destructive pull test",
                          "调整焊接电流与压力，复验前 20 件|Adjust current and force; re-test the "
                          "last 20 parts",
                          lsl=40.0, mean=52.0, per_day=2, decimals=1, rules="nelson"),
                    ),
                ),
            ),
            equipment=("EQ-03",),
        ),
        ProcessT(
            "P40", "装配与校验|Assembly and calibration", True,
            "焊接组件、外壳、脱扣器|Welded assemblies, housings, trip units",
            "校验合格的断路器|Calibrated breakers", "装配工、校验员|Fitters, calibration staff",
            "自动校验台|Automatic calibration bench", "双金属片|Bimetal strips",
            "校验规程|Calibration procedure", "恒温校验间 23±2 ℃|Calibration room 23 ± 2 °C",
            "校验台电流表|Bench ammeter",
            points=(
                PointT(
                    "瞬时脱扣校验|Instantaneous trip calibration", "校验间|Calibration room",
                    "脱扣电流决定保护可靠性|The trip current decides protection",
                    (
                        P("瞬时脱扣电流|Instantaneous trip current", "A", "imr", "G-03",
                          "每小时 1 台|One breaker an hour", "自动校验台|Automatic bench",
                          "调校脱扣器，复核校验台|Readjust the trip unit; verify the bench",
                          target=160.0, lsl=145.0, usl=175.0, per_day=2, decimals=1),
                    ),
                ),
            ),
            equipment=("EQ-04",),
        ),
        ProcessT(
            "P50", "出厂试验|Routine test", True,
            "校验合格品|Calibrated breakers", "合格成品|Accepted products",
            "试验员|Test staff", "耐压试验仪|Hi-pot tester", "—|—",
            "出厂试验规范 GB/T 10963.1|Routine tests to GB/T 10963.1", "—|—",
            "耐压试验仪|Hi-pot tester",
            points=(
                PointT(
                    "耐压试验|Dielectric test", "试验间|Test room",
                    "100% 出厂耐压试验|100 % dielectric test before shipping",
                    (
                        P("耐压不合格率|Dielectric test failures", "", "p", "G-04",
                          "每日 100 台|100 breakers a day", "2500 V 1 min|2,500 V for 1 min",
                          "停线分析，追溯外壳批次|Stop the line; trace the housing batch",
                          n=100, p0=0.015, per_day=1),
                    ),
                ),
            ),
        ),
        ProcessT(
            "P60", "包装发运|Packing and dispatch", False,
            "合格成品|Accepted products", "发运|Shipments", "包装工|Packers", "封箱机|Case sealer",
            "彩盒、外箱|Printed boxes, cartons", "包装规范|Packing specification", "—|—",
            "电子秤|Scale",
        ),
    ),
    gauges=(
        GaugeT("G-01", "外径千分尺|Outside micrometer", "千分尺|Micrometer", "0–25 mm", 0.001),
        GaugeT("G-02", "数显拉力计|Digital force gauge", "拉力计|Force gauge", "0–500 N", 0.1),
        GaugeT("G-03", "校验台标准电流表|Bench reference ammeter", "电流表|Ammeter", "0–1000 A",
               0.1),
        GaugeT("G-04", "耐压试验仪|Hi-pot tester", "耐压仪|Dielectric tester", "0–5 kV", 0.01),
    ),
    equipment=(
        EquipmentT("EQ-01", "注塑机|Injection moulding machine", "HTF160X",
                   "注塑车间|Moulding shop",
                   "开机前确认模温与料温|Confirm mould and melt temperature before start", 90),
        EquipmentT("EQ-02", "高速冲床|High-speed press", "JF21-63", "冲压线|Press line",
                   "双手按钮与光幕每班点检|Check two-hand control and light curtain every shift",
                   30),
        EquipmentT("EQ-03", "电阻焊机|Resistance welder", "DN-40", "焊接工位|Welding station",
                   "电极每班修磨|Dress the electrodes every shift", 60),
        EquipmentT("EQ-04", "自动校验台|Automatic calibration bench", "JY-3000",
                   "校验间|Calibration room",
                   "每日开机用标准件核查|Check with a reference breaker every morning", 180),
    ),
)

TEXTILE = SectorT(
    processes=(
        ProcessT(
            "P10", "坯布检验|Grey fabric inspection", False,
            "坯布|Grey fabric", "合格坯布|Accepted grey fabric", "验布工|Fabric inspectors",
            "验布机|Inspection frame", "坯布|Grey fabric", "四分制|Four-point system",
            "标准光源|Standard light", "验布机|Inspection frame",
        ),
        ProcessT(
            "P20", "染色|Dyeing", True,
            "坯布、染料、助剂|Grey fabric, dyes, auxiliaries", "染色布|Dyed fabric",
            "染色工、化验员|Dyers, lab technicians", "溢流染色机|Overflow dyeing machine",
            "活性染料，批次小样确认|Reactive dyes, lab dip per batch",
            "染色工艺单|Dyeing recipe card", "水质硬度监控|Water hardness monitored",
            "分光测色仪|Spectrophotometer",
            points=(
                PointT(
                    "出缸对色|Colour check at unloading", "染色车间|Dyehouse",
                    "色差是客户退货第一原因|Shade difference is the first cause of returns",
                    (
                        P("色差 ΔE（CMC 2:1）|Colour difference ΔE (CMC 2:1)", "", "imr", "G-01",
                          "每缸 1 次|Every dye lot", "分光测色仪对标准样|Spectrophotometer "
                          "against the master",
                          "加料修色，复核配方与浴比|Add dye to correct; check recipe and liquor "
                          "ratio",
                          usl=1.0, mean=0.45, per_day=2, decimals=2),
                    ),
                ),
            ),
            equipment=("EQ-01",),
        ),
        ProcessT(
            "P30", "定型|Heat setting", True,
            "染色布|Dyed fabric", "定型布|Finished fabric", "定型机挡车工|Stenter operators",
            "拉幅定型机|Stenter", "—|—", "定型工艺单|Setting recipe", "排烟|Exhaust",
            "钢卷尺|Steel tape",
            points=(
                PointT(
                    "落布门幅|Width at take-off", "定型机出布|Stenter exit",
                    "门幅不足影响裁剪排料|A narrow fabric spoils the cutting plan",
                    (
                        P("成品门幅|Finished width", "cm", "xbar-r", "G-02",
                          "每卷测 5 处|5 places on every roll", "钢卷尺|Steel tape",
                          "调整拉幅与超喂，复测本卷|Adjust the stenter width and overfeed; "
                          "re-measure the roll",
                          target=150.0, lsl=148.0, usl=152.0, n=5, per_day=3, decimals=1),
                    ),
                ),
                PointT(
                    "克重|Fabric weight", "定型机出布|Stenter exit",
                    "克重关系到手感和成本|Weight decides hand feel and cost",
                    (
                        P("平方米克重|Weight per square metre", "g/m²", "imr", "G-03",
                          "每卷 1 次|Every roll", "圆盘取样器+电子天平|Circular cutter and "
                          "balance",
                          "调整超喂与车速|Adjust overfeed and speed",
                          target=180.0, lsl=172.0, usl=188.0, per_day=2, decimals=1),
                    ),
                ),
            ),
            equipment=("EQ-02",),
        ),
        ProcessT(
            "P40", "裁剪缝制|Cutting and sewing", True,
            "定型布、辅料|Fabric, trims", "缝制成品|Sewn goods", "缝纫工|Sewing operators",
            "平缝机、包缝机|Lockstitch and overlock machines", "缝纫线|Sewing thread",
            "工序卡|Operation cards", "照明 ≥500 lx|Lighting ≥ 500 lx", "—|—",
            points=(
                PointT(
                    "中查|In-line inspection", "缝制线|Sewing line",
                    "缝制疵点在线拦截|Catch sewing faults in the line",
                    (
                        P("缝制疵点率|Sewing defectives", "", "p", "G-02",
                          "每日抽 100 件|100 pieces a day", "目测+量尺|Visual and tape",
                          "返修并对责任工序复训|Repair and retrain the operation",
                          n=100, p0=0.03, per_day=1),
                    ),
                ),
            ),
            equipment=("EQ-03",),
        ),
        ProcessT(
            "P50", "检验包装|Inspection and packing", False,
            "缝制成品|Sewn goods", "成品|Finished goods", "检验员|Inspectors", "验针机|Needle "
            "detector", "包装袋|Poly bags", "成品检验规范|Final inspection spec", "—|—",
            "验针机|Needle detector",
        ),
    ),
    gauges=(
        GaugeT("G-01", "分光测色仪|Spectrophotometer", "测色仪|Colour meter", "360–740 nm", 0.01),
        GaugeT("G-02", "钢卷尺|Steel tape", "卷尺|Tape", "0–5 m", 0.1, 12),
        GaugeT("G-03", "电子天平|Electronic balance", "天平|Balance", "0–200 g", 0.01),
    ),
    equipment=(
        EquipmentT("EQ-01", "溢流染色机|Overflow dyeing machine", "ASME-500",
                   "染色车间|Dyehouse", "升温速率按工艺单|Heat-up rate per recipe", 90),
        EquipmentT("EQ-02", "拉幅定型机|Stenter", "LMH-8", "定型车间|Finishing",
                   "每周清理烘箱与链条|Clean the oven and chains weekly", 30),
        EquipmentT("EQ-03", "电脑平缝机组|Lockstitch machines", "DDL-9000",
                   "缝制线|Sewing line", "每日加油清洁|Oil and clean daily", 90),
    ),
)

FOOD = SectorT(
    processes=(
        ProcessT(
            "P10", "原料验收|Incoming raw materials", False,
            "原辅料|Raw materials", "合格原料|Accepted materials", "验收员|Goods-in staff",
            "冷库|Cold store", "供方合格证明|Supplier certificates",
            "原料验收规程|Goods-in procedure", "冷链温度记录|Cold-chain records",
            "温度计、快检试剂|Thermometer, rapid test kits",
        ),
        ProcessT(
            "P20", "蒸煮杀菌|Cooking and pasteurising", True,
            "调配料|Mixed ingredients", "熟制半成品|Cooked product",
            "蒸煮工（持健康证）|Cooks (health certificates)", "夹层锅、蒸柜|Jacketed kettle, "
            "steam cabinet", "—|—", "HACCP CCP1 监控|HACCP CCP1 monitoring",
            "洁净区|Clean area", "探针温度计|Probe thermometer",
            points=(
                PointT(
                    "CCP1 中心温度|CCP1 core temperature", "熟制间|Cooking room",
                    "杀灭致病菌的关键控制点|The critical control point for pathogens",
                    (
                        P("产品中心温度|Product core temperature", "℃", "imr", "G-01",
                          "每锅 1 次|Every batch", "探针温度计插入最厚处|Probe in the thickest "
                          "part",
                          "延长加热至 ≥85 ℃，隔离本批并评估|Extend heating to ≥ 85 °C; hold "
                          "the batch and assess",
                          lsl=85.0, mean=89.0, per_day=2, decimals=1, rules="we:1,2,3"),
                    ),
                ),
            ),
            equipment=("EQ-01",),
        ),
        ProcessT(
            "P30", "烘干|Drying", True,
            "熟制半成品|Cooked product", "干制品|Dried product", "烘干工|Dryer operators",
            "热风烘干机|Hot-air dryer", "—|—", "烘干工艺卡|Drying process card",
            "湿度监控|Humidity monitored", "水分测定仪|Moisture analyser",
            points=(
                PointT(
                    "出料水分|Moisture at discharge", "烘干间|Drying room",
                    "水分高易霉变，低则口感差|Too moist goes mouldy; too dry eats badly",
                    (
                        P("水分含量|Moisture content", "%", "imr", "G-02",
                          "每 2 小时 1 次|Every 2 hours", "快速水分测定仪 105 ℃|Moisture "
                          "analyser at 105 °C",
                          "调整风温与时间，复测|Adjust air temperature and time; re-test",
                          target=6.0, lsl=5.0, usl=7.0, per_day=2, decimals=2),
                    ),
                ),
            ),
            equipment=("EQ-02",),
        ),
        ProcessT(
            "P40", "定量包装|Weighing and packing", True,
            "干制品、包装膜|Product, film", "定量包装成品|Packed goods", "包装工|Packers",
            "自动包装机、检重秤|Packing machine, checkweigher", "复合膜|Laminated film",
            "净含量控制 JJF 1070|Net content control to JJF 1070", "—|—",
            "电子秤|Scale",
            points=(
                PointT(
                    "净含量|Net content", "包装线|Packing line",
                    "净含量不足属违法|Short weight breaks the law",
                    (
                        P("单袋净含量|Net content per bag", "g", "xbar-r", "G-03",
                          "每 30 分钟连续 5 袋|5 consecutive bags every 30 minutes",
                          "电子秤称量扣皮|Scale, tare deducted",
                          "调整计量螺杆，隔离并复称|Adjust the doser; hold and re-weigh",
                          target=252.0, lsl=250.0, mean=252.5, n=5, per_day=3, decimals=1),
                    ),
                ),
                PointT(
                    "封口|Seal check", "包装线|Packing line",
                    "封口不良导致漏气变质|A bad seal lets air in",
                    (
                        P("封口不良率|Seal defectives", "", "p", "G-03",
                          "每日抽 200 袋|200 bags a day", "挤压+目测|Squeeze and visual",
                          "调整封口温度与压力|Adjust sealing temperature and pressure",
                          n=200, p0=0.01, per_day=1),
                    ),
                ),
            ),
            equipment=("EQ-03",),
        ),
        ProcessT(
            "P50", "成品仓储|Finished goods storage", False,
            "包装成品|Packed goods", "出库|Despatch", "仓管员|Storekeeper", "货架|Racks",
            "—|—", "先进先出|First in, first out", "阴凉干燥|Cool and dry", "温湿度计|Hygrometer",
        ),
    ),
    gauges=(
        GaugeT("G-01", "探针温度计|Probe thermometer", "温度计|Thermometer", "-50–300 ℃", 0.1, 6),
        GaugeT("G-02", "快速水分测定仪|Moisture analyser", "水分仪|Moisture analyser",
               "0–100 %", 0.01),
        GaugeT("G-03", "电子台秤|Electronic scale", "电子秤|Scale", "0–3 kg", 0.1),
    ),
    equipment=(
        EquipmentT("EQ-01", "夹层锅|Jacketed kettle", "JCG-300", "熟制间|Cooking room",
                   "每班清洗消毒|Clean and sanitise every shift", 90),
        EquipmentT("EQ-02", "热风循环烘干机|Hot-air dryer", "RXH-54", "烘干间|Drying room",
                   "每周清理滤网|Clean the filters weekly", 60),
        EquipmentT("EQ-03", "自动包装机|Automatic packing machine", "DXDK-500",
                   "包装线|Packing line", "每日校零检重秤|Zero the checkweigher daily", 60),
    ),
)

CHEMICAL = SectorT(
    processes=(
        ProcessT(
            "P10", "原料检验|Raw material testing", False,
            "原料|Raw materials", "合格原料|Accepted materials", "化验员|Lab technicians",
            "化验室|Laboratory", "—|—", "原料检验规程|Raw material test procedure",
            "危化品库|Hazardous store", "滴定、pH 计|Titration, pH meter",
        ),
        ProcessT(
            "P20", "配料反应|Batching and reaction", True,
            "原料、配方|Raw materials, formula", "反应液|Reaction mass",
            "反应釜操作工（持证）|Reactor operators (licensed)", "反应釜 DCS|Reactor with DCS",
            "表面活性剂、溶剂|Surfactants, solvent", "配方与工艺规程|Formula and procedure",
            "防爆区|Explosion-proof zone", "温度变送器|Temperature transmitter",
            points=(
                PointT(
                    "保温反应|Holding reaction", "反应釜 R-1|Reactor R-1",
                    "温度偏高产生副反应|Overheating causes side reactions",
                    (
                        P("保温温度|Holding temperature", "℃", "imr", "G-01",
                          "每 2 小时记录|Logged every 2 hours", "DCS 温度变送器|DCS transmitter",
                          "调整冷却水，复核投料量|Adjust cooling water; check charge weights",
                          target=80.0, lsl=77.0, usl=83.0, per_day=2, decimals=1),
                    ),
                ),
            ),
            equipment=("EQ-01",),
        ),
        ProcessT(
            "P30", "调配过滤|Blending and filtering", True,
            "反应液|Reaction mass", "成品|Finished product", "调配工|Blenders",
            "调配釜、过滤器|Blending tank, filter", "—|—", "调配单|Blending sheet", "—|—",
            "固含量测定仪|Solids analyser",
            points=(
                PointT(
                    "出料固含量|Solid content at discharge", "调配釜|Blending tank",
                    "固含量决定客户用量|Solid content decides the customer's dosage",
                    (
                        P("固含量|Solid content", "%", "xbar-r", "G-02",
                          "每批取 5 个样|5 samples a batch", "烘箱法 105 ℃|Oven at 105 °C",
                          "补加原料或稀释，复测|Add material or dilute; re-test",
                          target=30.0, lsl=28.5, usl=31.5, n=5, per_day=2, decimals=2),
                    ),
                ),
            ),
            equipment=("EQ-02",),
        ),
        ProcessT(
            "P40", "灌装|Filling", True,
            "成品|Finished product", "桶装成品|Drums", "灌装工|Fillers", "灌装机|Filler",
            "IBC 桶、塑料桶|IBCs, drums", "灌装规程|Filling procedure", "—|—",
            "地磅|Platform scale",
            points=(
                PointT(
                    "灌装检查|Filling check", "灌装区|Filling area",
                    "漏液、标签错误|Leaks and wrong labels",
                    (
                        P("灌装不良率|Filling defectives", "", "p", "G-03",
                          "每日 50 桶|50 drums a day", "称重+目测|Weight and visual",
                          "复核灌装机与标签|Check the filler and labels",
                          n=50, p0=0.03, per_day=1),
                    ),
                ),
            ),
        ),
        ProcessT(
            "P50", "仓储|Storage", False,
            "桶装成品|Drums", "发运|Shipments", "仓管员|Storekeeper", "叉车|Forklift",
            "—|—", "危化品储存规定|Hazardous goods rules", "通风阴凉|Ventilated, cool", "—|—",
        ),
    ),
    gauges=(
        GaugeT("G-01", "温度变送器|Temperature transmitter", "变送器|Transmitter", "0–200 ℃", 0.1),
        GaugeT("G-02", "电热鼓风干燥箱+天平|Drying oven and balance", "天平|Balance", "0–220 g",
               0.0001),
        GaugeT("G-03", "电子地磅|Platform scale", "地磅|Scale", "0–1500 kg", 0.5),
    ),
    equipment=(
        EquipmentT("EQ-01", "搪瓷反应釜|Glass-lined reactor", "K-3000", "车间 A|Plant A",
                   "压力表、安全阀按期检定|Pressure gauge and relief valve certified on time",
                   90),
        EquipmentT("EQ-02", "调配釜|Blending tank", "TP-5000", "车间 A|Plant A",
                   "搅拌器每周检查|Check the agitator weekly", 120),
    ),
)

PLASTICS = SectorT(
    processes=(
        ProcessT(
            "P10", "原料干燥|Resin drying", False,
            "PP/ABS 粒料|PP/ABS granules", "干燥粒料|Dried granules", "上料工|Material handler",
            "除湿干燥机|Desiccant dryer", "原料批次证明|Resin certificates",
            "干燥规范|Drying specification", "—|—", "水分仪|Moisture analyser",
        ),
        ProcessT(
            "P20", "注塑成型|Injection moulding", True,
            "干燥粒料、模具|Dried granules, moulds", "注塑件|Mouldings",
            "注塑技术员、操作工|Setters, operators", "注塑机、模温机|Moulding machines, mould "
            "temperature units", "PP 粒料|PP granules", "成型工艺卡|Moulding process card",
            "车间温度|Shop temperature", "电子天平、卡尺|Balance, caliper",
            points=(
                PointT(
                    "制品重量|Part weight", "注塑机 3#|Machine no. 3",
                    "重量反映充填是否稳定|Weight shows whether filling is stable",
                    (
                        P("单件重量|Part weight", "g", "xbar-r", "G-01",
                          "每 2 小时连续 5 模|5 consecutive shots every 2 hours",
                          "电子天平|Electronic balance",
                          "检查保压与料温，隔离本时段产品|Check holding pressure and melt "
                          "temperature; quarantine the period's parts",
                          target=48.0, lsl=47.4, usl=48.6, n=5, per_day=3, decimals=2),
                    ),
                ),
                PointT(
                    "关键尺寸|Key dimension", "注塑机 3#|Machine no. 3",
                    "卡扣尺寸影响装配|The snap-fit dimension decides assembly",
                    (
                        P("卡扣宽度|Snap-fit width", "mm", "imr", "G-02",
                          "每班 3 件|3 parts a shift", "数显卡尺|Digital caliper",
                          "调整冷却时间，复测|Adjust cooling time; re-measure",
                          target=12.0, lsl=11.85, usl=12.15, per_day=2, decimals=2,
                          rules="nelson"),
                    ),
                ),
            ),
            equipment=("EQ-01", "EQ-02"),
        ),
        ProcessT(
            "P30", "成品检验|Final inspection", True,
            "注塑件|Mouldings", "合格品|Accepted parts", "检验员|Inspectors", "检验台|Bench",
            "—|—", "外观检验标准|Appearance standard", "照明 ≥800 lx|Lighting ≥ 800 lx",
            "限度样板|Boundary samples",
            points=(
                PointT(
                    "外观检验|Visual inspection", "检验区|Inspection area",
                    "缩痕、飞边、缺料|Sink marks, flash, short shots",
                    (
                        P("外观不良率|Visual defectives", "", "p", "G-03",
                          "每日抽 200 件|200 parts a day", "对照限度样板|Against boundary "
                          "samples",
                          "通知注塑调机，加严检验|Tell the setter; tighten inspection",
                          n=200, p0=0.025, per_day=1),
                    ),
                ),
            ),
        ),
        ProcessT(
            "P40", "组装包装|Assembly and packing", False,
            "合格注塑件|Accepted parts", "成品|Finished goods", "组装工|Assemblers",
            "超声波焊接机|Ultrasonic welder", "纸箱|Cartons", "包装规范|Packing specification",
            "—|—", "—|—",
        ),
    ),
    gauges=(
        GaugeT("G-01", "电子天平|Electronic balance", "天平|Balance", "0–500 g", 0.01),
        GaugeT("G-02", "数显卡尺|Digital caliper", "卡尺|Caliper", "0–150 mm", 0.01, 6),
        GaugeT("G-03", "外观限度样板|Boundary samples", "样板|Samples", "—", None, 12),
    ),
    equipment=(
        EquipmentT("EQ-01", "注塑机 3#|Injection moulding machine no. 3", "MA2500",
                   "注塑车间|Moulding shop",
                   "每班检查液压油温与安全门|Check oil temperature and safety gate every shift",
                   60),
        EquipmentT("EQ-02", "模温机|Mould temperature unit", "AEOT-9", "注塑车间|Moulding shop",
                   "每月清洗管路|Flush the circuits monthly", 30),
    ),
)

LIGHT = SectorT(
    processes=(
        ProcessT(
            "P10", "木材干燥|Kiln drying", True,
            "原木板材|Sawn timber", "干燥板材|Dried timber", "干燥工|Kiln operator",
            "蒸汽干燥窑|Steam kiln", "毛竹/橡胶木板材|Bamboo or rubberwood boards",
            "干燥基准表|Drying schedule", "窑内温湿度|Kiln temperature and humidity",
            "含水率测定仪|Moisture meter",
            points=(
                PointT(
                    "出窑含水率|Moisture at kiln exit", "干燥窑|Kiln",
                    "含水率过高导致开裂变形|Wet timber cracks and warps",
                    (
                        P("板材含水率|Timber moisture content", "%", "imr", "G-01",
                          "每窑 4 点|4 boards a kiln charge", "针式含水率仪|Pin moisture meter",
                          "延长干燥，平衡处理|Extend drying; equalise",
                          target=10.0, lsl=8.0, usl=12.0, per_day=2, decimals=1),
                    ),
                ),
            ),
            equipment=("EQ-01",),
        ),
        ProcessT(
            "P20", "开料加工|Panel cutting and machining", True,
            "干燥板材|Dried timber", "部件|Components", "木工|Woodworkers",
            "数控开料机|CNC panel saw", "—|—", "开料图|Cutting list", "除尘|Dust extraction",
            "钢直尺、卡尺|Steel rule, caliper",
            points=(
                PointT(
                    "部件长度|Component length", "开料区|Cutting area",
                    "长度超差导致组装缝隙|Length errors leave gaps at assembly",
                    (
                        P("面板长度|Panel length", "mm", "xbar-r", "G-02",
                          "每批连续 5 件|5 consecutive parts a batch", "数显卡尺|Digital caliper",
                          "校正靠山与刀具|Reset the fence and the cutter",
                          target=600.0, lsl=599.0, usl=601.0, n=5, per_day=3, decimals=2),
                    ),
                ),
            ),
            equipment=("EQ-02",),
        ),
        ProcessT(
            "P30", "涂装|Finishing", True,
            "白坯部件|Sanded components", "涂装部件|Finished components", "喷漆工|Sprayers",
            "水帘喷漆房|Water-curtain spray booth", "水性漆|Water-based lacquer",
            "涂装工艺卡|Finishing process card", "温湿度 15–30 ℃/≤75%|15–30 °C, ≤ 75 % RH",
            "涂层测厚仪|Coating thickness gauge",
            points=(
                PointT(
                    "漆膜厚度|Film thickness", "喷漆房|Spray booth",
                    "漆膜薄则耐磨差|A thin film wears through",
                    (
                        P("干膜厚度|Dry film thickness", "µm", "imr", "G-03",
                          "每批 3 件|3 parts a batch", "涂层测厚仪|Thickness gauge",
                          "调整喷枪与遍数|Adjust the gun and number of coats",
                          lsl=60.0, usl=100.0, mean=80.0, per_day=2, decimals=0),
                    ),
                ),
            ),
            equipment=("EQ-03",),
        ),
        ProcessT(
            "P40", "组装终检|Assembly and final inspection", True,
            "涂装部件、五金|Components, hardware", "成品|Finished goods", "组装工、检验员|"
            "Assemblers, inspectors", "组装台|Benches", "五金件|Hardware",
            "终检标准|Final inspection standard", "—|—", "—|—",
            points=(
                PointT(
                    "终检|Final inspection", "组装区|Assembly area",
                    "外观与牢固度|Appearance and rigidity",
                    (
                        P("终检不合格率|Final inspection defectives", "", "p", "G-02",
                          "每日抽 50 件|50 pieces a day", "目测+试装|Visual and trial fit",
                          "返修并追溯责任工序|Repair and trace the operation",
                          n=50, p0=0.04, per_day=1),
                    ),
                ),
            ),
        ),
        ProcessT(
            "P50", "包装仓储|Packing and storage", False,
            "成品|Finished goods", "发运|Shipments", "包装工|Packers", "打包机|Strapping "
            "machine", "纸箱、珍珠棉|Cartons, foam", "包装规范|Packing specification",
            "防潮|Kept dry", "—|—",
        ),
    ),
    gauges=(
        GaugeT("G-01", "针式含水率仪|Pin moisture meter", "含水率仪|Moisture meter", "6–40 %", 0.1),
        GaugeT("G-02", "数显卡尺|Digital caliper", "卡尺|Caliper", "0–1000 mm", 0.01, 6),
        GaugeT("G-03", "涂层测厚仪|Coating thickness gauge", "测厚仪|Thickness gauge",
               "0–1500 µm", 1.0),
    ),
    equipment=(
        EquipmentT("EQ-01", "蒸汽干燥窑|Steam kiln", "MG-60", "干燥区|Kiln yard",
                   "每窑记录温湿度曲线|Log the temperature and humidity curve of every charge",
                   180),
        EquipmentT("EQ-02", "数控开料机|CNC panel saw", "KDT-1325", "开料区|Cutting area",
                   "每日清洁导轨|Clean the rails daily", 60),
        EquipmentT("EQ-03", "水帘喷漆房|Water-curtain spray booth", "PQ-4", "涂装车间|Finishing",
                   "每周换水清渣|Change the water and clear sludge weekly", 30),
    ),
)
# fmt: on

SECTORS: dict[str, SectorT] = {
    "machining": MACHINING,
    "electrical": ELECTRICAL,
    "textile": TEXTILE,
    "food": FOOD,
    "chemical": CHEMICAL,
    "plastics": PLASTICS,
    "light": LIGHT,
}


def template_for(division: str) -> SectorT | None:
    """The process template of a manufacturer's GB/T 4754 division; None for service firms."""
    key = TEMPLATE_BY_DIVISION.get(division)
    return SECTORS[key] if key else None
