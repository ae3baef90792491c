import FluentKit
import SQLKit
import SpotcheckCore
import SpotcheckStore
import SpotcheckTestSupport
import Testing

@Suite("Audit log hash chain")
struct AuditLogTests {
    func seedEvents(_ store: StoreDatabase) async throws {
        let departments = DepartmentRepository(db: store.db)
        _ = try await departments.create(code: "a", name: "甲", kind: .department, actor: .init("t"))
        _ = try await departments.update(code: "a", name: "甲局", kind: nil, actor: .init("t"))
        _ = try await departments.create(code: "b", name: "乙", kind: .department, actor: .init("t"))
        try await departments.delete(code: "b", actor: .init("t"))
    }

    @Test("events link to their predecessor", arguments: TestDatabase.available)
    func chainLinks(database: TestDatabase) async throws {
        try await database.withStore { store in
            try await seedEvents(store)
            let events = try await AuditEventModel.query(on: store.db).sort(\.$id).all()
            #expect(events.map(\.id) == [1, 2, 3, 4])
            #expect(events[0].previousHash == AuditChain.genesisHash)
            for index in 1..<events.count { #expect(events[index].previousHash == events[index - 1].hash) }
            #expect(events[1].beforeJSON?.contains("甲") == true)
            #expect(events[1].afterJSON?.contains("甲局") == true)
            #expect(try await AuditLog.verify(on: store.db).isIntact)
        }
    }

    @Test("editing a stored event is detected at that event", arguments: TestDatabase.available)
    func tamperedContent(database: TestDatabase) async throws {
        try await database.withStore { store in
            try await seedEvents(store)
            _ = try await store.sql.raw("UPDATE audit_events SET actor = 'mallory' WHERE seq = 2").all()
            let report = try await AuditLog.verify(on: store.db)
            #expect(report.firstBreak == .hashMismatch(sequence: 2))
            #expect(report.checked == 1)
        }
    }

    @Test("deleting an event is detected as a gap", arguments: TestDatabase.available)
    func deletedEvent(database: TestDatabase) async throws {
        try await database.withStore { store in
            try await seedEvents(store)
            _ = try await store.sql.raw("DELETE FROM audit_events WHERE seq = 3").all()
            #expect(try await AuditLog.verify(on: store.db).firstBreak == .sequenceGap(expected: 3, found: 4))
        }
    }

    @Test("recomputing a tampered hash still breaks the next link", arguments: TestDatabase.available)
    func rehashedEvent(database: TestDatabase) async throws {
        try await database.withStore { store in
            try await seedEvents(store)
            _ = try await store.sql.raw("UPDATE audit_events SET hash = 'ffff' WHERE seq = 2").all()
            let report = try await AuditLog.verify(on: store.db)
            #expect(report.firstBreak == .hashMismatch(sequence: 2))
        }
    }
}
