import FluentKit
import Foundation
import SpotcheckCore

/// 一单两库 of the demo: the synthetic Qinghe directory and rosters of `DemoDirectory`, a few
/// declared conflicts, and the notice's items for the four departments (清双随机办〔2024〕21号,
/// 四、抽查内容). Runs inside `DemoSeed.seed`'s transaction, so a half-seeded demo cannot exist.
extension DemoSeed {
    static func seedDirectory(on tx: any Database, actor: AuditLog.Actor) async throws {
        let enterprises = DemoDirectory.enterprises()
        let inspectors = DemoDirectory.inspectors()
        _ = try await EnterpriseDirectory(db: tx).upsert(enterprises, actor: actor, note: "演示数据")
        _ = try await InspectorRoster(db: tx).upsert(inspectors, actor: actor, note: "演示数据")
        _ = try await ItemList(db: tx).upsert(demoItems, actor: actor, note: "演示数据")
        let conflicts = ConflictList(db: tx)
        for conflict in demoConflicts(enterprises: enterprises, inspectors: inspectors) {
            try await conflicts.add(department: conflict.department, inspectorCode: conflict.inspector, uscc: conflict.uscc,
                                    reason: conflict.reason, actor: actor)
        }
    }

    /// Two conflicts per department, between its first officers and the first active enterprises
    /// of its field, so the draw and the 一企一表 have recusals to respect.
    static func demoConflicts(enterprises: [EnterpriseRecord], inspectors: [InspectorRecord])
        -> [(department: String, inspector: String, uscc: String, reason: String)] {
        let fields: [(String, FieldTag)] = [("yjj", .hazardousChemicals), ("scjg", .productQuality), ("swj", .refinedOil), ("xf", .fireSafetyKeyUnit)]
        let reasons = [
            "配偶在该企业担任财务负责人（近亲属，《行政处罚法》第四十三条）",
            "本人曾在该企业任职，离职未满三年",
            "与该企业法定代表人系兄弟关系",
            "子女在该企业就职",
        ]
        var result: [(String, String, String, String)] = []
        for (index, (department, tag)) in fields.enumerated() {
            let officers = inspectors.filter { $0.dept == department && !$0.isExpert }.prefix(2)
            let targets = enterprises.filter { $0.status == .active && $0.tags.contains(tag) }.prefix(2)
            for (offset, (officer, target)) in zip(officers, targets).enumerated() {
                result.append((department, officer.code, target.uscc, reasons[(index + offset) % reasons.count]))
            }
        }
        return result
    }

