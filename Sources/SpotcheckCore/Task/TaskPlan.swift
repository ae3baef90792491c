/// What the office plans before publication: everything the notice states about a joint task.
///
/// Why a pure value: the same plan comes from the web form, the JSON API and a
/// JSON file given to `spotcheck task create`; validating it in one place keeps
/// the three from drifting apart.
public struct TaskPlan: Sendable, Equatable, Codable {
    /// 文号, e.g. 清双随机办〔2024〕21号; unique, also accepted wherever a task id is.
    public var documentNumber: String
    public var title: String
    public var periodStart: CivilDate
    public var periodEnd: CivilDate
    /// The lead department's code (牵头部门); it must also be listed in ``departments``.
    public var leadDepartment: String
    /// Every participating department with its items, inspector count and materials.
    public var departments: [TaskDepartmentPlan]
    /// Which enterprises are candidates.
    public var scope: TaskScope
    /// Ratio per credit-risk class in basis points (2000 = 20 %).
    public var ratios: [RiskClass: Int]
    /// Written reason for going below the 20 % overall floor; empty when the floor holds.
    public var ratioOverrideReason: String
    /// Inspectors per team, at least 2.
    public var teamSize: Int
    /// The named source of the public entropy, announced in advance on the notice.
    public var entropySource: String

    public init(
        documentNumber: String, title: String, periodStart: CivilDate, periodEnd: CivilDate, leadDepartment: String,
        departments: [TaskDepartmentPlan], scope: TaskScope = TaskScope(), ratios: [RiskClass: Int],
        ratioOverrideReason: String = "", teamSize: Int = 2, entropySource: String
    ) {
        self.documentNumber = documentNumber
        self.title = title
        self.periodStart = periodStart
        self.periodEnd = periodEnd
        self.leadDepartment = leadDepartment
        self.departments = departments
        self.scope = scope
        self.ratios = ratios
        self.ratioOverrideReason = ratioOverrideReason
        self.teamSize = teamSize
        self.entropySource = entropySource
    }

    /// snake_case in JSON (plan files, the API, the stored plan). Explicit keys rather than a
    /// key strategy: a strategy would also rewrite the ratio keys `A`…`D`.
    enum CodingKeys: String, CodingKey {
        case documentNumber = "document_number", title, periodStart = "period_start", periodEnd = "period_end"
        case leadDepartment = "lead_department", departments, scope, ratios
        case ratioOverrideReason = "ratio_override_reason", teamSize = "team_size", entropySource = "entropy_source"
    }

    /// The overall floor of the notice: at least 20 % of the candidates are inspected.
    public static let floorBasisPoints = 2000

    /// The ratio table handed to the draw engine (strata are the class letters).
    public var ratioTable: RatioTable {
        RatioTable(explicit: Dictionary(uniqueKeysWithValues: ratios.map { ($0.key.rawValue, $0.value) }))
    }

    /// The ratios as `A=2000,B=2000,…`, the form stored and shown.
    public var ratioText: String {
        RiskClass.allCases.compactMap { c in ratios[c].map { "\(c.rawValue)=\($0)" } }.joined(separator: ",")
    }

    /// A 文号 as an office writes it: trimmed, and the year's brackets as 六角括号 〔〕 whatever was
    /// typed (`[ ]`, `［ ］`, `【 】`), so 清双随机办[2024]21号 and 清双随机办〔2024〕21号 are one
    /// task, found and refused as a duplicate alike.
    public static func normalizedDocumentNumber(_ text: String) -> String {
        var out = ""
        for character in text.trimmingCharacters(in: .whitespaces) {
            switch character {
            case "[", "［", "【": out.append("〔")
            case "]", "］", "】": out.append("〕")
            default: out.append(character)
            }
        }
        return out
    }

