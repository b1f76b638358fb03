"""Reference classifications for enterprise profiles: IAF scope codes and GB/T 4754-2017.

All names here are [p] (partly verified, in the marks of DOMAIN.md): the 39 IAF codes and
their English names follow IAF ID 1; the Chinese IAF names follow the CNCA scope handbook
(管理体系认证业务范围分类手册, 2016) as reproduced in secondary sources; the GB/T 4754-2017
Chinese division names were cross-checked against several secondary copies of the standard, and
the English division names are our translations of them. The codes themselves are firm. Keep the
names as data (loaded into the database and editable), never as logic.

GB/T 4754-2017 has 20 sections (门类, A-T) and 97 divisions (大类) numbered 01-97 without gaps.
Pure data: no Django imports.
"""

from __future__ import annotations

# (code, name_en, name_zh)
IAF_CODES: tuple[tuple[str, str, str], ...] = (
    ("01", "Agriculture, forestry and fishing", "农业、林业和渔业"),
    ("02", "Mining and quarrying", "采矿业和采石业"),
    ("03", "Food products, beverages and tobacco", "食品、饮料和烟草"),
    ("04", "Textiles and textile products", "纺织品及纺织制品"),
    ("05", "Leather and leather products", "皮革及皮革制品"),
    ("06", "Wood and wood products", "木材及木制品"),
    ("07", "Pulp, paper and paper products", "纸浆、纸及纸制品"),
    ("08", "Publishing companies", "出版业"),
    ("09", "Printing companies", "印刷业"),
    ("10", "Manufacture of coke and refined petroleum products", "焦炭及精炼石油制品的制造"),
    ("11", "Nuclear fuel", "核燃料"),
    ("12", "Chemicals, chemical products and fibres", "化学品、化学制品及纤维"),
    ("13", "Pharmaceuticals", "药品"),
    ("14", "Rubber and plastic products", "橡胶和塑料制品"),
    ("15", "Non-metallic mineral products", "非金属矿物制品"),
    ("16", "Concrete, cement, lime, plaster etc", "混凝土、水泥、石灰、石膏及其他"),
    ("17", "Basic metals and fabricated metal products", "基础金属及金属制品"),
    ("18", "Machinery and equipment", "机械及设备"),
    ("19", "Electrical and optical equipment", "电和光学设备"),
    ("20", "Shipbuilding", "造船业"),
    ("21", "Aerospace", "航空航天"),
    ("22", "Other transport equipment", "其他运输设备"),
    ("23", "Manufacturing not elsewhere classified", "其他未另分类制造业"),
    ("24", "Recycling", "回收业"),
    ("25", "Electricity supply", "供电业"),
    ("26", "Gas supply", "供气业"),
    ("27", "Water supply", "供水业"),
    ("28", "Construction", "建设业"),
    (
        "29",
        "Wholesale and retail trade; repair of motor vehicles, motorcycles and personal and "
        "household goods",
        "批发和零售业；汽车、摩托、个人及家庭用品修理业",
    ),
    ("30", "Hotels and restaurants", "宾馆及餐馆"),
    ("31", "Transport, storage and communication", "运输、仓储和通信业"),
    ("32", "Financial intermediation; real estate; renting", "金融中介、房地产和租赁"),
    ("33", "Information technology", "信息技术"),
    ("34", "Engineering services", "工程服务"),
    ("35", "Other services", "其他服务"),
    ("36", "Public administration", "公共行政管理"),
    ("37", "Education", "教育"),
    ("38", "Health and social work", "健康和社会工作"),
    ("39", "Other social services", "其他社会服务"),
)

