import SpotcheckCore

/// Columns of the 随机抽查事项清单 import, following the superset of real
/// lists (domain.md): 编号, 抽查事项, 抽查子项, 抽查依据, 抽查主体, 抽查对象,
/// 抽查方式, 事项类别, 抽查比例, 抽查频次, 所需材料, 检查人员要求.
public enum ItemColumn: String, ImportColumn {
    case dept
    case code
    case name
    case subItems = "sub_items"
    case legalBasis = "legal_basis"
    case subject
    case scopeTags = "scope_tags"
    case methods
    case category
    case ratio
    case frequency
    case materials
    case inspectorRequirements = "inspector_requirements"

    public var label: String {
        switch self {
        case .dept: return "部门"
        case .code: return "编号"
        case .name: return "抽查事项"
        case .subItems: return "抽查子项"
        case .legalBasis: return "抽查依据"
        case .subject: return "抽查主体"
        case .scopeTags: return "抽查对象"
        case .methods: return "抽查方式"
        case .category: return "事项类别"
        case .ratio: return "抽查比例"
        case .frequency: return "抽查频次"
        case .materials: return "所需材料"
        case .inspectorRequirements: return "检查人员要求"
        }
    }

    public var aliases: [String] {
        switch self {
        case .dept: return ["所属部门", "部门代码", "department"]
        case .code: return ["事项编号", "序号编号"]
        case .name: return ["事项名称", "抽查事项名称"]
        case .subItems: return ["检查内容", "检查内容及要求", "抽查内容", "子项"]
        case .legalBasis: return ["依据", "法律依据", "basis"]
        case .subject: return ["实施主体", "检查主体"]
        case .scopeTags: return ["领域标签", "适用领域", "对象范围", "tags", "scope"]
        case .methods: return ["检查方式", "method"]
        case .category: return ["类别"]
        case .ratio: return ["默认比例", "default_ratio", "ratio_percent"]
        case .frequency: return ["频次"]
        case .materials: return ["企业需准备材料", "准备材料", "材料"]
        case .inspectorRequirements: return ["人员要求", "检查人员"]
        }
    }

    public func isRequiredColumn(options: ImportOptions) -> Bool {
        switch self {
        case .code, .name, .legalBasis: return true
        case .dept: return options.department == nil
        default: return false
        }
    }
}

/// Rules for one item row: a department, a code unique within it, a name and
/// a legal basis (国办发〔2015〕58号: no check without one), known tags and
/// methods, a category and a ratio between 0 and 100 %.
public struct ItemRowValidator: ImportRowValidator {
    public typealias Column = ItemColumn
    private let options: ImportOptions
    private var firstLineOfKey: [String: Int] = [:]

    public init(options: ImportOptions) {
        self.options = options
    }

    public mutating func validate(_ row: ImportRowCells<Column>, issues: inout RowIssues<Column>) -> InspectionItemRecord? {
        let dept = DepartmentCell.parse(row[.dept], options: options, column: .dept, issues: &issues)
        let code = row[.code]
        if code.isEmpty {
            issues.addMissing(.code)
        } else if let dept {
            // Item codes are unique per department; the key matches `conflictingCodes`.
            let key = "\(dept)/\(code)"
            if let earlier = firstLineOfKey[key] {
                issues.add(.code, "\(code) 与第 \(earlier) 行重复")
            } else {
                firstLineOfKey[key] = row.line
                if options.conflictingCodes.contains(key) { issues.add(.code, "\(code) 与清单中已有事项重复") }
            }
        }

        let name = row[.name]
        if name.isEmpty { issues.addMissing(.name) }
        let legalBasis = row[.legalBasis]
        if legalBasis.isEmpty { issues.addMissing(.legalBasis) }

        let scopeTags = TagMatcher(options.tagVocabulary).parse(row[.scopeTags], column: .scopeTags, issues: &issues)

        var methods: [InspectionMethod] = []
        for text in CellParsers.tagList(row[.methods]) {
            guard let method = InspectionMethod(parsing: text) else {
                let known = InspectionMethod.allCases.map(\.label).joined(separator: "、")
                issues.add(.methods, "未知抽查方式 \(text)（可用：\(known)）")
                continue
            }
            if !methods.contains(method) { methods.append(method) }
        }

        let categoryText = row[.category]
        let category = categoryText.isEmpty ? .general : InspectionItemCategory(parsing: categoryText)
        if category == nil { issues.add(.category, "未知类别 \(categoryText)（应为 一般检查事项 或 重点检查事项）") }

        let ratioText = row[.ratio]
        let ratio = ratioText.isEmpty ? 0 : CellParsers.ratioBasisPoints(ratioText)
        if ratio == nil { issues.add(.ratio, "\(ratioText) 应为 0–100 之间的百分比，如 5%") }

        guard issues.isEmpty, let dept, let category, let ratio else { return nil }
        return InspectionItemRecord(
            dept: dept, code: code, name: name, subItems: CellParsers.sentenceList(row[.subItems]),
            legalBasis: legalBasis, subject: row[.subject], scopeTags: scopeTags, methods: methods,
            category: category, defaultRatioBasisPoints: ratio, frequency: row[.frequency],
            materials: CellParsers.sentenceList(row[.materials]), inspectorRequirements: row[.inspectorRequirements]
        )
    }
}
