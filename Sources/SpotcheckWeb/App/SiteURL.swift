import Foundation
import SpotcheckCore
import SpotcheckStore

/// The task pages of the site as typed values (the model: SwiftPackageIndex-Server's `SiteURL`).
/// The same value registers a route — its parameters as `.key`, spelled `{name}` — and builds
/// a link — its parameters as values — so a path is written once: controllers register with
/// ``SiteURL/route``, and pages get their links as data built with ``SiteURL/path`` instead of
/// templates spelling `/tasks/{{id}}/…`.
enum SiteURL: Sendable {
    case tasks
    case newTask
    case task(Parameter, TaskPage)
    case publicTasks
    case publicTask(Parameter, PublicTaskPage)

    /// A path parameter: `.key` when registering the route, a value when linking.
    enum Parameter: Sendable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
        case key
        case value(String)

        init(stringLiteral value: String) { self = .value(value) }
        init(integerLiteral value: Int) { self = .value(String(value)) }
        init(_ value: Int) { self = .value(String(value)) }
        init(_ value: String) { self = .value(value) }

        /// `{name}` for a route, the value percent-encoded as one path segment for a link.
        func segment(_ name: String) -> String {
            switch self {
            case .key: "{\(name)}"
            case let .value(text): text.addingPercentEncoding(withAllowedCharacters: Self.segmentCharacters) ?? text
            }
        }

