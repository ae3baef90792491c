/// Word pools for plausible Qinghe (河北省邢台市清河县) demo data. The county is
/// known for cashmere, auto parts and cemented-carbide tools, so those trades
/// dominate the 工贸 names. Public so the import benchmark generates from the same pools.
public enum DemoNames {
    public static let surnames = Array("王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢崔")
    public static let givenCharacters = Array("建国志强海燕秀英明华丽军红梅伟芳敏静磊洋勇杰娟涛超霞平刚桂兰晓东玉婷文博宇浩然子涵欣怡佳琪俊凯雪峰振春")

    /// Brand words that go in front of a trade name (清河县<brand><trade>…).
    public static let brands = Array("鑫恒泰盛源宏兴隆瑞祥博达广汇华通金诚德信永安昌荣嘉合丰旺新宇顺鼎立航天润")

    /// Qinghe's towns: 9-digit region code, name, roads/villages for addresses.
    public static let towns: [(code: String, name: String, places: [String])] = [
        ("130534100", "葛仙庄镇", ["武松路", "长江街", "黄河路", "羊绒大道", "太行街"]),
        ("130534101", "连庄镇", ["连庄村", "西双庙村", "工业园区"]),
        ("130534102", "油坊镇", ["油坊村", "东高庄村", "汽配工业园"]),
        ("130534103", "谢炉镇", ["谢炉村", "南仓村"]),
        ("130534104", "王官庄镇", ["王官庄村", "大辛庄村", "开发区"]),
        ("130534105", "坝营镇", ["坝营村", "南李庄村"]),
    ]

    /// One field of the four departments' items: name patterns, tag sets, industry.
    public struct Trade: Sendable {
        public let tags: [FieldTag]
        public let industry: String
        /// Trade words; the name is 清河县 + brand + trade + form.
        public let trades: [String]
        public let forms: [String]
        /// Relative frequency among generated enterprises.
        public let weight: Int

        public init(tags: [FieldTag], industry: String, trades: [String], forms: [String], weight: Int) {
            self.tags = tags
            self.industry = industry
            self.trades = trades
            self.forms = forms
            self.weight = weight
        }
    }

    public static let trades: [Trade] = [
        Trade(tags: [.hazardousChemicals], industry: "化学原料和化学制品制造业",
              trades: ["化工", "精细化工", "涂料", "化学试剂"], forms: ["有限公司", "科技有限公司"], weight: 10),
        Trade(tags: [.hazardousChemicals, .fireSafetyKeyUnit], industry: "批发业",
              trades: ["化工贸易", "工业气体", "危险化学品经营"], forms: ["有限公司", "经销处"], weight: 6),
        Trade(tags: [.industryAndTrade], industry: "纺织业",
              trades: ["羊绒制品", "羊绒纺织", "绒毛加工", "服饰"], forms: ["有限公司", "有限责任公司"], weight: 22),
        Trade(tags: [.industryAndTrade, .productQuality], industry: "汽车制造业",
              trades: ["汽车配件", "汽车密封件", "橡塑制品", "汽车零部件"], forms: ["有限公司", "制造有限公司"], weight: 18),
        Trade(tags: [.industryAndTrade, .productQuality], industry: "金属制品业",
              trades: ["硬质合金", "合金刀具", "五金工具", "机械制造"], forms: ["有限公司", "科技有限公司"], weight: 12),
        Trade(tags: [.refinedOil, .measuringInstruments, .fireSafetyKeyUnit], industry: "零售业",
              trades: ["加油站"], forms: [""], weight: 8),
        Trade(tags: [.refinedOil], industry: "批发业",
              trades: ["石油经销", "油品贸易"], forms: ["有限公司"], weight: 3),
        Trade(tags: [.fireSafetyKeyUnit], industry: "住宿业",
              trades: ["大酒店", "宾馆", "商务酒店"], forms: ["有限公司", ""], weight: 7),
        Trade(tags: [.fireSafetyKeyUnit, .measuringInstruments], industry: "零售业",
              trades: ["商贸城", "购物广场", "超市"], forms: ["有限公司", ""], weight: 7),
        Trade(tags: [.auction], industry: "商务服务业",
              trades: ["拍卖"], forms: ["有限公司", "行有限公司"], weight: 2),
        Trade(tags: [.measuringInstruments], industry: "零售业",
              trades: ["眼镜店", "衡器", "农贸市场", "粮油购销"], forms: ["", "有限公司"], weight: 5),
    ]

    /// Department codes, names and how many inspectors and experts each has.
    public static let departments: [(code: String, name: String, officers: Int, experts: Int, expertise: [String])] = [
        ("yjj", "清河县应急管理局", 14, 2, ["危险化学品", "工贸", "安全生产"]),
        ("scjg", "清河县市场监督管理局", 24, 2, ["登记", "公示信息", "产品质量", "计量器具", "拍卖"]),
        ("swj", "清河县商务局", 8, 1, ["成品油", "拍卖"]),
        ("xf", "清河县消防救援大队", 10, 1, ["消防重点单位", "消防设施"]),
    ]
}
