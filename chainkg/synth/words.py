"""Word lists for ``chainkg synth``: places, chains with products by stage, name parts.

Plain data, kept apart from the generator. Every city is a prefecture-level city of
its province (and a place of the shipped lexicon, see ``loaders/places.py``); the four
municipalities stand for themselves. Chain names and English names follow
``loaders/data/zh.csv`` where it lists them.
"""

from __future__ import annotations

__all__ = [
    "CHAINS",
    "GENERIC_TRADES",
    "LEGAL_FORMS",
    "MODIFIERS",
    "MUNICIPALITIES",
    "PARK_KINDS",
    "PROVINCES",
    "STEM_FIRST",
    "STEM_SECOND",
    "TECH_CATEGORIES",
    "TECH_SUFFIXES",
    "TRADES",
]

# province: (English, ((city, English), ...))
PROVINCES: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {
    "湖南": (
        "Hunan",
        (
            ("长沙", "Changsha"),
            ("株洲", "Zhuzhou"),
            ("湘潭", "Xiangtan"),
            ("衡阳", "Hengyang"),
            ("岳阳", "Yueyang"),
            ("常德", "Changde"),
        ),
    ),
    "湖北": (
        "Hubei",
        (("武汉", "Wuhan"), ("襄阳", "Xiangyang"), ("宜昌", "Yichang"), ("十堰", "Shiyan"), ("荆州", "Jingzhou")),
    ),
    "广东": (
        "Guangdong",
        (
            ("广州", "Guangzhou"),
            ("深圳", "Shenzhen"),
            ("佛山", "Foshan"),
            ("东莞", "Dongguan"),
            ("珠海", "Zhuhai"),
            ("惠州", "Huizhou"),
        ),
    ),
    "江苏": (
        "Jiangsu",
        (
            ("南京", "Nanjing"),
            ("苏州", "Suzhou"),
            ("无锡", "Wuxi"),
            ("常州", "Changzhou"),
            ("南通", "Nantong"),
            ("徐州", "Xuzhou"),
        ),
    ),
    "浙江": (
        "Zhejiang",
        (
            ("杭州", "Hangzhou"),
            ("宁波", "Ningbo"),
            ("温州", "Wenzhou"),
            ("嘉兴", "Jiaxing"),
            ("绍兴", "Shaoxing"),
            ("台州", "Taizhou"),
        ),
    ),
    "安徽": (
        "Anhui",
        (("合肥", "Hefei"), ("芜湖", "Wuhu"), ("马鞍山", "Ma'anshan"), ("蚌埠", "Bengbu"), ("滁州", "Chuzhou")),
    ),
    "山东": (
        "Shandong",
        (
            ("济南", "Jinan"),
            ("青岛", "Qingdao"),
            ("烟台", "Yantai"),
            ("潍坊", "Weifang"),
            ("威海", "Weihai"),
            ("淄博", "Zibo"),
        ),
    ),
    "河南": (
        "Henan",
        (("郑州", "Zhengzhou"), ("洛阳", "Luoyang"), ("新乡", "Xinxiang"), ("许昌", "Xuchang"), ("南阳", "Nanyang")),
    ),
    "河北": (
        "Hebei",
        (
            ("石家庄", "Shijiazhuang"),
            ("唐山", "Tangshan"),
            ("保定", "Baoding"),
            ("邯郸", "Handan"),
            ("廊坊", "Langfang"),
        ),
    ),
    "四川": (
        "Sichuan",
        (("成都", "Chengdu"), ("绵阳", "Mianyang"), ("德阳", "Deyang"), ("宜宾", "Yibin"), ("自贡", "Zigong")),
    ),
    "陕西": (
        "Shaanxi",
        (("西安", "Xi'an"), ("宝鸡", "Baoji"), ("咸阳", "Xianyang"), ("榆林", "Yulin"), ("汉中", "Hanzhong")),
    ),
    "辽宁": ("Liaoning", (("沈阳", "Shenyang"), ("大连", "Dalian"), ("鞍山", "Anshan"), ("营口", "Yingkou"))),
    "吉林": ("Jilin", (("长春", "Changchun"), ("吉林市", "Jilin City"), ("四平", "Siping"))),
    "黑龙江": ("Heilongjiang", (("哈尔滨", "Harbin"), ("大庆", "Daqing"), ("齐齐哈尔", "Qiqihar"))),
    "福建": (
        "Fujian",
        (("福州", "Fuzhou"), ("厦门", "Xiamen"), ("泉州", "Quanzhou"), ("宁德", "Ningde"), ("漳州", "Zhangzhou")),
    ),
    "江西": (
        "Jiangxi",
        (("南昌", "Nanchang"), ("赣州", "Ganzhou"), ("宜春", "Yichun"), ("九江", "Jiujiang"), ("上饶", "Shangrao")),
    ),
    "广西": ("Guangxi", (("南宁", "Nanning"), ("柳州", "Liuzhou"), ("桂林", "Guilin"), ("钦州", "Qinzhou"))),
    "贵州": ("Guizhou", (("贵阳", "Guiyang"), ("遵义", "Zunyi"), ("安顺", "Anshun"))),
    "云南": ("Yunnan", (("昆明", "Kunming"), ("曲靖", "Qujing"), ("玉溪", "Yuxi"))),
    "山西": ("Shanxi", (("太原", "Taiyuan"), ("晋城", "Jincheng"), ("运城", "Yuncheng"))),
    "甘肃": ("Gansu", (("兰州", "Lanzhou"), ("天水", "Tianshui"), ("酒泉", "Jiuquan"))),
    "内蒙古": ("Inner Mongolia", (("呼和浩特", "Hohhot"), ("包头", "Baotou"), ("鄂尔多斯", "Ordos"))),
}

