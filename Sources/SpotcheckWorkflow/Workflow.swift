import FluentKit
import Foundation
import SpotcheckCore
import SpotcheckStore

/// The use cases of the product: one typed function per action, taking the acting `Principal`.
/// Each owns its access rule (`AccessPolicy`), its state predicate, its transaction and its audit
/// event (the last two through the store). Pages, the API and the CLI decode their input, call
/// one of these, and render; none of them reaches the database or decides access itself.
public struct Workflow: Sendable {
    public let store: StoreDatabase
    /// Where "now" comes from; tests fix it.
    public let clock: WorkClock
    /// A fixed working-day calendar (tests), or nil for the built-in notices plus the office's
    /// stored entries.
    public let calendar: WorkingDayCalendar?
    /// Which webhook hosts the operator allowed despite the internal-network rule (issue 17).
    public let webhooks: WebhookPolicy

    public init(store: StoreDatabase, clock: WorkClock = .system, calendar: WorkingDayCalendar? = nil,
                webhooks: WebhookPolicy = .fromEnvironment()) {
        self.store = store
        self.clock = clock
        self.calendar = calendar
        self.webhooks = webhooks
    }

    var db: any Database { store.db }
    var tasks: TaskStore { TaskStore(db: db, calendar: calendar, clock: clock) }

    /// Today in China Standard Time by the workflow's clock.
    public var today: CivilDate { clock.today }

    /// Text made safe inside a download's file name: characters file systems refuse become `_`
    /// (a 文号 keeps its 〔〕 and Chinese).
    public static func fileNamePart(_ text: String) -> String {
        let refused = Set("/\\:*?\"<>|")
        return String(text.map { refused.contains($0) || $0.isNewline ? "_" : $0 }).trimmingCharacters(in: .whitespaces)
    }

    /// How the audit log names the acting person.
    static func actor(_ principal: Principal) -> AuditLog.Actor { AuditLog.Actor(principal.username) }
}

extension Principal {
    /// The server's operator at the command line (`spotcheck task …`): acts with the office's
    /// rights, and the audit log names the command line and the `--actor` given.
    public static func commandLine(actor: String) -> Principal {
        let name = actor.hasPrefix("cli") ? actor : "cli:\(actor)"
        return Principal(userID: UUID(uuidString: "00000000-0000-0000-0000-000000000000")!, username: name, displayName: "命令行（\(actor)）",
                         role: .officeAdmin, departmentID: UUID(uuidString: "00000000-0000-0000-0000-000000000000")!,
                         departmentCode: "", departmentName: "服务器操作员")
    }
}
