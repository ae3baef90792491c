import Foundation
import Hummingbird
import Prometheus
import SpotcheckCore
import SpotcheckStore
import SpotcheckWorkflow

/// The shared services every controller receives.
struct WebEnvironment: Sendable {
    let store: StoreDatabase
    let views: ViewRenderer
    let configuration: WebConfiguration
    let loginLimiter: LoginRateLimiter
    let loginCounter: Counter
    let loginFailureCounter: Counter
    /// Anonymous public pages rendered once per version of what they show (`PublicPageCache`).
    let publicPages = PublicPageCache()

    /// The use cases, on the same store and with the configured clock.
    var workflow: Workflow { Workflow(store: store, clock: configuration.clock, webhooks: configuration.webhooks) }
    /// Today in China Standard Time by the configured clock (fixed in tests).
    var today: CivilDate { configuration.clock.today }
}



/// Page number from `?page=`: absent means 1; anything but a whole number in bounds is a 400.
func pageNumber(_ request: Request) throws -> Int {
    try ListPage(parsing: request.uri.queryParameters.get("page"), size: 1).number
}

/// Previous/next links for list pages.
func pagination(page: Int, perPage: Int, total: Int, base: String) -> [String: Any] {
    let pages = ListPage.pageCount(total: total, size: perPage)
    let separator = base.contains("?") ? "&" : "?"
    var data: [String: Any] = ["page": page, "pages": pages, "total": total]
    if page > 1 { data["prev"] = "\(base)\(separator)page=\(page - 1)" }
    if page < pages { data["next"] = "\(base)\(separator)page=\(page + 1)" }
    return data
}