MUNICIPALITIES: tuple[tuple[str, str], ...] = (
    ("北京", "Beijing"),
    ("上海", "Shanghai"),
    ("天津", "Tianjin"),
    ("重庆", "Chongqing"),
)

# chain: (English, category, trades, (upstream, midstream, downstream) products)
CHAINS: dict[str, tuple[str, str, tuple[str, ...], tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]]] = {
    "工程机械": (
        "Construction machinery",
        "装备制造",
        ("机械", "重工", "液压", "装备"),
        (
            ("钢材", "液压件", "发动机", "回转支承", "减速机"),
            ("挖掘机", "起重机", "混凝土机械", "桩工机械", "盾构机"),
            ("工程机械租赁", "工程机械再制造", "工程机械服务"),
        ),
    ),
    "轨道交通装备": (
        "Rail transit equipment",
        "装备制造",
        ("装备", "电气", "机械"),
        (
            ("牵引电机", "IGBT模块", "制动系统", "轴承", "铝合金型材"),
            ("电力机车", "动车组", "城轨车辆", "转向架"),
            ("轨道交通运维", "信号系统集成", "车辆检修服务"),
        ),
    ),
    "中小航空发动机及航空航天装备": (
        "Aero-engines and aerospace equipment",
        "装备制造",
        ("航空", "精工", "动力"),
        (
            ("高温合金", "钛合金锻件", "精密铸件", "航空轴承"),
            ("涡轴发动机", "涡扇发动机", "通用飞机", "无人机"),
            ("航空维修", "通航运营", "飞行培训"),
        ),
    ),
    "电子信息": (
        "Electronic information",
        "信息技术",
        ("电子", "信息", "科技"),
        (
            ("电子元器件", "印制电路板", "电子专用材料"),
            ("通信设备", "计算机整机", "智能终端"),
            ("信息系统集成", "电子产品分销"),
        ),
    ),
    "新材料": (
        "New materials",
        "原材料",
        ("材料", "金属", "科技"),
        (
            ("稀土原料", "高纯金属", "天然石墨"),
            ("先进储能材料", "硬质合金", "特种陶瓷", "碳基材料"),
            ("材料检测", "复合材料制品"),
        ),
    ),
    "新能源与节能": (
        "New energy and energy saving",
        "能源",
        ("新能源", "能源", "电气"),
        (("工业硅", "锂矿", "稀土永磁"), ("储能电池", "节能电机", "余热发电设备"), ("合同能源管理", "充电运营")),
    ),
    "新能源汽车": (
        "New energy vehicles",
        "汽车",
        ("汽车", "新能源", "动力"),
        (
            ("正极材料", "负极材料", "电解液", "隔膜", "动力电池"),
            ("电驱系统", "整车控制器", "车身总成"),
            ("新能源整车", "充电桩", "汽车后市场服务"),
        ),
    ),
    "集成电路": (
        "Integrated circuits",
        "信息技术",
        ("半导体", "微电子", "电子"),
        (
            ("硅片", "光刻胶", "电子特气", "溅射靶材"),
            ("芯片设计", "晶圆制造", "封装测试"),
            ("功率器件", "存储芯片", "芯片应用方案"),
        ),
    ),
    "新型显示": (
        "New displays",
        "信息技术",
        ("光电", "电子", "科技"),
        (
            ("玻璃基板", "偏光片", "液晶材料", "显示驱动芯片"),
            ("液晶面板", "OLED面板", "背光模组"),
            ("显示模组", "显示终端"),
        ),
    ),
    "生物医药": (
        "Biomedicine",
        "生命健康",
        ("医药", "生物", "科技"),
        (("原料药", "医药中间体", "药用辅料"), ("化学制剂", "生物药", "中成药"), ("医药流通", "CRO服务")),
    ),
    "人工智能": (
        "Artificial intelligence",
        "信息技术",
        ("智能", "信息", "软件"),
        (
            ("AI芯片", "智能传感器", "算力服务器"),
            ("算法平台", "语音识别", "计算机视觉"),
            ("智能客服", "智能安防", "智慧医疗"),
        ),
    ),
    "光伏": (
        "Photovoltaics",
        "能源",
        ("新能源", "光电", "能源"),
        (
            ("多晶硅", "单晶硅棒", "光伏玻璃"),
            ("光伏硅片", "电池片", "光伏组件", "逆变器"),
            ("光伏电站", "分布式光伏运维"),
        ),
    ),
    "风电装备": (
        "Wind power equipment",
        "能源",
        ("能源", "重工", "装备"),
        (("风电叶片", "风电主轴", "齿轮箱"), ("风电整机", "风电塔筒"), ("风电场运维", "海上风电工程")),
    ),
    "工业机器人": (
        "Industrial robots",
        "装备制造",
        ("智能", "精工", "装备"),
        (("精密减速器", "伺服电机", "运动控制器"), ("机器人本体", "机器人系统集成"), ("机器人应用服务", "智能产线")),
    ),
    "数控机床": (
        "CNC machine tools",
        "装备制造",
        ("机械", "精工", "装备"),
        (
            ("数控系统", "电主轴", "滚珠丝杠", "直线导轨"),
            ("加工中心", "数控车床", "数控磨床"),
            ("机床再制造", "机床维修服务"),
        ),
    ),
    "智能装备": (
        "Intelligent equipment",
        "装备制造",
        ("智能", "装备", "科技"),
        (
            ("工业传感器", "可编程控制器", "机器视觉"),
            ("智能物流装备", "增材制造装备", "智能检测装备"),
            ("智能工厂解决方案", "设备远程运维"),
        ),
    ),
    "电工电器": (
        "Electrical equipment",
        "装备制造",
        ("电气", "装备", "金属"),
        (("电工钢", "绝缘材料", "铜杆"), ("变压器", "开关设备", "电线电缆"), ("电力工程总包", "电气设备检修")),
    ),
    "新一代信息技术": (
        "New-generation information technology",
        "信息技术",
        ("信息", "电子", "软件"),
        (
            ("光纤预制棒", "光模块", "通用服务器"),
            ("5G基站", "工业互联网平台", "数据中心"),
            ("云计算服务", "物联网应用"),
        ),
    ),
    "软件和信息技术服务": (
        "Software and IT services",
        "信息技术",
        ("软件", "信息", "科技"),
        (("操作系统", "数据库", "中间件"), ("工业软件", "行业应用软件", "信息安全产品"), ("软件外包", "IT运维服务")),
    ),
    "钢铁": (
        "Steel",
        "原材料",
        ("钢铁", "金属", "材料"),
        (("铁矿石", "焦炭", "废钢"), ("粗钢", "特殊钢", "热轧钢板"), ("钢结构", "金属制品")),
    ),
    "有色金属": (
        "Non-ferrous metals",
        "原材料",
        ("金属", "材料", "化工"),
        (("铜精矿", "铝土矿", "锌精矿"), ("电解铝", "精炼铜", "锂电铜箔"), ("铝型材", "再生有色金属")),
    ),
    "石化": (
        "Petrochemicals",
        "原材料",
        ("化工", "能源", "材料"),
        (("原油", "石脑油"), ("乙烯", "芳烃", "合成树脂"), ("精细化学品", "塑料制品")),
    ),
    "船舶与海洋工程装备": (
        "Ships and offshore engineering equipment",
        "装备制造",
        ("船舶", "重工", "装备"),
        (("船用钢板", "船用柴油机", "船用导航设备"), ("散货船", "集装箱船", "海洋平台"), ("船舶修理", "海工运维")),
    ),
    "医疗器械": (
        "Medical devices",
        "生命健康",
        ("医疗", "生物", "科技"),
        (
            ("医用高分子材料", "医用传感器"),
            ("医学影像设备", "体外诊断试剂", "手术机器人"),
            ("医疗设备租赁", "第三方医学检测"),
        ),
    ),
    "先进储能": (
        "Advanced energy storage",
        "能源",
        ("新能源", "能源", "电气"),
        (
            ("磷酸铁锂", "钒电解液", "储能电芯"),
            ("储能变流器", "储能系统集成", "液流电池"),
            ("储能电站", "电网调峰服务"),
        ),
    ),
    "氢能": (
        "Hydrogen energy",
        "能源",
        ("能源", "动力", "新能源"),
        (("电解水制氢设备", "储氢瓶", "质子交换膜"), ("燃料电池电堆", "燃料电池系统"), ("加氢站", "氢燃料电池汽车")),
    ),
    "农机装备": (
        "Agricultural machinery",
        "装备制造",
        ("农机", "机械", "装备"),
        (("农机发动机", "农机变速箱"), ("拖拉机", "联合收割机", "插秧机"), ("农机社会化服务",)),
    ),
    "纺织服装": (
        "Textiles and apparel",
        "消费品",
        ("纺织", "材料", "科技"),
        (("化纤", "棉纱", "印染助剂"), ("面料", "家纺"), ("服装", "产业用纺织品")),
    ),
    "绿色食品": (
        "Green food",
        "消费品",
        ("食品", "生物", "科技"),
        (("粮油原料", "农产品初加工"), ("粮油加工", "肉制品", "饮料"), ("冷链物流", "食品零售")),
    ),
    "碳纤维及复合材料": (
        "Carbon fibre and composites",
        "原材料",
        ("材料", "化工", "科技"),
        (("丙烯腈", "碳纤维原丝"), ("碳纤维", "预浸料"), ("复合材料构件", "碳纤维制品")),
    ),
}