        private static let segmentCharacters = CharacterSet.urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))
    }

    /// The pages and actions under `/tasks/{id}`. The parameter names are the ones the handlers
    /// read (`code` for a department's task steps, `dept` for its group report and results).
    enum TaskPage: Sendable {
        case overview, edit, delete, cancel, publish, draw, match, start, complete, archive
        case record
        case frozenList(TaskSnapshotKind)
        case confirm(department: Parameter, enterprise: Parameter)
        case reject(department: Parameter, enterprise: Parameter)
        case confirmAll(department: Parameter)
        case inspectorCount(department: Parameter)
        case drawInspectors(department: Parameter)
        case rejectInspector(department: Parameter, inspector: Parameter)
        case experts(department: Parameter, team: Parameter)
        case removeExpert(department: Parameter, team: Parameter, expert: Parameter)
        case forms
        /// Every 一企一表 in scope (or one department's) as one printable document, and its page CSS.
        case printForms, printFormsCSS
        case form(enterprise: Parameter)
        case groups
        case group(department: Parameter)
        case groupWorkbook(department: Parameter)
        case submitGroup(department: Parameter)
        case result(enterprise: Parameter, department: Parameter)
        case approveResult(enterprise: Parameter, department: Parameter)
        case correctResult(enterprise: Parameter, department: Parameter)
        case evidence(enterprise: Parameter, department: Parameter)
        case evidenceFile(enterprise: Parameter, department: Parameter, file: Parameter)
        case evidenceWithdraw(enterprise: Parameter, department: Parameter, file: Parameter)
        case dispositions
        /// 约定时间: the task's visit plan, and proposing/accepting one enterprise's visit.
        case visits
        /// 工作总结 per department, their attachments, and the office's closing report.
        case summaries
        case summary(department: Parameter)
        case submitSummary(department: Parameter)
        case summaryFiles(department: Parameter)
        case summaryFile(Parameter)
        case report
        case proposeVisit(enterprise: Parameter)
        case acceptVisit(enterprise: Parameter, visit: Parameter)
        case disposition(Parameter)

        var suffix: String {
            switch self {
            case .overview: ""
            case .edit: "/edit"
            case .delete: "/delete"
            case .cancel: "/cancel"
            case .publish: "/publish"
            case .draw: "/draw"
            case .match: "/match"
            case .start: "/start"
            case .complete: "/complete"
            case .archive: "/archive"
            case .record: "/record.json"
            case let .frozenList(kind): "/\(kind.fileName)"
            case let .confirm(d, e): "/departments/\(d.segment("code"))/dispatches/\(e.segment("uscc"))/confirm"
            case let .reject(d, e): "/departments/\(d.segment("code"))/dispatches/\(e.segment("uscc"))/reject"
            case let .confirmAll(d): "/departments/\(d.segment("code"))/confirm-all"
            case let .inspectorCount(d): "/departments/\(d.segment("code"))/inspector-count"
            case let .drawInspectors(d): "/departments/\(d.segment("code"))/draw-inspectors"
            case let .rejectInspector(d, i): "/departments/\(d.segment("code"))/inspectors/\(i.segment("inspector"))/reject"
            case let .experts(d, t): "/departments/\(d.segment("code"))/teams/\(t.segment("team"))/experts"
            case let .removeExpert(d, t, x): "/departments/\(d.segment("code"))/teams/\(t.segment("team"))/experts/\(x.segment("expert"))/remove"
            case .forms: "/forms"
            case .printForms: "/print-forms"
            case .printFormsCSS: "/print-forms.css"
            case let .form(e): "/forms/\(e.segment("uscc"))"
            case .groups: "/groups"
            case let .group(d): "/groups/\(d.segment("dept"))"
            case let .groupWorkbook(d): "/groups/\(d.segment("dept"))/export.xlsx"
            case let .submitGroup(d): "/groups/\(d.segment("dept"))/submit"
            case let .result(e, d): "/forms/\(e.segment("uscc"))/results/\(d.segment("dept"))"
            case let .approveResult(e, d): "/forms/\(e.segment("uscc"))/results/\(d.segment("dept"))/approve"
            case let .correctResult(e, d): "/forms/\(e.segment("uscc"))/results/\(d.segment("dept"))/correct"
            case let .evidence(e, d): "/forms/\(e.segment("uscc"))/results/\(d.segment("dept"))/evidence"
            case let .evidenceFile(e, d, f): "/forms/\(e.segment("uscc"))/results/\(d.segment("dept"))/evidence/\(f.segment("file"))"
            case let .evidenceWithdraw(e, d, f): "/forms/\(e.segment("uscc"))/results/\(d.segment("dept"))/evidence/\(f.segment("file"))/withdraw"
            case .dispositions: "/dispositions"
            case .visits: "/visits"
            case .summaries: "/summaries"
            case let .summary(d): "/summaries/\(d.segment("code"))"
            case let .submitSummary(d): "/summaries/\(d.segment("code"))/submit"
            case let .summaryFiles(d): "/summaries/\(d.segment("code"))/files"
            case let .summaryFile(f): "/summaries/files/\(f.segment("file"))"
            case .report: "/report"
            case let .proposeVisit(e): "/forms/\(e.segment("uscc"))/visits"
            case let .acceptVisit(e, v): "/forms/\(e.segment("uscc"))/visits/\(v.segment("visit"))/accept"
            case let .disposition(n): "/dispositions/\(n.segment("did"))"
            }
        }
    }

    /// The public notice of a task and its files.
    enum PublicTaskPage: Sendable {
        case notice, record
        case frozenList(TaskSnapshotKind)

        var suffix: String {
            switch self {
            case .notice: ""
            case .record: "/record.json"
            case let .frozenList(kind): "/\(kind.fileName)"
            }
        }
    }

    /// The path: a link when every parameter is a value, a route pattern when they are `.key`.
    var path: String {
        switch self {
        case .tasks: "/tasks"
        case .newTask: "/tasks/new"
        case let .task(id, page): "/tasks/\(id.segment("id"))\(page.suffix)"
        case .publicTasks: "/public/tasks"
        case let .publicTask(id, page): "/public/tasks/\(id.segment("id"))\(page.suffix)"
        }
    }

    /// The route pattern (for `SecuredRoutes`); the same as ``path`` with `.key` parameters.
    var route: String { path }

    /// A task page of task `id`, for links.
    static func task(_ id: Int, _ page: TaskPage = .overview) -> SiteURL { .task(Parameter(id), page) }
}
