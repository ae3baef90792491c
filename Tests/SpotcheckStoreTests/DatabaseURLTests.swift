import SpotcheckStore
import Testing

@Suite("Database URL")
struct DatabaseURLTests {
    @Test func parsesSQLiteAndPostgres() throws {
        #expect(try DatabaseURL(parsing: "sqlite:///var/lib/x.sqlite") == .sqlite(path: "/var/lib/x.sqlite"))
        #expect(try DatabaseURL(parsing: "sqlite://data/x.sqlite") == .sqlite(path: "data/x.sqlite"))
        #expect(try DatabaseURL(parsing: "postgres://u:p@127.0.0.1:5432/db") == .postgres(url: "postgres://u:p@127.0.0.1:5432/db"))
        #expect(throws: DatabaseURL.ParseError.self) { try DatabaseURL(parsing: "mysql://x") }
        #expect(try DatabaseURL.resolve(flag: nil, environment: [:]) == .sqlite(path: "./spotcheck.sqlite"))
        #expect(try DatabaseURL.resolve(flag: nil, environment: ["SPOTCHECK_DATABASE_URL": "sqlite:///tmp/a.sqlite"]) == .sqlite(path: "/tmp/a.sqlite"))
        #expect(try DatabaseURL.resolve(flag: "sqlite:///tmp/b.sqlite", environment: ["SPOTCHECK_DATABASE_URL": "sqlite:///tmp/a.sqlite"]) == .sqlite(path: "/tmp/b.sqlite"))
    }

    @Test func neverPrintsThePassword() throws {
        let url = try DatabaseURL(parsing: "postgres://admin:s3cret@db:5432/spot")
        #expect(!url.description.contains("s3cret"))
    }
}
