import FluentKit
import Foundation
import SQLKit
import SpotcheckCore
import SpotcheckStore
import SpotcheckTestSupport
import Testing

/// The reads behind the public pages (issue 13 item 8): a task's notice without its draw record,
/// its drawn list a page at a time in SQL with search, and the public results search paged in SQL.
@Suite("Public pages' store reads")
struct PublicPagesStoreTests {
    static let office = AuditLog.Actor("office")

    @Test("a large task's notice reads no record; its drawn list pages in code order and searches by name and code",
          arguments: TestDatabase.available)
    func drawnListPages(database: TestDatabase) async throws {
        try await database.withStore { store in
            try await DemoSeed.seed(on: store.db, passwords: store.passwords, directory: false)
            let drawn = try await DemoSeed.seedLargeTask(on: store.db, enterprises: 600, documentNumber: "PAGED-1")
            let tasks = TaskStore(db: store.db)
            let all = try await tasks.dispatches(drawn.id).filter(\.active).map(\.uscc).sorted(by: { $0.utf8Precedes($1) })
            #expect(all.count > PublicTasks.pageSize)

            let publicTasks = PublicTasks(db: store.db)
            let notice = try #require(try await publicTasks.notice(String(drawn.id)))
            #expect(notice.task.recordJSON == nil, "the notice never reads the multi-megabyte record")
            #expect(notice.secret == nil && notice.seed == nil, "not revealed before matching")
            #expect(notice.drawnCount == all.count)
            #expect(try await publicTasks.notice("PAGED-1")?.task.id == drawn.id, "found by 文号 too")

            let first = try await publicTasks.selections(of: notice, page: ListPage(number: 1, size: PublicTasks.pageSize))
            let second = try await publicTasks.selections(of: notice, page: ListPage(number: 2, size: PublicTasks.pageSize))
            #expect(first.total == all.count && second.total == all.count)
            #expect(first.rows.map(\.uscc) == Array(all.prefix(PublicTasks.pageSize)))
            #expect(second.rows.map(\.uscc) == Array(all.dropFirst(PublicTasks.pageSize).prefix(PublicTasks.pageSize)))
            #expect(first.rows.first?.name.hasPrefix("清河县基准企业") == true && first.rows.first?.departments == ["yjj"])

            // By the whole name, by the whole code (lower case typed), by a part of the code.
            let target = second.rows[3]
            let byName = try await publicTasks.selections(of: notice, search: target.name, page: ListPage(number: 1, size: 100))
            #expect(byName.rows == [target] && byName.total == 1)
            let byCode = try await publicTasks.selections(of: notice, search: " " + target.uscc.lowercased(), page: ListPage(number: 1, size: 100))
            #expect(byCode.rows == [target] && byCode.total == 1)
            let byPart = try await publicTasks.selections(of: notice, search: String(target.uscc.dropFirst(8).prefix(9)), page: ListPage(number: 1, size: 100))
            #expect(byPart.rows.map(\.uscc).contains(target.uscc))
            // Search text is literal: `_` and `%` are not wildcards (no name or code holds them).
            for text in ["_", "%", "基准企业_", "!"] {
                #expect(try await publicTasks.selections(of: notice, search: text, page: ListPage(number: 1, size: 100)).total == 0, "\(text)")
            }
            // A name part shared by several pages of results is counted in SQL and paged.
            let common = try await publicTasks.selections(of: notice, search: "基准企业", page: ListPage(number: 2, size: 10))
            #expect(common.total == all.count && common.rows.map(\.uscc) == Array(all.dropFirst(10).prefix(10)))

            // A rejection: the returned enterprise leaves the list, its replacement joins, and
            // the count stays the draw's quota (one for one), which is what the page shows.
            let returned = first.rows[0].uscc
            let replacement = try await tasks.reject(String(drawn.id), uscc: returned, department: "yjj", reason: "已注销",
                                                     actor: AuditLog.Actor("yjj-admin"), today: CivilDate("2026-01-05")!)
            let after = try #require(try await publicTasks.notice(String(drawn.id)))
            let active = try await tasks.dispatches(drawn.id).filter(\.active).map(\.uscc).sorted(by: { $0.utf8Precedes($1) })
            #expect(after.drawnCount == active.count)
            let rows = try await publicTasks.selections(of: after, page: ListPage(number: 1, size: 1_000)).rows
            #expect(rows.map(\.uscc) == active && !rows.contains { $0.uscc == returned })
            #expect(rows.first { $0.uscc == replacement }?.originLabel == "补抽")
            #expect(try await publicTasks.rejected(of: after).map(\.uscc) == [returned])
        }
    }