# trade word in a short name: (the words in the legal name, English)
TRADES: dict[str, tuple[str, str]] = {
    "机械": ("机械制造", "Machinery"),
    "重工": ("重工", "Heavy Industry"),
    "液压": ("液压", "Hydraulics"),
    "精工": ("精密工业", "Precision"),
    "科技": ("科技", "Technology"),
    "电子": ("电子科技", "Electronics"),
    "材料": ("新材料科技", "Materials"),
    "动力": ("动力科技", "Power"),
    "智能": ("智能装备", "Intelligent Equipment"),
    "光电": ("光电科技", "Optoelectronics"),
    "半导体": ("半导体", "Semiconductor"),
    "微电子": ("微电子", "Microelectronics"),
    "新能源": ("新能源科技", "New Energy"),
    "电气": ("电气", "Electric"),
    "化工": ("化工", "Chemical"),
    "医药": ("医药", "Pharmaceutical"),
    "生物": ("生物科技", "Biotech"),
    "软件": ("软件", "Software"),
    "信息": ("信息技术", "Information Technology"),
    "钢铁": ("钢铁", "Iron and Steel"),
    "金属": ("金属材料", "Metals"),
    "航空": ("航空科技", "Aviation"),
    "装备": ("装备制造", "Equipment"),
    "汽车": ("汽车零部件", "Auto Parts"),
    "船舶": ("船舶重工", "Shipbuilding"),
    "纺织": ("纺织", "Textile"),
    "食品": ("食品", "Foods"),
    "农机": ("农业装备", "Agricultural Machinery"),
    "能源": ("能源科技", "Energy"),
    "医疗": ("医疗器械", "Medical"),
}
GENERIC_TRADES: tuple[str, ...] = ("科技", "精工", "装备", "材料", "电子")