    /// The notice's items with their legal basis as published lists word it. Ratios are the
    /// departments' defaults; a joint task sets its own (the notice: overall ≥ 20 %).
    static let demoItems: [InspectionItemRecord] = [
        InspectionItemRecord(
            dept: "yjj", code: "YJJ-001", name: "危险化学品及相关企业的安全检查",
            subItems: ["安全生产许可证、危险化学品经营许可证取得及有效情况",
                       "主要负责人和安全生产管理人员安全生产知识和管理能力考核合格情况，特种作业人员持证上岗情况",
                       "重大危险源辨识、评估、登记建档、监测监控和备案情况",
                       "危险化学品储存场所、设施及安全距离符合国家标准情况",
                       "安全风险分级管控和隐患排查治理双重预防机制建设运行情况",
                       "生产安全事故应急救援预案制定、备案和演练情况"],
            legalBasis: "《中华人民共和国安全生产法》第四十一条、第六十五条、第六十六条；《危险化学品安全管理条例》第六条、第七条、第十四条、第二十四条、第三十三条；《安全生产许可证条例》第十四条；《危险化学品重大危险源监督管理暂行规定》（国家安全生产监督管理总局令第40号）",
            subject: "清河县应急管理局", scopeTags: [.hazardousChemicals], methods: [.onSite, .documentary, .entrustedBody],
            category: .key, defaultRatioBasisPoints: 2000, frequency: "每年不少于 1 次",
            materials: ["营业执照副本", "安全生产许可证或危险化学品经营许可证", "主要负责人、安全生产管理人员考核合格证明及特种作业人员操作证",
                        "重大危险源备案材料及监测监控记录", "安全风险管控清单和隐患排查治理台账", "生产安全事故应急救援预案及备案、演练记录"],
            inspectorRequirements: "持有行政执法证件的应急管理执法人员不少于 2 人；涉及重大危险源的，可邀请化工安全专家参加"),
        InspectionItemRecord(
            dept: "yjj", code: "YJJ-002", name: "工贸行业企业的安全检查",
            subItems: ["全员安全生产责任制、安全生产规章制度和操作规程建立落实情况",
                       "安全生产教育培训及特种作业人员持证上岗情况",
                       "粉尘防爆、有限空间作业、涉氨制冷等重点环节安全措施落实情况",
                       "安全风险分级管控和隐患排查治理情况",
                       "劳动防护用品配备使用及应急预案演练情况"],
            legalBasis: "《中华人民共和国安全生产法》第四条、第二十一条、第二十八条、第四十一条、第六十五条；《工贸企业粉尘防爆安全规定》（应急管理部令第6号）；《工贸企业有限空间作业安全规定》（应急管理部令第13号）；《生产安全事故应急预案管理办法》（应急管理部令第2号修正）",
            subject: "清河县应急管理局", scopeTags: [.industryAndTrade], methods: [.onSite, .documentary],
            category: .general, defaultRatioBasisPoints: 2000, frequency: "每年不少于 1 次",
            materials: ["营业执照副本", "安全生产责任制、安全管理制度及操作规程", "安全教育培训档案及特种作业人员操作证",
                        "隐患排查治理台账", "粉尘防爆、有限空间作业管理台账（涉及的企业）", "应急预案及演练记录"],
            inspectorRequirements: "持有行政执法证件的应急管理执法人员不少于 2 人"),
        InspectionItemRecord(
            dept: "scjg", code: "SCJG-001", name: "登记事项检查",
            subItems: ["企业名称、住所（经营场所）与登记事项一致情况", "法定代表人（负责人）与登记事项一致情况",
                       "经营范围中依法须经批准的项目取得许可情况", "通过登记的住所（经营场所）能否取得联系"],
            legalBasis: "《中华人民共和国市场主体登记管理条例》第二十四条、第三十八条、第四十六条；《企业信息公示暂行条例》第十四条",
            subject: "清河县市场监督管理局", scopeTags: FieldTag.known, methods: [.dataComparison, .onSite, .documentary],
            category: .general, defaultRatioBasisPoints: 300, frequency: "每年不少于 1 次",
            materials: ["营业执照副本", "公司章程及股东（出资人）名册", "住所（经营场所）使用证明", "经营范围涉及许可项目的许可证件"],
            inspectorRequirements: "持有行政执法证件的市场监管执法人员不少于 2 人"),
        InspectionItemRecord(
            dept: "scjg", code: "SCJG-002", name: "公示信息检查",
            subItems: ["年度报告公示信息（出资、资产状况、对外投资、网站网店等）的真实性",
                       "即时信息（股东出资、股权变更、行政许可、知识产权出质登记、行政处罚）公示情况",
                       "公示信息隐瞒真实情况、弄虚作假情况"],
            legalBasis: "《企业信息公示暂行条例》第八条、第九条、第十条、第十四条、第十七条；《企业公示信息抽查暂行办法》（国家工商行政管理总局令第67号）；《中华人民共和国市场主体登记管理条例》第三十五条",
            subject: "清河县市场监督管理局", scopeTags: FieldTag.known, methods: [.documentary, .dataComparison, .onSite],
            category: .general, defaultRatioBasisPoints: 300, frequency: "每年不少于 1 次",
            materials: ["年度报告所填财务报表及相关证明", "股东出资及股权变更证明", "行政许可证件", "社会保险缴纳证明"],
            inspectorRequirements: "持有行政执法证件的市场监管执法人员不少于 2 人"),
        InspectionItemRecord(
            dept: "scjg", code: "SCJG-003", name: "拍卖等重要领域市场规范管理检查",
            subItems: ["拍卖企业依法登记及取得拍卖经营许可情况", "拍卖公告、拍卖笔录等拍卖程序执行情况",
                       "拍卖人及其工作人员以竞买人身份参与自己组织的拍卖活动情况", "竞买人之间、竞买人与拍卖人之间恶意串通情况"],
            legalBasis: "《中华人民共和国拍卖法》第二十二条、第三十七条、第六十二条、第六十五条；《拍卖监督管理办法》",
            subject: "清河县市场监督管理局", scopeTags: [.auction], methods: [.onSite, .documentary],
            category: .general, defaultRatioBasisPoints: 500, frequency: "每年不少于 1 次",
            materials: ["营业执照副本", "拍卖经营批准证书", "近一年拍卖公告、拍卖笔录及成交确认书", "委托拍卖合同", "拍卖师执业资格证明"],
            inspectorRequirements: "持有行政执法证件的市场监管执法人员不少于 2 人"),
        InspectionItemRecord(
            dept: "scjg", code: "SCJG-004", name: "产品质量监督检查",
            subItems: ["产品执行标准及出厂检验情况", "产品标识标注（产品名称、厂名厂址、合格证明、生产日期等）情况",
                       "列入工业产品生产许可证目录或强制性产品认证目录的产品取得许可、认证情况", "必要时抽样检验"],
            legalBasis: "《中华人民共和国产品质量法》第八条、第十五条、第十八条、第二十六条、第二十七条；《中华人民共和国工业产品生产许可证管理条例》第五条；《中华人民共和国认证认可条例》；《产品质量监督抽查管理暂行办法》（国家市场监督管理总局令第18号）",
            subject: "清河县市场监督管理局", scopeTags: [.productQuality], methods: [.onSite, .testing, .documentary],
            category: .key, defaultRatioBasisPoints: 500, frequency: "每年不少于 1 次",
            materials: ["营业执照副本", "产品执行标准文本", "出厂检验记录及检验报告", "工业产品生产许可证或强制性产品认证证书（适用时）", "原材料进货查验记录"],
            inspectorRequirements: "执法人员不少于 2 人；抽样的，抽样人员应经培训并熟悉相关产品标准"),
        InspectionItemRecord(
            dept: "scjg", code: "SCJG-005", name: "计量监督检查",
            subItems: ["强制检定的工作计量器具（加油机、衡器等）登记造册和按期检定情况", "使用不合格或超过检定周期计量器具情况",
                       "破坏计量器具准确度、伪造计量数据情况", "定量包装商品净含量情况"],
            legalBasis: "《中华人民共和国计量法》第九条、第十八条；《中华人民共和国计量法实施细则》第十一条；《加油站计量监督管理办法》（国家质量监督检验检疫总局令第35号）；《定量包装商品计量监督管理办法》（国家市场监督管理总局令第70号）",
            subject: "清河县市场监督管理局", scopeTags: [.measuringInstruments], methods: [.onSite, .testing],
            category: .general, defaultRatioBasisPoints: 1000, frequency: "每年不少于 1 次",
            materials: ["强制检定计量器具登记台账", "计量器具检定证书", "加油机铅封及检定记录（加油站）", "计量管理制度"],
            inspectorRequirements: "执法人员不少于 2 人；现场检定由法定计量检定机构人员配合"),
        InspectionItemRecord(
            dept: "swj", code: "SWJ-001", name: "成品油市场管理检查",
            subItems: ["成品油零售经营批准证书取得及有效情况", "经营场所、设施与批准内容一致情况",
                       "油品购进来源合法及索票索证情况", "进销存台账建立情况", "无证经营、超范围经营、流动加油等违法行为"],
            legalBasis: "《国务院对确需保留的行政审批项目设定行政许可的决定》（国务院令第412号）；《商务部关于做好石油成品油流通管理“放管服”改革工作的通知》（商运函〔2019〕659号）；河北省成品油零售经营资格管理相关规定",
            subject: "清河县商务局", scopeTags: [.refinedOil], methods: [.onSite, .documentary, .dataComparison],
            category: .key, defaultRatioBasisPoints: 2000, frequency: "每年不少于 1 次",
            materials: ["营业执照副本", "成品油零售经营批准证书", "危险化学品经营许可证（适用时）", "油品购进发票及供货方资质", "进销存台账", "油品质量检验报告"],
            inspectorRequirements: "持有行政执法证件的商务执法人员不少于 2 人"),
        InspectionItemRecord(
            dept: "xf", code: "XF-001", name: "对单位履行法定消防安全职责情况的监督抽查",
            subItems: ["消防安全责任制和消防安全制度、操作规程落实情况", "消防设施、器材配置及维护保养、检测情况",
                       "疏散通道、安全出口、消防车通道畅通情况", "防火检查巡查、消防安全培训和灭火应急疏散演练情况",
                       "消防控制室值班人员持证上岗情况"],
            legalBasis: "《中华人民共和国消防法》第十六条、第十七条、第五十三条；《消防监督检查规定》（公安部令第120号）；《机关、团体、企业、事业单位消防安全管理规定》（公安部令第61号）",
            subject: "清河县消防救援大队", scopeTags: [.fireSafetyKeyUnit], methods: [.onSite, .documentary],
            category: .key, defaultRatioBasisPoints: 2000, frequency: "每年不少于 1 次",
            materials: ["消防安全责任制及消防安全管理制度", "消防设施维护保养和检测报告", "防火检查、巡查记录", "消防安全培训和演练记录", "消防控制室值班记录及值班人员证书"],
            inspectorRequirements: "消防监督检查人员不少于 2 人，并出示执法身份证件"),
        InspectionItemRecord(
            dept: "xf", code: "XF-002", name: "对使用领域消防产品质量的监督检查",
            subItems: ["在用消防产品具有强制性产品认证证书或技术鉴定证书情况", "消防产品身份信息标志情况",
                       "消防产品现场检查判定", "使用不合格或国家明令淘汰的消防产品情况"],
            legalBasis: "《中华人民共和国消防法》第二十四条、第二十五条、第六十五条；《消防产品监督管理规定》（公安部、国家工商行政管理总局、国家质量监督检验检疫总局令第122号）",
            subject: "清河县消防救援大队", scopeTags: [.fireSafetyKeyUnit], methods: [.onSite, .testing],
            category: .general, defaultRatioBasisPoints: 1000, frequency: "每年不少于 1 次",
            materials: ["消防产品合格证明及认证证书", "消防产品进货凭证", "消防产品安装、维护记录"],
            inspectorRequirements: "消防监督检查人员不少于 2 人"),
        InspectionItemRecord(
            dept: "xf", code: "XF-003", name: "对社会消防技术服务活动的监督抽查",
            subItems: ["消防技术服务机构从业条件保持情况", "消防设施维护保养检测、消防安全评估执行国家标准和技术规范情况",
                       "出具书面结论文件的真实性、合法性", "执业档案管理情况"],
            legalBasis: "《中华人民共和国消防法》第三十四条、第六十九条；《社会消防技术服务管理规定》（应急管理部令第7号）",
            subject: "清河县消防救援大队", scopeTags: [.fireSafetyKeyUnit], methods: [.onSite, .documentary, .dataComparison],
            category: .general, defaultRatioBasisPoints: 1000, frequency: "每年不少于 1 次",
            materials: ["消防技术服务合同", "维护保养检测、评估报告", "消防技术服务机构从业条件证明材料"],
            inspectorRequirements: "消防监督检查人员不少于 2 人"),
        InspectionItemRecord(
            dept: "xf", code: "XF-004", name: "对注册消防工程师执业活动的监督抽查",
            subItems: ["注册消防工程师注册及执业情况", "同时在两个以上单位执业情况",
                       "在消防技术文件上签名、加盖执业印章情况", "出租、出借、转让资格证书、注册证书和执业印章情况"],
            legalBasis: "《注册消防工程师管理规定》（公安部令第143号）；《中华人民共和国消防法》第三十四条；《社会消防技术服务管理规定》（应急管理部令第7号）",
            subject: "清河县消防救援大队", scopeTags: [.fireSafetyKeyUnit], methods: [.documentary, .dataComparison, .onSite],
            category: .general, defaultRatioBasisPoints: 1000, frequency: "每年不少于 1 次",
            materials: ["注册消防工程师注册证书及执业印章", "劳动合同和社会保险缴纳证明", "签署的消防技术文件"],
            inspectorRequirements: "消防监督检查人员不少于 2 人"),
    ]
}