    /// Every problem of the plan, by field; empty when the plan can be saved. `names` maps
    /// department codes to names, so a clerk reads 清河县消防救援大队 rather than `xf`.
    public func problems(names: [String: String] = [:]) -> [TaskPlanProblem] {
        var found: [TaskPlanProblem] = []
        func dept(_ code: String) -> String { names[code] ?? "部门 \(code)" }
        func add(_ field: String, _ message: String) { found.append(TaskPlanProblem(field: field, message: message)) }
        let doc = documentNumber.trimmingCharacters(in: .whitespaces)
        if doc.isEmpty { add("document_number", "文号不能为空") }
        if doc.count > 64 { add("document_number", "文号过长（最多 64 个字符）") }
        if doc.allSatisfy(\.isNumber) && !doc.isEmpty { add("document_number", "文号不能是纯数字（纯数字按任务编号解析）") }
        if title.trimmingCharacters(in: .whitespaces).isEmpty { add("title", "任务名称不能为空") }
        for (field, label, text, limit) in [
            ("document_number", "文号", documentNumber, TextInput.Limit.code), ("title", "任务名称", title, .name),
            ("ratio_override_reason", "比例理由", ratioOverrideReason, .reason), ("entropy_source", "公开随机源", entropySource, .reason),
        ] {
            if let problem = TextInput.problem(text, field: label, limit: limit) { add(field, problem.description) }
        }
        if periodEnd < periodStart { add("period", "结束日期 \(periodEnd.chineseText) 早于开始日期 \(periodStart.chineseText)") }
        if departments.isEmpty { add("departments", "至少需要一个参与部门") }
        var seen = Set<String>()
        for plan in departments {
            if !seen.insert(plan.department).inserted { add("departments", "\(dept(plan.department)) 重复") }
            if plan.itemCodes.isEmpty { add("departments.\(plan.department).items", "\(dept(plan.department)) 未选择抽查事项") }
            if plan.inspectorCount < teamSize {
                add("departments.\(plan.department).inspector_count",
                    "\(dept(plan.department)) 抽取执法人员 \(plan.inspectorCount) 人，少于每组 \(teamSize) 人")
            }
        }
        if !leadDepartment.isEmpty && !seen.contains(leadDepartment) { add("lead_department", "牵头部门 \(names[leadDepartment] ?? leadDepartment) 不在参与部门中") }
        if leadDepartment.isEmpty { add("lead_department", "请指定牵头部门") }
        let region = scope.regionPrefix.trimmingCharacters(in: .whitespaces)
        if !region.allSatisfy({ $0.isASCII && $0.isNumber }) || region.count > 12 {
            add("scope.region_prefix", "区划代码前缀「\(region)」须为 1–12 位数字（如 130534），留空表示不限区划")
        }
        if teamSize < 2 { add("team_size", "每个检查组至少 2 名执法检查人员（专家不计入）") }
        if ratios.isEmpty { add("ratios", "请为各信用风险分类设置抽查比例") }
        for (riskClass, bp) in ratios.sorted(by: { $0.key < $1.key }) where bp < 1 || bp > 10000 {
            add("ratios.\(riskClass.rawValue)", "\(riskClass.rawValue) 类比例 \(bp) 基点超出 1–10000")
        }
        if !ratios.isEmpty && ratios.values.allSatisfy({ $0 < Self.floorBasisPoints })
            && ratioOverrideReason.trimmingCharacters(in: .whitespaces).isEmpty {
            add("ratios", "各类比例均低于 20%，总体抽查比例不可能达到 20% 的下限；如确需降低，请填写书面理由")
        }
        if entropySource.trimmingCharacters(in: .whitespaces).isEmpty {
            add("entropy_source", "请写明抽取时公开随机数的来源（如现场见证人报数、当日福彩开奖号码）")
        }
        return found
    }

    /// Whether `k` of `n` meets the floor (`k/n ≥ 20 %`), exactly in integers.
    public static func meetsFloor(selected k: Int, of n: Int) -> Bool {
        n == 0 || k * 10000 >= n * floorBasisPoints
    }
}

/// One participating department in a plan.
public struct TaskDepartmentPlan: Sendable, Equatable, Codable {
    public var department: String
    /// Codes of the department's items (from its 抽查事项清单) this task covers.
    public var itemCodes: [String]
    /// Inspectors the department draws (fixed at publication, spec §1).
    public var inspectorCount: Int
    /// Materials the enterprise must prepare for this department.
    public var materials: [String]

    enum CodingKeys: String, CodingKey {
        case department, itemCodes = "item_codes", inspectorCount = "inspector_count", materials
    }

    public init(department: String, itemCodes: [String], inspectorCount: Int, materials: [String] = []) {
        self.department = department
        self.itemCodes = itemCodes
        self.inspectorCount = inspectorCount
        self.materials = materials
    }
}

/// One problem of a plan: the field and what is wrong, in Chinese.
public struct TaskPlanProblem: Sendable, Equatable, Codable, CustomStringConvertible {
    public var field: String
    public var message: String
    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }
    public var description: String { "\(field) — \(message)" }
}

/// Lets a plan's ratios read `{"A": 2000, …}` in JSON rather than an array of pairs.
extension RiskClass: CodingKeyRepresentable {}
