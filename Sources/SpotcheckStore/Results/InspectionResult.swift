import Foundation
import SpotcheckCore

/// What inspectors enter on the online 一企一表 for one department's part of one enterprise.
public struct ResultInput: Sendable, Equatable, Codable {
    public struct Item: Sendable, Equatable, Codable {
        public var itemCode: String
        public var methods: [InspectionMethod]
        public var finding: String
        public var problem: Bool
        /// A ``ProblemKind`` raw value, empty when none.
        public var problemKind: String
        /// False while the inspector has not chosen 发现问题 or 未发现问题 (a draft's form shows
        /// neither chosen; issue 15 "defaults that cannot lie"). Submission requires a choice.
        public var problemAnswered: Bool
        public init(itemCode: String, methods: [InspectionMethod], finding: String = "", problem: Bool = false, problemKind: String = "",
                    problemAnswered: Bool = true) {
            self.itemCode = itemCode
            self.methods = methods
            self.finding = finding
            self.problem = problem
            self.problemKind = problemKind
            self.problemAnswered = problemAnswered
        }
    }

    public var inspectionDate: CivilDate?
    public var category: ResultCategory
    public var items: [Item]
    public var onsiteAnswer: Bool
    public var onsiteNote: String
    /// Whether the enterprise's representative signed; a refusal is recorded with its note
    /// (who refused, the witness), as the notice requires.
    public var signatureRefused: Bool
    public var refusalNote: String
    /// False while no 检查结果 was chosen (the form preselects none); `category` is then only a
    /// placeholder and submission asks for a choice.
    public var categoryAnswered: Bool
    /// False while neither 已签字 nor 拒绝签字 was chosen.
    public var signatureAnswered: Bool

    public init(inspectionDate: CivilDate?, category: ResultCategory, items: [Item], onsiteAnswer: Bool = false,
                onsiteNote: String = "", signatureRefused: Bool = false, refusalNote: String = "",
                categoryAnswered: Bool = true, signatureAnswered: Bool = true) {
        self.categoryAnswered = categoryAnswered
        self.signatureAnswered = signatureAnswered
        self.inspectionDate = inspectionDate
        self.category = category
        self.items = items
        self.onsiteAnswer = onsiteAnswer
        self.onsiteNote = onsiteNote
        self.signatureRefused = signatureRefused
        self.refusalNote = refusalNote
    }

    /// Problem items found (the statistics' 发现问题事项).
    public var problemCount: Int { items.filter(\.problem).count }

    /// What must hold before submission, each problem naming its field.
    public func submissionProblems() -> [TaskPlanProblem] {
        var found: [TaskPlanProblem] = []
        if inspectionDate == nil { found.append(.init(field: "inspection_date", message: "请填写检查日期")) }
        if items.isEmpty { found.append(.init(field: "items", message: "没有检查事项")) }
        for item in items where !item.problemAnswered {
            found.append(.init(field: "items.\(item.itemCode).problem", message: "事项 \(item.itemCode) 请选择是否发现问题"))
        }
        for item in items where item.methods.isEmpty {
            found.append(.init(field: "items.\(item.itemCode).methods", message: "事项 \(item.itemCode) 未选择检查方式"))
        }
        for item in items where item.problem && item.finding.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            found.append(.init(field: "items.\(item.itemCode).finding", message: "事项 \(item.itemCode) 发现问题，请写明问题"))
        }
        if !categoryAnswered {
            found.append(.init(field: "category", message: "请选择检查结果（公示类别）"))
        } else if category.isProblem && problemCount == 0 {
            found.append(.init(field: "category", message: "检查结果为「\(category.rawValue)」，但没有标记发现问题的事项"))
        }
        if category == .noProblem && problemCount > 0 {
            found.append(.init(field: "category", message: "已标记 \(problemCount) 项问题，检查结果不能是「未发现问题」"))
        }
        if onsiteAnswer && onsiteNote.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            found.append(.init(field: "onsite_note", message: "请简要记录现场解答的疑难问题"))
        }
        if !signatureAnswered {
            found.append(.init(field: "refusal_note", message: "请选择企业负责人是否签字"))
        } else if signatureRefused && refusalNote.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            found.append(.init(field: "refusal_note", message: "企业拒绝签字的，须注明拒签情况及见证人"))
        }
        return found
    }
}

/// A stored result with its workflow state.
public struct InspectionResult: Sendable, Equatable {
    /// Kept under this name for its callers; the enum lives in Core with the other states.
    public typealias Status = ResultStatus

    public var taskID: Int
    public var uscc: String
    public var department: String
    public var status: Status
    public var input: ResultInput
    public var members: String
    public var dueDate: CivilDate?
    public var submittedBy: String?
    public var submittedAt: Date?
    public var approvedBy: String?
    public var approvedAt: Date?

    /// Submitted or approved, but not published by its due date.
    public func isOverdue(today: CivilDate) -> Bool {
        guard status != .approved, let dueDate else { return false }
        return today > dueDate
    }
}

/// Problems of a result that cannot be submitted as it is.
public struct ResultInvalid: Error, Sendable, CustomStringConvertible {
    public let problems: [TaskPlanProblem]
    public var description: String { "检查结果有误：" + problems.map(\.description).joined(separator: "；") }
}
