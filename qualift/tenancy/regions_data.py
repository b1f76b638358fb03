"""Provincial-level divisions of mainland China, GB/T 2260 (中华人民共和国行政区划代码).

The 31 provinces, autonomous regions and municipalities as (six-digit code, English name,
Chinese name), in code order. Hong Kong, Macao and Taiwan are outside the program's scope.
Pure data: no Django imports; a data migration or seed command loads it into ``Region``.
"""

from __future__ import annotations

REGIONS: tuple[tuple[str, str, str], ...] = (
    ("110000", "Beijing", "北京市"),
    ("120000", "Tianjin", "天津市"),
    ("130000", "Hebei", "河北省"),
    ("140000", "Shanxi", "山西省"),
    ("150000", "Inner Mongolia Autonomous Region", "内蒙古自治区"),
    ("210000", "Liaoning", "辽宁省"),
    ("220000", "Jilin", "吉林省"),
    ("230000", "Heilongjiang", "黑龙江省"),
    ("310000", "Shanghai", "上海市"),
    ("320000", "Jiangsu", "江苏省"),
    ("330000", "Zhejiang", "浙江省"),
    ("340000", "Anhui", "安徽省"),
    ("350000", "Fujian", "福建省"),
    ("360000", "Jiangxi", "江西省"),
    ("370000", "Shandong", "山东省"),
    ("410000", "Henan", "河南省"),
    ("420000", "Hubei", "湖北省"),
    ("430000", "Hunan", "湖南省"),
    ("440000", "Guangdong", "广东省"),
    ("450000", "Guangxi Zhuang Autonomous Region", "广西壮族自治区"),
    ("460000", "Hainan", "海南省"),
    ("500000", "Chongqing", "重庆市"),
    ("510000", "Sichuan", "四川省"),
    ("520000", "Guizhou", "贵州省"),
    ("530000", "Yunnan", "云南省"),
    ("540000", "Xizang Autonomous Region", "西藏自治区"),
    ("610000", "Shaanxi", "陕西省"),
    ("620000", "Gansu", "甘肃省"),
    ("630000", "Qinghai", "青海省"),
    ("640000", "Ningxia Hui Autonomous Region", "宁夏回族自治区"),
    ("650000", "Xinjiang Uygur Autonomous Region", "新疆维吾尔自治区"),
)
