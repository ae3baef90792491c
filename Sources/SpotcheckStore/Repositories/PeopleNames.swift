import FluentKit
import Foundation
import SQLKit

/// The names of the people the records name by account (issue 15 item 11): results, dispositions
/// and the audit log store who acted as a username (`swj-01`), an inspector's code for results
/// entered on an inspector's behalf (`inspector:130534200027`) or the command line (`cli:…`).
/// Pages show a clerk the person's name instead; the stored value is kept (the audit chain covers it).
public struct PeopleNames: Sendable {
    let db: any Database

    public init(db: any Database) { self.db = db }

    /// Each stored actor mapped to the name to show; an actor that matches nobody is absent.
    public func names(of actors: some Collection<String>) async throws -> [String: String] {
        let sql = db as! any SQLDatabase
        let all = Set(actors.filter { !$0.isEmpty })
        var names: [String: String] = [:]
        let inspectorPrefix = "inspector:"
        let codes = all.filter { $0.hasPrefix(inspectorPrefix) }.map { String($0.dropFirst(inspectorPrefix.count)) }
        let usernames = all.filter { !$0.contains(":") }
        for chunk in BindChunks.of(usernames) {
            for row in try await sql.select().columns("username", "display_name").from("users").where("username", .in, chunk).all() {
                names[try row.decode(column: "username", as: String.self)] = try row.decode(column: "display_name", as: String.self)
            }
        }
        for chunk in BindChunks.of(codes) {
            for row in try await sql.select().columns("code", "name").from("inspectors").where("code", .in, chunk).all() {
                names[inspectorPrefix + (try row.decode(column: "code", as: String.self))] = try row.decode(column: "name", as: String.self)
            }
        }
        for actor in all where actor.hasPrefix("cli:") || actor == "cli" {
            let who = actor.dropFirst(4)
            names[actor] = who.isEmpty ? "命令行" : "命令行（\(who)）"
        }
        for actor in all where actor == "system" || actor == "demo" {
            names[actor] = actor == "demo" ? "演示数据" : "系统"
        }
        return names
    }

    /// Which of these inspectors (by code) have a login of their own; the others' results are
    /// entered by their department's admin.
    public func inspectorsWithLogin(_ codes: some Collection<String>) async throws -> Set<String> {
        let sql = db as! any SQLDatabase
        var found = Set<String>()
        for chunk in BindChunks.of(codes) {
            for row in try await sql.select().column("inspector_code").from("users").where("inspector_code", .in, chunk).all() {
                if let code = try row.decode(column: "inspector_code", as: String?.self) { found.insert(code) }
            }
        }
        return found
    }

    /// One actor's name, or the stored value when it matches nobody.
    public func name(of actor: String) async throws -> String {
        try await names(of: [actor])[actor] ?? actor
    }
}
