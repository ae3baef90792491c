import Foundation
import HummingbirdTesting
import SpotcheckCore
import SpotcheckStore
import SpotcheckTestSupport
import SpotcheckWeb
import Testing

/// Search boxes forgive how people type (issue 15 item 7): a GET form's `+` is a space, spaces
/// around and between words do not matter, words match in any order, a code in any case.
@Suite("Search that forgives")
struct ForgivingSearchTests {
    static func encoded(_ text: String) -> String {
        // As a browser's GET form sends it: spaces as "+".
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: " ")))!
            .replacingOccurrences(of: " ", with: "+")
    }

    @Test("public results: a code with a trailing space, in lower case, and a name typed with spaces", arguments: TestDatabase.available)
    func publicResults(database: TestDatabase) async throws {
        // The demo with its field results, some of them approved (published).
        try await database.withStore { store in
            try await DemoSeed.seed(on: store.db, passwords: store.passwords, results: true)
            let app = try await buildApplication(store: store, configuration: .init())
            try await app.test(.router) { client in try await Self.searchPublicResults(client, store) }
        }
    }

    static func searchPublicResults(_ client: any TestClientProtocol, _ store: StoreDatabase) async throws {
        do {
            let entry = try #require(try await PublicResults(db: store.db).search().entries.first)
            var web = WebSession(client: client)
            let name = Array(entry.enterpriseName)
            let spaced = String(name.prefix(2)) + " " + String(name.dropFirst(2))
            for typed in [entry.uscc + " ", " " + entry.uscc.lowercased(), spaced, "  " + spaced + "　"] {
                let page = try await web.get("/public/results?q=" + Self.encoded(typed))
                #expect(page.status == .ok)
                let html = String(buffer: page.body)
                #expect(html.contains(entry.uscc), "«\(typed)» finds nothing")
                #expect(!html.contains(#"value="\#(entry.uscc)+"#) && !html.contains("+\""), "the box shows a + for «\(typed)»")
            }
            // Words in the other order still find it; a word that is not in the name does not.
            let reversed = String(name.dropFirst(2)) + " " + String(name.prefix(2))
            #expect(String(buffer: try await web.get("/public/results?q=" + Self.encoded(reversed)).body).contains(entry.uscc))
            #expect(!String(buffer: try await web.get("/public/results?q=" + Self.encoded(spaced + " 不存在的字")).body).contains(entry.uscc))
        }
    }

    @Test("the directory search of the office forgives the same way", arguments: TestDatabase.available)
    func directory(database: TestDatabase) async throws {
        try await withDemoApp(database) { client, store in
            let record = try #require(try await EnterpriseDirectory(db: store.db).search(.init(), page: 1, perPage: 1).records.first)
            var web = WebSession(client: client)
            #expect(try await web.login("office").status == .seeOther)
            let name = Array(record.name)
            for typed in [record.uscc.lowercased() + " ", String(name.prefix(2)) + " " + String(name.dropFirst(2))] {
                let html = String(buffer: try await web.get("/enterprises?q=" + Self.encoded(typed)).body)
                #expect(html.contains(record.uscc), "«\(typed)» finds nothing in the directory")
            }
        }
    }
}
