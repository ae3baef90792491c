import Foundation
import Hummingbird
import Logging
import Prometheus
import ServiceLifecycle
import SpotcheckAPI
import SpotcheckStore

/// Builds the whole web application (pages, API, metrics) over an open store. Tests call this
/// with a temporary database; `spotcheck serve` calls it with the configured one. `routes`
/// receives every route with its access rule (the parity test reads it).
public func buildApplication(store: StoreDatabase, configuration: WebConfiguration,
                             routes table: RouteTable = RouteTable()) async throws -> some ApplicationProtocol {
    let views = try await ViewRenderer.load()
    let env = WebEnvironment(
        store: store, views: views, configuration: configuration,
        loginLimiter: LoginRateLimiter(trustForwardedFor: configuration.trustForwardedFor, passwordChecks: configuration.metrics.makeCounter(
            descriptor: .init(namespace: "spotcheck", metricName: "login_password_checks", unitName: "total", helpText: "Login attempts whose password was checked"))),
        loginCounter: configuration.metrics.makeCounter(descriptor: .init(namespace: "spotcheck", metricName: "logins", unitName: "total", helpText: "Successful logins")),
        loginFailureCounter: configuration.metrics.makeCounter(descriptor: .init(namespace: "spotcheck", metricName: "login_failures", unitName: "total", helpText: "Failed login attempts")))
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: RequestLogMiddleware())
    router.add(middleware: MetricsMiddleware())
    // Only what no group's route answers reaches this (the router's 404, a wrong API method).
    router.add(middleware: NoRouteMiddleware(views: views))

    // Each kind of caller is a group with its own middleware, outermost first. Errors are caught
    // outside the session lookup, so a failing database still yields a friendly answer; the body
    // cap is chosen before anything reads a body, by who is logged in.
    let pages = router.group()
        .add(middleware: ErrorMiddleware(views: views))
        .add(middleware: SessionMiddleware(workflow: env.workflow))
        .add(middleware: BodyLimitMiddleware())
        .add(middleware: InputGuardMiddleware())
        .add(middleware: CSRFMiddleware())
    // Programs (a metrics scraper): a bearer token as well as a session, GET only, no forms.
    let clients = router.group()
        .add(middleware: ErrorMiddleware(views: views))
        .add(middleware: SessionMiddleware(workflow: env.workflow, acceptsBearer: true))
        .add(middleware: BodyLimitMiddleware())
        .add(middleware: InputGuardMiddleware())
    // The API: bearer tokens only (never cookies, so no CSRF), problem+json errors.
    let api = router.group(RouterPath(APIAccess.basePath))
        .add(middleware: APIErrorMiddleware())
        .add(middleware: BearerTokenMiddleware(workflow: env.workflow))
        .add(middleware: BodyLimitMiddleware(api: true))
        .add(middleware: InputGuardMiddleware())

    let routes = SecuredRoutes(pages: pages, clients: clients, table: table)
    PublicController.register(routes, env, assets: try StaticAssets.load())
    MetricsController.register(routes, env)
    AuthController.register(routes, env)
    DashboardController.register(routes, env)
    DepartmentController.register(routes, env)
    UserController.register(routes, env)
    AccountController.register(routes, env)
    AuditController.register(routes, env)
    PublicItemController.register(routes, env)
    EnterpriseController.register(routes, env)
    InspectorController.register(routes, env)
    ConflictController.register(routes, env)
    ItemController.register(routes, env)
    ImportController.register(routes, env)
    CalendarController.register(routes, env)
    PlanController.register(routes, env)
    VisitController.register(routes, env)
    MessageController.register(routes, env)
    TipController.register(routes, env)
    SummaryController.register(routes, env)
    TaskController.register(routes, env)
    TaskActionController.register(routes, env)
    PublicTaskController.register(routes, env)
    InspectionFormController.register(routes, env)
    GroupReportController.register(routes, env)
    ResultController.register(routes, env)
    DispositionController.register(routes, env)
    PublicResultsController.register(routes, env)
    StatisticsController.register(routes, env)
    try APIRoutes.register(on: api, workflow: env.workflow, table: table)

    // Every line the server writes, whoever writes it, loses the request's secrets first.
    var logger = configuration.logger.redactingSecrets()
    logger[metadataKey: "component"] = "web"
    // The outbox's sender runs beside the server and stops with it (swift-service-lifecycle).
    let services: [any Service] = configuration.deliveries.map {
        [DeliveryService(workflow: env.workflow, queue: DeliveryQueue(db: store.db, clock: configuration.clock), settings: $0,
                         policy: configuration.webhooks, logger: logger)]
    } ?? []
    return Application(
        router: router,
        server: GuardedHTTP1Channel.builder(idleTimeout: configuration.idleTimeout),
        configuration: .init(address: .hostname(configuration.hostname, port: configuration.port), serverName: "spotcheck"),
        services: services,
        logger: logger)
}