    @Test("the notice reveals the secret and seed after matching, and lists only public tasks a page at a time",
          arguments: TestDatabase.available)
    func revealAndList(database: TestDatabase) async throws {
        try await database.withStore { store in
            try await DemoSeed.seed(on: store.db, passwords: store.passwords)
            let tasks = TaskStore(db: store.db)
            let matched = try await tasks.require(DemoSeed.qingheDocumentNumber)
            let record = try #require(try matched.publicRecord)
            let notice = try #require(try await PublicTasks(db: store.db).notice(String(matched.id)))
            #expect(notice.secret == record.secret && notice.seed == record.seed && !record.secret.isEmpty)
            #expect(notice.drawnCount == record.objects.reduce(0) { $0 + $1.k })

            var plan = DemoSeed.qinghePlan
            plan.documentNumber = "DRAFT-1"
            let draft = try await tasks.create(plan, actor: Self.office)
            #expect(try await PublicTasks(db: store.db).notice(String(draft.id)) == nil, "a draft is not public")
            let (listed, total) = try await PublicTasks(db: store.db).list(page: ListPage(number: 1, size: 20))
            #expect(listed.map(\.id) == [matched.id] && total == 1)
            #expect(listed.allSatisfy { $0.recordJSON == nil })
            #expect(try await PublicTasks(db: store.db).list(page: ListPage(number: 2, size: 20)).tasks.isEmpty)
        }
    }

    @Test("the public results search pages in SQL, newest first, by name and by code", arguments: TestDatabase.available)
    func resultsSearch(database: TestDatabase) async throws {
        try await database.withStore { store in
            try await DemoSeed.seed(on: store.db, passwords: store.passwords, results: true)
            let results = PublicResults(db: store.db)
            let everything = try await results.entries()
            #expect(everything.count > 40)
            #expect(zip(everything, everything.dropFirst()).allSatisfy { $0.publishedAt >= $1.publishedAt }, "newest first")

            let second = try await results.search(page: ListPage(number: 2, size: 20))
            #expect(second.total == everything.count)
            #expect(second.entries == Array(everything[20..<40]), "the page is the feed's rows 21–40, items included")
            let beyond = try await results.search(page: ListPage(number: 1_000, size: 20))
            #expect(beyond.entries.isEmpty && beyond.total == everything.count)

            let target = everything[25]
            let byCode = try await results.search(text: target.uscc.lowercased(), page: ListPage(number: 1, size: 20))
            #expect(byCode.entries == everything.filter { $0.uscc == target.uscc } && byCode.total == byCode.entries.count)
            let byName = try await results.search(text: target.enterpriseName, page: ListPage(number: 1, size: 20))
            #expect(byName.entries.contains(target) && byName.entries.allSatisfy { $0.enterpriseName.contains(target.enterpriseName) })
            let county = try await results.search(text: "清河", page: ListPage(number: 2, size: 5))
            let allCounty = everything.filter { $0.enterpriseName.contains("清河") || $0.uscc.contains("清河") }
            #expect(county.total == allCounty.count && county.entries == Array(allCounty.dropFirst(5).prefix(5)))
            #expect(try await results.search(text: "_", page: ListPage(number: 1, size: 20)).total == 0, "`_` is literal")
        }
    }

    @Test("the results page is read off the index of migration 0014, without sorting every published result")
    func resultsIndex() async throws {
        try await TestDatabase.sqlite.withStore { store in
            let plan = try await store.sql.raw("""
                EXPLAIN QUERY PLAN SELECT r.uscc FROM inspection_results r WHERE r.status = \(bind: InspectionResult.Status.approved.rawValue)
                ORDER BY r.approved_at DESC, r.uscc, r.task_id, r.department_code LIMIT 20 OFFSET 20
                """).all().map { try $0.decode(column: "detail", as: String.self) }.joined(separator: "\n")
            #expect(plan.contains("inspection_results_published"), "\(plan)")
            #expect(!plan.contains("TEMP B-TREE"), "no sort: \(plan)")
        }
    }
}
