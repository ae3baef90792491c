import Foundation
import SpotcheckStore

extension Workflow {
    /// The names to show for stored actors (`swj-01`, `inspector:130534200027`, `cli:…`), so
    /// pages name people as a clerk writes them; unknown actors map to themselves.
    public func peopleNames(_ actors: some Collection<String>) async throws -> [String: String] {
        let found = try await PeopleNames(db: db).names(of: actors)
        return Dictionary(actors.map { ($0, found[$0] ?? $0) }, uniquingKeysWith: { a, _ in a })
    }
}
