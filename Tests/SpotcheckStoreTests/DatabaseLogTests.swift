import Foundation
import Logging
import SpotcheckStore
import SpotcheckTestSupport
import Testing

/// SQL and driver output never carries a secret into the log, even at trace level (issue 13
/// item 4): bound values include session CSRF tokens and password hashes.
@Suite("Database logging")
struct DatabaseLogTests {
    @Test("a session's CSRF token and a password hash never appear in a trace-level log", arguments: TestDatabase.available)
    func noSecretsInTraceLog(database: TestDatabase) async throws {
        try await database.withStore { store in
            try await DemoSeed.seed(on: store.db, passwords: store.passwords, directory: false, task: false)
            let capture = CapturedLog()
            let traced = try await StoreDatabase.open(store.url, logger: capture.logger(), postgresSchema: store.postgresSchema)
            do {
                let user = try #require(try await UserRepository(db: traced.db, passwords: traced.passwords).find(username: "office"))
                let session = try await SessionRepository(db: traced.db).start(for: user)
                _ = try await SessionRepository(db: traced.db).resolve(token: session.token)
                let text = capture.text
                #expect(!text.contains(session.csrfToken), "the session's CSRF token was logged")
                #expect(!text.contains(session.token))
                #expect(!text.contains(user.passwordHash))
            } catch {
                await traced.shutdown()
                throw error
            }
            await traced.shutdown()
        }
    }
}
