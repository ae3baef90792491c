import SpotcheckCore

/// Columns of the 检查对象名录库 import.
public enum EnterpriseColumn: String, ImportColumn {
    case uscc
    case name
    case legalRepresentative = "legal_representative"
    case address
    case regionCode = "region_code"
    case industry
    case tags
    case riskClass = "risk_class"
    case status
    case phone

    public var label: String {
        switch self {
        case .uscc: return "统一社会信用代码"
        case .name: return "企业名称"
        case .legalRepresentative: return "法定代表人"
        case .address: return "地址"
        case .regionCode: return "行政区划代码"
        case .industry: return "行业"
        case .tags: return "领域标签"
        case .riskClass: return "信用风险分类"
        case .status: return "状态"
        case .phone: return "联系电话"
        }
    }

    public var aliases: [String] {
        switch self {
        case .uscc: return ["信用代码", "社会信用代码", "credit_code"]
        case .name: return ["名称", "单位名称", "市场主体名称", "主体名称"]
        case .legalRepresentative: return ["负责人", "经营者", "法人", "legal_rep"]
        case .address: return ["住所", "经营场所", "注册地址"]
        case .regionCode: return ["区划代码", "region"]
        case .industry: return ["所属行业", "行业类别"]
        case .tags: return ["标签", "监管领域", "field_tags"]
        case .riskClass: return ["风险等级", "风险分类", "信用风险等级", "信用风险类别", "class"]
        case .status: return ["登记状态", "经营状态"]
        case .phone: return ["电话", "联系方式"]
        }
    }

    public func isRequiredColumn(options: ImportOptions) -> Bool {
        self == .uscc || self == .name || self == .riskClass
    }
}

/// Rules for one enterprise row (issue 4): valid and unique USCC, a name, a
/// known credit-risk class, status and tags, a plausible region code and phone.
public struct EnterpriseRowValidator: ImportRowValidator {
    public typealias Column = EnterpriseColumn
    private let options: ImportOptions
    private let tagMatcher: TagMatcher
    private var codes = DuplicateTracker()

    public init(options: ImportOptions) {
        self.options = options
        self.tagMatcher = TagMatcher(options.tagVocabulary)
    }

    public mutating func reserveCapacity(_ rows: Int) {
        codes.reserveCapacity(rows)
    }

    public mutating func validate(_ row: ImportRowCells<Column>, issues: inout RowIssues<Column>) -> EnterpriseRecord? {
        var uscc = row[.uscc]
        var validation = USCC.validate(uscc)
        if case .invalidCharacter = validation {
            // Hand-typed lower-case letters are fixed rather than rejected; done
            // only on failure because this runs for every row.
            let upper = uscc.uppercasedASCIIForCode
            if upper != uscc {
                uscc = upper
                validation = USCC.validate(uscc)
            }
        }
        if uscc.isEmpty {
            issues.addMissing(.uscc)
        } else if let reason = validation.reason {
            issues.add(.uscc, reason)
        } else if let earlier = codes.earlierLine(of: uscc, line: row.line) {
            issues.add(.uscc, "\(uscc) 与第 \(earlier) 行重复")
        } else {
            if !options.conflictingCodes.isEmpty && options.conflictingCodes.contains(uscc) { issues.add(.uscc, "\(uscc) 与名录库中已有记录重复") }
        }

        let name = row[.name]
        if name.isEmpty { issues.addMissing(.name) }

        let regionCode = row[.regionCode]
        if !regionCode.isEmpty && !CellParsers.isRegionCode(regionCode) {
            issues.add(.regionCode, "\(regionCode) 应为 6 位或 9 位以上数字")
        }

        let tags = tagMatcher.parse(row[.tags], column: .tags, issues: &issues)

        let classText = row[.riskClass]
        let riskClass = RiskClass(rawValue: classText) ?? RiskClass(parsing: classText)
        if classText.isEmpty {
            issues.addMissing(.riskClass)
        } else if riskClass == nil {
            issues.add(.riskClass, "未知分类 \(classText)（应为 A、B、C 或 D）")
        }

        let statusText = row[.status]
        let status = statusText.isEmpty ? .active : EnterpriseStatus(rawValue: statusText) ?? EnterpriseStatus(parsing: statusText)
        if status == nil { issues.add(.status, "未知状态 \(statusText)（应为 存续、注销 或 吊销）") }

        let phone = row[.phone]
        if !phone.isEmpty && !CellParsers.isPhone(phone) { issues.add(.phone, "电话号码格式不正确 \(phone)") }

        guard issues.isEmpty, let riskClass, let status else { return nil }
        return EnterpriseRecord(
            uscc: uscc, name: name, legalRepresentative: row[.legalRepresentative], address: row[.address],
            regionCode: regionCode, industry: row[.industry], tags: tags,
            riskClass: riskClass, status: status, phone: phone
        )
    }
}

extension String {
    /// Codes are upper-case by standard; hand-typed lower-case letters are
    /// accepted and fixed rather than rejected as "非法字符".
    var uppercasedASCIIForCode: String {
        guard utf8.contains(where: { $0 >= 0x61 && $0 <= 0x7A }) else { return self }
        return String(decoding: utf8.map { ($0 >= 0x61 && $0 <= 0x7A) ? $0 - 0x20 : $0 }, as: UTF8.self)
    }
}