# (section letter, division code, name_en, name_zh)
GBT4754_DIVISIONS: tuple[tuple[str, str, str, str], ...] = (
    # A 农、林、牧、渔业
    ("A", "01", "Agriculture", "农业"),
    ("A", "02", "Forestry", "林业"),
    ("A", "03", "Animal husbandry", "畜牧业"),
    ("A", "04", "Fishery", "渔业"),
    (
        "A",
        "05",
        "Professional and support activities for agriculture, forestry, animal husbandry and "
        "fishery",
        "农、林、牧、渔专业及辅助性活动",
    ),
    # B 采矿业
    ("B", "06", "Mining and washing of coal", "煤炭开采和洗选业"),
    ("B", "07", "Extraction of petroleum and natural gas", "石油和天然气开采业"),
    ("B", "08", "Mining and processing of ferrous metal ores", "黑色金属矿采选业"),
    ("B", "09", "Mining and processing of non-ferrous metal ores", "有色金属矿采选业"),
    ("B", "10", "Mining and processing of non-metallic minerals", "非金属矿采选业"),
    ("B", "11", "Professional and support activities for mining", "开采专业及辅助性活动"),
    ("B", "12", "Other mining", "其他采矿业"),
    # C 制造业
    ("C", "13", "Processing of agricultural and sideline food products", "农副食品加工业"),
    ("C", "14", "Manufacture of food", "食品制造业"),
    ("C", "15", "Manufacture of liquor, beverages and refined tea", "酒、饮料和精制茶制造业"),
    ("C", "16", "Manufacture of tobacco products", "烟草制品业"),
    ("C", "17", "Manufacture of textiles", "纺织业"),
    ("C", "18", "Manufacture of textile garments and apparel", "纺织服装、服饰业"),
    (
        "C",
        "19",
        "Manufacture of leather, fur, feathers and related products, and footwear",
        "皮革、毛皮、羽毛及其制品和制鞋业",
    ),
    (
        "C",
        "20",
        "Processing of timber; manufacture of wood, bamboo, rattan, palm and straw products",
        "木材加工和木、竹、藤、棕、草制品业",
    ),
    ("C", "21", "Manufacture of furniture", "家具制造业"),
    ("C", "22", "Manufacture of paper and paper products", "造纸和纸制品业"),
    ("C", "23", "Printing and reproduction of recorded media", "印刷和记录媒介复制业"),
    (
        "C",
        "24",
        "Manufacture of articles for culture, education, arts and crafts, sport and entertainment",
        "文教、工美、体育和娱乐用品制造业",
    ),
    ("C", "25", "Processing of petroleum, coal and other fuels", "石油、煤炭及其他燃料加工业"),
    (
        "C",
        "26",
        "Manufacture of chemical raw materials and chemical products",
        "化学原料和化学制品制造业",
    ),
    ("C", "27", "Manufacture of medicines", "医药制造业"),
    ("C", "28", "Manufacture of chemical fibres", "化学纤维制造业"),
    ("C", "29", "Manufacture of rubber and plastic products", "橡胶和塑料制品业"),
    ("C", "30", "Manufacture of non-metallic mineral products", "非金属矿物制品业"),
    ("C", "31", "Smelting and pressing of ferrous metals", "黑色金属冶炼和压延加工业"),
    ("C", "32", "Smelting and pressing of non-ferrous metals", "有色金属冶炼和压延加工业"),
    ("C", "33", "Manufacture of metal products", "金属制品业"),
    ("C", "34", "Manufacture of general-purpose machinery", "通用设备制造业"),
    ("C", "35", "Manufacture of special-purpose machinery", "专用设备制造业"),
    ("C", "36", "Manufacture of motor vehicles", "汽车制造业"),
    (
        "C",
        "37",
        "Manufacture of railway, ship, aerospace and other transport equipment",
        "铁路、船舶、航空航天和其他运输设备制造业",
    ),
    ("C", "38", "Manufacture of electrical machinery and equipment", "电气机械和器材制造业"),
    (
        "C",
        "39",
        "Manufacture of computers, communication and other electronic equipment",
        "计算机、通信和其他电子设备制造业",
    ),
    ("C", "40", "Manufacture of measuring instruments and meters", "仪器仪表制造业"),
    ("C", "41", "Other manufacturing", "其他制造业"),
    ("C", "42", "Comprehensive use of waste resources", "废弃资源综合利用业"),
    (
        "C",
        "43",
        "Repair of metal products, machinery and equipment",
        "金属制品、机械和设备修理业",
    ),
    # D 电力、热力、燃气及水生产和供应业
    ("D", "44", "Production and supply of electricity and heat", "电力、热力生产和供应业"),
    ("D", "45", "Production and supply of gas", "燃气生产和供应业"),
    ("D", "46", "Production and supply of water", "水的生产和供应业"),
    # E 建筑业
    ("E", "47", "Construction of buildings", "房屋建筑业"),
    ("E", "48", "Civil engineering", "土木工程建筑业"),
    ("E", "49", "Construction installation", "建筑安装业"),
    (
        "E",
        "50",
        "Building decoration, renovation and other construction",
        "建筑装饰、装修和其他建筑业",
    ),
    # F 批发和零售业
    ("F", "51", "Wholesale trade", "批发业"),
    ("F", "52", "Retail trade", "零售业"),
    # G 交通运输、仓储和邮政业
    ("G", "53", "Rail transport", "铁路运输业"),
    ("G", "54", "Road transport", "道路运输业"),
    ("G", "55", "Water transport", "水上运输业"),
    ("G", "56", "Air transport", "航空运输业"),
    ("G", "57", "Pipeline transport", "管道运输业"),
    ("G", "58", "Multimodal transport and transport agency", "多式联运和运输代理业"),
    ("G", "59", "Loading, unloading, handling and warehousing", "装卸搬运和仓储业"),
    ("G", "60", "Postal services", "邮政业"),
    # H 住宿和餐饮业
    ("H", "61", "Accommodation", "住宿业"),
    ("H", "62", "Catering", "餐饮业"),
    # I 信息传输、软件和信息技术服务业
    (
        "I",
        "63",
        "Telecommunications, radio and television, and satellite transmission services",
        "电信、广播电视和卫星传输服务",
    ),
    ("I", "64", "Internet and related services", "互联网和相关服务"),
    ("I", "65", "Software and information technology services", "软件和信息技术服务业"),
    # J 金融业
    ("J", "66", "Monetary and financial services", "货币金融服务"),
    ("J", "67", "Capital market services", "资本市场服务"),
    ("J", "68", "Insurance", "保险业"),
    ("J", "69", "Other financial services", "其他金融业"),
    # K 房地产业
    ("K", "70", "Real estate", "房地产业"),
    # L 租赁和商务服务业
    ("L", "71", "Leasing", "租赁业"),
    ("L", "72", "Business services", "商务服务业"),
    # M 科学研究和技术服务业
    ("M", "73", "Research and experimental development", "研究和试验发展"),
    ("M", "74", "Professional technical services", "专业技术服务业"),
    ("M", "75", "Technology promotion and application services", "科技推广和应用服务业"),
    # N 水利、环境和公共设施管理业
    ("N", "76", "Water conservancy management", "水利管理业"),
    ("N", "77", "Ecological protection and environmental management", "生态保护和环境治理业"),
    ("N", "78", "Public facilities management", "公共设施管理业"),
    ("N", "79", "Land management", "土地管理业"),
    # O 居民服务、修理和其他服务业
    ("O", "80", "Services to households", "居民服务业"),
    (
        "O",
        "81",
        "Repair of motor vehicles, electronic products and household goods",
        "机动车、电子产品和日用产品修理业",
    ),
    ("O", "82", "Other services", "其他服务业"),
    # P 教育
    ("P", "83", "Education", "教育"),
    # Q 卫生和社会工作
    ("Q", "84", "Health", "卫生"),
    ("Q", "85", "Social work", "社会工作"),
    # R 文化、体育和娱乐业
    ("R", "86", "News and publishing", "新闻和出版业"),
    (
        "R",
        "87",
        "Radio, television, film and sound recording production",
        "广播、电视、电影和录音制作业",
    ),
    ("R", "88", "Culture and arts", "文化艺术业"),
    ("R", "89", "Sports", "体育"),
    ("R", "90", "Entertainment", "娱乐业"),
    # S 公共管理、社会保障和社会组织
    ("S", "91", "Organs of the Communist Party of China", "中国共产党机关"),
    ("S", "92", "State organs", "国家机构"),
    (
        "S",
        "93",
        "People's political consultative conferences and democratic parties",
        "人民政协、民主党派",
    ),
    ("S", "94", "Social security", "社会保障"),
    (
        "S",
        "95",
        "Mass organisations, social organisations and other membership organisations",
        "群众团体、社会团体和其他成员组织",
    ),
    (
        "S",
        "96",
        "Grassroots self-governing organisations and other organisations",
        "基层群众自治组织及其他组织",
    ),
    # T 国际组织
    ("T", "97", "International organisations", "国际组织"),
)

