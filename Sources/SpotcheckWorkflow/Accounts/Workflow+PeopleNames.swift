import Foundation
import SpotcheckStore

extension Workflow {
    /// The names to show for stored actors (`swj-01`, `inspector:130534200027`, `cli:…`), so
    /// pages name people as a clerk writes them; unknown actors map to themselves.
    public func peopleNames(_ actors: some Collection<String>) async throws -> [String: String] {
        let found = try await PeopleNames(db: db).names(of: actors)
        return Dictionary(actors.map { ($0, found[$0] ?? $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// The members of the department's team for this result who have no login: their admin
    /// enters the result for them, and the page says so (issue 15 "defaults that cannot lie").
    public func membersWithoutLogin(_ access: ResultAccess) async throws -> [String] {
        let members = access.form.team.filter { $0.department == access.department && !$0.isExpert }
        let withLogin = try await PeopleNames(db: db).inspectorsWithLogin(members.map(\.code))
        return members.filter { !withLogin.contains($0.code) }.map(\.name)
    }
}
