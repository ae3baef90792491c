import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import SQLKit
import SpotcheckCore

/// The facts of one 存续 enterprise a task's scope needs, as stored (tags as their joined text).
struct ActiveEnterpriseFacts: Sendable {
    var uscc: String
    var riskClass: String
    var regionCode: String
    var tags: String
}

/// Reads every 存续 enterprise of the directory (optionally only a region prefix) once, in
/// storage order, handing each row to `body` as it arrives.
///
/// Why not SQLKit's `run { row in }`: publication reads the whole directory (a million rows in a
/// province) and the generic path costs more than everything else the draw does — SQLiteNIO's
/// generic streaming schedules one event-loop task per row, and SQLKit decodes every value
/// through `Decodable` by column name. Here SQLite rows are read on the database's own thread
/// and PostgreSQL rows are decoded by position with PostgresNIO's typed decoding. Other drivers
/// take the generic path, which gives the same rows.
struct ActiveEnterpriseScan {
    let sql: any SQLDatabase

    func forEach(regionPrefix: String, _ body: @escaping @Sendable (ActiveEnterpriseFacts) -> Void) async throws {
        let active = EnterpriseStatus.active.rawValue
        if let sqlite = sql as? any SQLiteDatabase {
            var text = "SELECT uscc, risk_class, region_code, tags FROM enterprises WHERE status = ?1"
            var binds: [SQLiteData] = [.text(active)]
            if !regionPrefix.isEmpty {
                text += " AND substr(region_code, 1, ?2) = ?3"
                binds += [.integer(regionPrefix.count), .text(regionPrefix)]
            }
            let statement = text, values = binds
            try await sqlite.withConnection { connection in
                // The connection's own `query` runs the statement on SQLite's thread and calls
                // `body` there, row by row.
                try await connection.query(statement, values) { row in
                    guard case .text(let uscc)? = row.column("uscc"), case .text(let riskClass)? = row.column("risk_class"),
                          case .text(let region)? = row.column("region_code"), case .text(let tags)? = row.column("tags")
                    else { return }
                    body(ActiveEnterpriseFacts(uscc: uscc, riskClass: riskClass, regionCode: region, tags: tags))
                }
            }
        } else if let postgres = sql as? any PostgresDatabase {
            var binds = PostgresBindings()
            binds.append(active)
            var text = "SELECT uscc, risk_class, region_code, tags FROM enterprises WHERE status = $1"
            if !regionPrefix.isEmpty {
                text += " AND starts_with(region_code, $2)"
                binds.append(regionPrefix)
            }
            let connection = try await postgres.withConnection { $0.eventLoop.makeSucceededFuture($0) }.get()
            let rows = try await connection.query(PostgresQuery(unsafeSQL: text, binds: binds), logger: sql.logger)
            for try await (uscc, riskClass, region, tags) in rows.decode((String, String, String, String).self) {
                body(ActiveEnterpriseFacts(uscc: uscc, riskClass: riskClass, regionCode: region, tags: tags))
            }
        } else {
            var query = sql.select().columns("uscc", "risk_class", "region_code", "tags").from("enterprises")
                .where("status", .equal, active)
            if !regionPrefix.isEmpty { query = query.where("region_code", .like, regionPrefix + "%") }
            try await query.run { row in
                guard let uscc = try? row.decode(column: "uscc", as: String.self),
                      let riskClass = try? row.decode(column: "risk_class", as: String.self),
                      let region = try? row.decode(column: "region_code", as: String.self),
                      let tags = try? row.decode(column: "tags", as: String.self) else { return }
                body(ActiveEnterpriseFacts(uscc: uscc, riskClass: riskClass, regionCode: region, tags: tags))
            }
        }
    }
}
