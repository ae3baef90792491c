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
    private var firstLineOfCode: [String: Int] = [:]

    public init(options: ImportOptions) {
        self.options = options
        firstLineOfCode.reserveCapacity(1024)
    }

    public mutating func validate(_ row: ImportRowCells<Column>, issues: inout RowIssues<Column>) -> EnterpriseRecord? {
        let uscc = row[.uscc].uppercasedASCIIForCode
        if uscc.isEmpty {
            issues.addMissing(.uscc)
        } else if let reason = USCC.validate(uscc).reason {
            issues.add(.uscc, reason)
        } else if let earlier = firstLineOfCode[uscc] {
            issues.add(.uscc, "\(uscc) 与第 \(earlier) 行重复")
        } else {
            firstLineOfCode[uscc] = row.line
            if options.conflictingCodes.contains(uscc) { issues.add(.uscc, "\(uscc) 与名录库中已有记录重复") }
        }

        let name = row[.name]
        if name.isEmpty { issues.addMissing(.name) }

        let regionCode = row[.regionCode]
        if !regionCode.isEmpty && !CellParsers.isRegionCode(regionCode) {
            issues.add(.regionCode, "\(regionCode) 应为 6 位或 9–12 位数字")
        }

        let tags = TagCells.parse(row[.tags], vocabulary: options.tagVocabulary, column: .tags, issues: &issues)

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

/// Tag cells shared by enterprises and items: split, then each checked
/// against the office's vocabulary; duplicates within a cell are dropped.
enum TagCells {
    static func parse<Column: ImportColumn>(
        _ text: String, vocabulary: FieldTagVocabulary, column: Column, issues: inout RowIssues<Column>
    ) -> [FieldTag] {
        guard !text.isEmpty else { return [] }
        // Fast path for the common single known tag.
        let single = FieldTag(text)
        if vocabulary.contains(single) { return [single] }
        var tags: [FieldTag] = []
        for name in CellParsers.tagList(text) {
            let tag = FieldTag(name)
            guard vocabulary.contains(tag) else {
                issues.add(column, "未知标签 \(name)（可用：\(vocabulary.tags.map(\.rawValue).joined(separator: "、"))）")
                continue
            }
            if !tags.contains(tag) { tags.append(tag) }
        }
        return tags
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