# two halves of a trade name (字号), with their pinyin
STEM_FIRST: tuple[tuple[str, str], ...] = (
    ("华", "Hua"),
    ("恒", "Heng"),
    ("中", "Zhong"),
    ("鑫", "Xin"),
    ("宏", "Hong"),
    ("瑞", "Rui"),
    ("永", "Yong"),
    ("金", "Jin"),
    ("天", "Tian"),
    ("博", "Bo"),
    ("东", "Dong"),
    ("盛", "Sheng"),
    ("泰", "Tai"),
    ("德", "De"),
    ("鼎", "Ding"),
    ("正", "Zheng"),
    ("远", "Yuan"),
    ("明", "Ming"),
    ("嘉", "Jia"),
    ("凯", "Kai"),
    ("兴", "Xing"),
    ("聚", "Ju"),
    ("海", "Hai"),
    ("长", "Chang"),
    ("力", "Li"),
    ("富", "Fu"),
    ("国", "Guo"),
    ("安", "An"),
    ("宇", "Yu"),
    ("双", "Shuang"),
    ("科", "Ke"),
    ("群", "Qun"),
    ("万", "Wan"),
    ("润", "Run"),
    ("光", "Guang"),
    ("百", "Bai"),
    ("银", "Yin"),
    ("环", "Huan"),
    ("高", "Gao"),
    ("维", "Wei"),
)
STEM_SECOND: tuple[tuple[str, str], ...] = (
    ("晟", "sheng"),
    ("通", "tong"),
    ("达", "da"),
    ("源", "yuan"),
    ("创", "chuang"),
    ("信", "xin"),
    ("佳", "jia"),
    ("邦", "bang"),
    ("诚", "cheng"),
    ("锐", "rui"),
    ("拓", "tuo"),
    ("威", "wei"),
    ("辉", "hui"),
    ("峰", "feng"),
    ("翔", "xiang"),
    ("腾", "teng"),
    ("阳", "yang"),
    ("业", "ye"),
    ("航", "hang"),
    ("智", "zhi"),
    ("合", "he"),
    ("宁", "ning"),
    ("泽", "ze"),
    ("美", "mei"),
    ("捷", "jie"),
    ("驰", "chi"),
    ("隆", "long"),
    ("豪", "hao"),
    ("昌", "chang"),
    ("展", "zhan"),
    ("康", "kang"),
    ("骏", "jun"),
    ("益", "yi"),
    ("普", "pu"),
    ("联", "lian"),
    ("斯", "si"),
    ("森", "sen"),
    ("鹏", "peng"),
    ("坤", "kun"),
    ("华", "hua"),
)

LEGAL_FORMS: tuple[tuple[str, str], ...] = (
    ("有限公司", "Co., Ltd."),
    ("股份有限公司", "Co., Ltd."),
    ("有限责任公司", "Co., Ltd."),
)

# park name suffix: kind
PARK_KINDS: tuple[tuple[str, str], ...] = (("经开区", "经开区"), ("高新区", "高新区"), ("综合保税区", "综保区"))

# bottleneck technology name suffix by stage
TECH_SUFFIXES: tuple[tuple[str, ...], ...] = (
    ("制备工艺", "提纯技术", "关键原料"),
    ("核心部件", "控制芯片", "精密加工工艺", "设计软件"),
    ("检测技术", "系统集成技术", "可靠性验证"),
)
TECH_CATEGORIES: tuple[str, ...] = (
    "核心基础零部件",
    "关键基础材料",
    "先进基础工艺",
    "产业技术基础",
    "卡脖子技术及产品",
)

MODIFIERS: tuple[str, ...] = ("高端", "精密", "大型", "智能", "特种", "新型", "高性能", "轻量化", "微型", "绿色")
