"""Which templates fit which enterprise (by GB/T 4754 division), its products, the complaints its
customers make, and the stock phrases of evidence, verdicts and responses. Pure data."""

from __future__ import annotations

from dataclasses import dataclass

SECTOR_BY_DIVISION = {
    **dict.fromkeys(("33", "34", "35", "36", "40"), "machining"),
    **dict.fromkeys(("38", "39"), "electrical"),
    **dict.fromkeys(("17", "18", "19"), "textile"),
    **dict.fromkeys(("01", "14"), "food"),
    **dict.fromkeys(("26", "29"), "chemical"),
    **dict.fromkeys(("20", "21", "23", "24"), "light"),
    "47": "construction",
    "65": "software",
    **dict.fromkeys(("54", "59"), "logistics"),
    **dict.fromkeys(("51", "52"), "trade"),
    **dict.fromkeys(("61", "62"), "catering"),
    **dict.fromkeys(("70", "71", "72"), "services"),
}
SERVICE_SECTORS = {"software", "logistics", "trade", "catering", "services", "construction"}


def sector_of(division: str) -> str:
    return SECTOR_BY_DIVISION.get(division, "machining")


PRODUCTS = {
    "machining": ("泵轴|pump shaft", "法兰盘|flange", "阀体|valve body", "端盖|end cover"),
    "electrical": ("小型断路器|miniature breaker", "控制板|control board", "接线端子|terminal"),
    "textile": ("针织衫|knitted sweater", "色织布|yarn-dyed fabric", "男式皮鞋|men's shoes"),
    "food": ("绿豆糕|mung bean cake", "卤味小吃|braised snacks", "白茶|white tea"),
    "chemical": ("PP 外壳|PP housing", "周转箱|crate", "纺织助剂|textile auxiliary"),
    "light": ("实木餐椅|solid-wood chair", "彩盒|printed carton", "折叠桌|folding table"),
    "construction": ("3 号楼|Block 3", "5 号楼|Block 5"),
    "software": ("ERP 定制模块|ERP module", "小程序|mini-program"),
    "logistics": ("整车运输|full-truck haulage", "仓储服务|warehousing"),
    "trade": ("化纤面料|polyester fabric", "饰品|accessories", "预包装食品|packaged food"),
    "catering": ("团餐|group meals", "客房|rooms"),
    "services": ("物业服务|property service", "设备租赁|equipment rental"),
}


@dataclass(frozen=True)
class ComplaintTemplate:
    """A customer complaint typical of the sector; `nc` names the sector template whose
    analysis the raised nonconformity follows (empty: answered without a nonconformity)."""

    customer: str
    description: str
    severity: str
    nc: str = ""


