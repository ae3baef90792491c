import Foundation
import HummingbirdTesting
import SpotcheckStore
import SpotcheckTestSupport
import Testing

/// Every link and form a person can reach by clicking, from each role's dashboard over the demo
/// task: no page answers 5xx or 404, and no page renders an empty `href`/`action` (what a link
/// built from ``SiteURL`` data would render if a page forgot to pass it).
@Suite("Links: every page reached by clicking resolves")
struct LinkCrawlTests {
    @Test("each role's pages, crawled from the dashboard", arguments: ["office", "yjj-admin", "scjg-01", "auditor"])
    func crawl(username: String) async throws {
        try await withDemoApp(.sqlite) { client, _ in
            var web = WebSession(client: client)
            #expect(try await web.login(username).status == .seeOther)
            var queue = ["/dashboard"], seen = Set(queue), visited = 0
            // Sample a few rows of each long list rather than every enterprise of the demo.
            var perPattern: [String: Int] = [:]
            while let path = queue.first, visited < 160 {
                queue.removeFirst()
                visited += 1
                let response = try await web.get(path)
                let status = response.status.code
                #expect(status < 500 && status != 404, "\(username): GET \(path) → \(status)")
                if status == 403 { continue }  // a stage page this role may not open
                guard status == 200, response.headers[.contentType]?.hasPrefix("text/html") == true else { continue }
                let html = String(buffer: response.body)
                #expect(!html.contains(#"href="""#), "\(username): \(path) has an empty link")
                #expect(!html.contains(#"action="""#), "\(username): \(path) has a form without an action")
                for link in Self.links(in: html) where !seen.contains(link) {
                    seen.insert(link)
                    let pattern = link.replacingOccurrences(of: #"[0-9A-Z]{18}|\d+"#, with: "#", options: .regularExpression)
                    perPattern[pattern, default: 0] += 1
                    if perPattern[pattern]! <= 3 { queue.append(link) }
                }
            }
            #expect(visited > 10, "\(username) reached only \(visited) pages")
            // The task hub links the stages of the matched demo task: nobody needs to type their URLs.
            let stages = username == "scjg-01" ? ["/tasks/1/forms"] : ["/tasks/1/forms", "/tasks/1/dispositions", "/stats"]
            for stage in stages { #expect(seen.contains(stage), "\(username) cannot reach \(stage) by clicking") }
            if username == "office" || username == "auditor" { #expect(seen.contains("/tasks/1/groups")) }
        }
    }

    /// Internal page links (not downloads, logout or static files).
    static func links(in html: String) -> [String] {
        let regex = try! NSRegularExpression(pattern: ##"href="(/[^"#?]*)""##)
        return regex.matches(in: html, range: NSRange(html.startIndex..., in: html)).compactMap { match in
            Range(match.range(at: 1), in: html).map { String(html[$0]) }
        }.filter { link in
            !link.hasPrefix("/static/") && !link.hasSuffix(".csv") && !link.hasSuffix(".xlsx") && !link.hasSuffix(".json")
                && link != "/logout" && !link.contains("/evidence/")
        }
    }
}
