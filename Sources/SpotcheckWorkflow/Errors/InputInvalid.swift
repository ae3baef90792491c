import SpotcheckCore

/// Entered content a use case refuses before it reaches the store, each problem naming its
/// field: 422 in the API with `problems`, the form again with the messages on pages.
public struct InputInvalid: Error, Sendable, CustomStringConvertible {
    public let problems: [TaskPlanProblem]

    public init(problems: [TaskPlanProblem]) { self.problems = problems }

    public init(field: String, _ message: String) { self.problems = [TaskPlanProblem(field: field, message: message)] }

    public var description: String { "内容有误：" + problems.map(\.description).joined(separator: "；") }
}