C = ComplaintTemplate
# fmt: off
COMPLAINTS: dict[str, tuple[ComplaintTemplate, ...]] = {
    "machining": (
        C("宁波甬港机电有限公司|Ningbo Yonggang Electromechanical Co.",
          "收到的泵轴外径偏大，装配困难|Pump shafts oversize, hard to assemble", "high", "dim"),
        C("台州海川阀门有限公司|Taizhou Haichuan Valves Co.",
          "零件孔口有毛刺划伤密封件|Burrs at the bores damaged the seals", "medium", "burr"),
        C("上海申联泵业有限公司|Shanghai Shenlian Pumps Co.",
          "交货比合同晚 5 天|Delivered five days after the contract date", "low"),
    ),
    "electrical": (
        C("温州瓯越配电设备有限公司|Wenzhou Ouyue Switchgear Co.",
          "一批断路器铭牌额定电流错误|A batch of breakers with the wrong current on the "
          "nameplate", "high", "nameplate"),
        C("苏州吴越智能家居有限公司|Suzhou Wuyue Smart Home Co.",
          "控制板返修率偏高，疑似虚焊|High return rate on control boards, suspected cold "
          "joints", "medium", "solder"),
        C("杭州东信五金商行|Hangzhou Dongxin Hardware",
          "外箱压损|Crushed outer cartons", "low"),
    ),
    "textile": (
        C("上海锦绣服饰有限公司|Shanghai Jinxiu Apparel Co.",
          "大货颜色与确认样不一致|Bulk shade differs from the approved sample", "high", "shade"),
        C("义乌市优品百货商行|Yiwu Youpin Department Store",
          "顾客退回：鞋底脱胶|Customer returns: soles coming loose", "medium", "sole"),
        C("绍兴恒达服装厂|Shaoxing Hengda Garments",
          "装箱单数量与实物不符|Packing list quantity does not match", "low"),
    ),
    "food": (
        C("杭州鲜丰超市有限公司|Hangzhou Xianfeng Supermarkets",
          "顾客在产品中发现头发|A shopper found a hair in the product", "high", "hair"),
        C("宁波甬味电商店|Ningbo Yongwei Online Shop",
          "收到的真空包装漏气|Vacuum packs arrived leaking", "medium", "seal"),
        C("湖州南浔茶庄|Huzhou Nanxun Tea House",
          "外包装印刷模糊|Blurred print on the outer pack", "low"),
    ),
    "chemical": (
        C("嘉兴禾丰电器有限公司|Jiaxing Hefeng Appliances",
          "注塑外壳缺料，影响装配|Short shots on housings stop assembly", "high", "shortshot"),
        C("绍兴华纺印染有限公司|Shaoxing Huafang Dyeing Co.",
          "助剂桶到货渗漏|Auxiliary drums arrived leaking", "medium", "drum"),
        C("桐乡市佳禾贸易有限公司|Tongxiang Jiahe Trading",
          "发票信息错误|Wrong details on the invoice", "low"),
    ),
    "light": (
        C("杭州宜居家具商城|Hangzhou Yiju Furniture Mall",
          "餐椅拼板开裂|Chair panels cracking at the glue line", "high", "glue"),
        C("上海味好食品有限公司|Shanghai Weihao Foods",
          "彩盒颜色与签样不符|Carton colour does not match the proof", "medium", "print"),
        C("宁波户外生活馆|Ningbo Outdoor Living",
          "送货时间未提前通知|Delivery time not announced", "low"),
    ),
    "construction": (
        C("温州瓯海某小区业主委员会|Owners' committee, Ouhai residential estate",
          "业主反映卫生间楼板渗水|Owners report water through the bathroom floor", "high",
          "leak"),
        C("温州瓯海区住建局|Ouhai District Housing Bureau",
          "现场文明施工检查扣分|Site tidiness inspection deductions", "low"),
    ),
    "software": (
        C("杭州明远制造有限公司|Hangzhou Mingyuan Manufacturing",
          "系统升级后订单导出报错|Order export fails after the upgrade", "high", "release"),
        C("上海松风贸易有限公司|Shanghai Songfeng Trading",
          "报表统计口径与要求不符|Report totals do not match what we asked for", "medium",
          "req"),
        C("苏州云帆物流有限公司|Suzhou Yunfan Logistics",
          "客服电话周末无人接听|Support line unanswered at the weekend", "medium"),
    ),
    "logistics": (
        C("宁波甬邦家电有限公司|Ningbo Yongbang Appliances",
          "到货外箱破损|Cartons damaged on arrival", "medium", "damage"),
        C("舟山海鲜食品有限公司|Zhoushan Seafood Co.",
          "冷链到货温度超标|Cold-chain delivery arrived too warm", "high", "coldchain"),
        C("宁波北仑五金城|Ningbo Beilun Hardware Market",
          "发错型号|Wrong model delivered", "medium", "mispick"),
    ),
    "trade": (
        C("绍兴越城某顾客|A customer in Yuecheng, Shaoxing",
          "购买的商品已过保质期|Bought an item past its best-before date", "high", "expired"),
        C("上海尚品服饰有限公司|Shanghai Shangpin Apparel",
          "面料洗后掉色|Fabric loses colour in the wash", "medium", "fastness"),
        C("义乌市小商品商户|A Yiwu market trader",
          "到货数量少 2 箱|Two cases short on delivery", "low"),
    ),
    "catering": (
        C("金华某公司行政部|Admin office of a Jinhua company",
          "团餐菜品含花生未告知，员工过敏|Peanuts in a group meal undeclared; an employee "
          "reacted", "high", "allergen"),
        C("在线预订的住客|A guest who booked online",
          "客房床品有毛发|Hair on the bedding", "medium", "housekeeping"),
        C("点评网站的顾客|A diner on a review site",
          "上菜速度慢|Slow service", "low"),
    ),
    "services": (
        C("小区业主|A resident of the estate",
          "电梯报修 3 天无人处理|Lift fault unrepaired for three days", "high", "repairs"),
        C("宁波国际家居展主办方|Organiser of the Ningbo home fair",
          "展台开展前才完工|Stand finished only at opening time", "medium", "stand"),
        C("苏州某建筑公司|A Suzhou building contractor",
          "租赁设备限位开关失灵|Limit switch on a rented machine failed", "high",
          "rentalcheck"),
    ),
}
# fmt: on

EVIDENCE = (
    "修订后的作业指导书及培训签到表|Revised work instruction and training sign-in sheet",
    "点检表和现场照片|Checklist and photos",
    "供应商质量协议及审核报告|Supplier quality agreement and audit report",
    "校准证书和量具台账|Calibration certificates and the gauge register",
    "培训记录和考核试卷|Training records and test papers",
)
VERDICTS = (
    "连续 3 批跟踪未再发生|No recurrence in three follow-up batches",
    "一个月跟踪期内未再发生|No recurrence in a month of follow-up",
    "抽查 20 次均符合|20 spot checks, all conforming",
)
RESPONSES = (
    "已致歉并补发合格品，原因分析和纠正措施报告随后提交|Apologised and replaced the goods; "
    "cause analysis and a corrective action report to follow",
    "已电话沟通并上门处理，客户表示认可|Called and visited; the customer accepted the remedy",
    "已说明原因并承诺改进，附 8D 报告|Explained the cause and committed to improve; 8D "
    "report attached",
)
RECURRED = "跟踪期内同类问题再次发生|The same problem recurred during follow-up"
CANCEL_REASON = "与前一条登记为同一问题，合并处理|Same problem as an earlier report; merged"
CONTAINMENT = "可疑产品已隔离并挂待处理标识|Suspect product quarantined and tagged"