# Section letter -> (name_en, name_zh), for grouping the divisions in pickers.
GBT4754_SECTIONS: dict[str, tuple[str, str]] = {
    "A": ("Agriculture, forestry, animal husbandry and fishery", "农、林、牧、渔业"),
    "B": ("Mining", "采矿业"),
    "C": ("Manufacturing", "制造业"),
    "D": (
        "Production and supply of electricity, heat, gas and water",
        "电力、热力、燃气及水生产和供应业",
    ),
    "E": ("Construction", "建筑业"),
    "F": ("Wholesale and retail trade", "批发和零售业"),
    "G": ("Transport, storage and postal services", "交通运输、仓储和邮政业"),
    "H": ("Accommodation and catering", "住宿和餐饮业"),
    "I": (
        "Information transmission, software and information technology services",
        "信息传输、软件和信息技术服务业",
    ),
    "J": ("Finance", "金融业"),
    "K": ("Real estate", "房地产业"),
    "L": ("Leasing and business services", "租赁和商务服务业"),
    "M": ("Scientific research and technical services", "科学研究和技术服务业"),
    "N": (
        "Water conservancy, environment and public facilities management",
        "水利、环境和公共设施管理业",
    ),
    "O": ("Services to households, repair and other services", "居民服务、修理和其他服务业"),
    "P": ("Education", "教育"),
    "Q": ("Health and social work", "卫生和社会工作"),
    "R": ("Culture, sports and entertainment", "文化、体育和娱乐业"),
    "S": (
        "Public administration, social security and social organisations",
        "公共管理、社会保障和社会组织",
    ),
    "T": ("International organisations", "国际组织"),
}
