import SpotcheckCore

/// Columns of the 执法检查人员名录库 import.
public enum InspectorColumn: String, ImportColumn {
    case code
    case name
    case dept
    case mobile
    case status
    case certificateExpiry = "certificate_expiry"
    case expertise
    case expert

    public var label: String {
        switch self {
        case .code: return "执法证号"
        case .name: return "姓名"
        case .dept: return "部门"
        case .mobile: return "手机号码"
        case .status: return "状态"
        case .certificateExpiry: return "有效期至"
        case .expertise: return "专长"
        case .expert: return "是否专家"
        }
    }

    public var aliases: [String] {
        switch self {
        case .code: return ["执法证编号", "证件号", "执法证件号", "certificate_no"]
        case .name: return ["人员姓名"]
        case .dept: return ["所属部门", "部门代码", "department"]
        case .mobile: return ["手机号", "手机", "联系电话", "phone"]
        case .status: return ["在岗状态", "人员状态"]
        case .certificateExpiry: return ["执法证有效期", "执法证有效期至", "证件有效期", "有效期", "expiry"]
        case .expertise: return ["专业特长", "专业领域", "擅长领域"]
        case .expert: return ["专家", "is_expert"]
        }
    }

    public func isRequiredColumn(options: ImportOptions) -> Bool {
        switch self {
        case .code, .name, .certificateExpiry: return true
        case .dept: return options.department == nil
        case .mobile, .status, .expertise, .expert: return false
        }
    }
}

/// Rules for one inspector row: unique 执法证号, a name, the importing
/// department, a valid mobile, a known status, and a certificate expiry date
/// (experts, who hold no 执法证, may leave it empty).
public struct InspectorRowValidator: ImportRowValidator {
    public typealias Column = InspectorColumn
    private let options: ImportOptions
    private var codes = DuplicateTracker()

    public init(options: ImportOptions) {
        self.options = options
    }

    public mutating func reserveCapacity(_ rows: Int) {
        codes.reserveCapacity(rows)
    }

    public mutating func validate(_ row: ImportRowCells<Column>, issues: inout RowIssues<Column>) -> InspectorRecord? {
        let code = row[.code].uppercasedASCIIForCode
        if code.isEmpty {
            issues.addMissing(.code)
        } else if let earlier = codes.earlierLine(of: code, line: row.line) {
            issues.add(.code, "\(code) 与第 \(earlier) 行重复")
        } else {
            if options.conflictingCodes.contains(code) { issues.add(.code, "\(code) 与名录库中已有记录重复") }
        }

        let name = row[.name]
        if name.isEmpty { issues.addMissing(.name) }

        let dept = DepartmentCell.parse(row[.dept], options: options, column: .dept, issues: &issues)

        let mobile = row[.mobile]
        if !mobile.isEmpty && !CellParsers.isMobile(mobile) { issues.add(.mobile, "手机号码格式不正确 \(mobile)") }

        let statusText = row[.status]
        let status = statusText.isEmpty ? .onDuty : InspectorStatus(parsing: statusText)
        if status == nil { issues.add(.status, "未知状态 \(statusText)（应为 在岗、休假 或 离岗）") }

        let expertText = row[.expert]
        let isExpert = CellParsers.flag(expertText)
        if isExpert == nil { issues.add(.expert, "\(expertText) 应为 是 或 否") }

        let expiryText = row[.certificateExpiry]
        let expiry = expiryText.isEmpty ? nil : CellParsers.date(expiryText)
        if expiryText.isEmpty {
            if isExpert != true { issues.addMissing(.certificateExpiry) }
        } else if expiry == nil {
            issues.add(.certificateExpiry, "日期格式不正确 \(expiryText)（应为 yyyy-MM-dd）")
        }

        let expertise = CellParsers.tagList(row[.expertise])

        guard issues.isEmpty, let dept, let status, let isExpert else { return nil }
        return InspectorRecord(
            code: code, name: name, dept: dept, mobile: mobile, status: status,
            certificateExpiry: expiry, expertise: expertise, isExpert: isExpert
        )
    }
}
