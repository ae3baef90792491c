import FluentKit
import Foundation
import SQLKit
import SpotcheckCore

/// Sizes of the three lists for dashboards: counted in the database (GROUP BY) rather than by
/// loading rows, because the directory may hold a province's million enterprises.
public struct DirectoryCounts: Sendable, Equatable {
    public struct Department: Sendable, Equatable {
        public var inspectors = 0
        /// 在岗 officers and experts: who could be drawn, certificate dates aside.
        public var onDuty = 0
        public var items = 0
        public var conflicts = 0
        public init() {}
    }

    public var enterprises = 0
    public var activeEnterprises = 0
    public var byDepartment: [String: Department] = [:]

    public static func load(on db: any Database) async throws -> DirectoryCounts {
        let sql = db as! any SQLDatabase
        var counts = DirectoryCounts()
        for row in try await sql.select().column("status").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from("enterprises").groupBy("status").all() {
            let n = try row.decode(column: "n", as: Int.self)
            counts.enterprises += n
            if try row.decode(column: "status", as: String.self) == EnterpriseStatus.active.rawValue { counts.activeEnterprises += n }
        }
        for row in try await sql.select().column("department_code").column("status").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from("inspectors").groupBy("department_code").groupBy("status").all() {
            let code = try row.decode(column: "department_code", as: String.self)
            let n = try row.decode(column: "n", as: Int.self)
            counts.byDepartment[code, default: Department()].inspectors += n
            if try row.decode(column: "status", as: String.self) == InspectorStatus.onDuty.rawValue { counts.byDepartment[code, default: Department()].onDuty += n }
        }
        for row in try await sql.select().column("department_code").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from("inspection_items").groupBy("department_code").all() {
            counts.byDepartment[try row.decode(column: "department_code", as: String.self), default: Department()].items += try row.decode(column: "n", as: Int.self)
        }
        for row in try await sql.select().column(SQLColumn("department_code", table: "inspectors")).column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from("conflicts").join("inspectors", on: SQLColumn("code", table: "inspectors"), .equal, SQLColumn("inspector_code", table: "conflicts"))
            .groupBy(SQLColumn("department_code", table: "inspectors")).all() {
            counts.byDepartment[try row.decode(column: "department_code", as: String.self), default: Department()].conflicts += try row.decode(column: "n", as: Int.self)
        }
        return counts
    }
}
