import SpotcheckCore

/// Who is calling the current API request. The generated server code passes handlers only the
/// decoded input, so the web layer, which resolves the bearer token, hands the caller down in
/// task-local values around the call (see `APIRoutes` in SpotcheckWeb).
public enum APIRequestPrincipal {
    /// The caller, nil when the request carried no bearer token.
    @TaskLocal public static var current: Principal?
    /// The request id of the server log, repeated in every problem response.
    @TaskLocal public static var requestID = "-"
    /// The request path, the `instance` of a problem response.
    @TaskLocal public static var path = ""
    /// The connection's peer, which public tips are counted against (at most a few an hour).
    @TaskLocal public static var clientAddress = "unknown"

    /// Runs `operation` with the caller and request facts bound for the handlers below it.
    public static func withValues<Result>(
        principal: Principal?, requestID: String, path: String, clientAddress: String = "unknown",
        operation: () async throws -> Result
    ) async rethrows -> Result {
        try await $current.withValue(principal) {
            try await $requestID.withValue(requestID) {
                try await $clientAddress.withValue(clientAddress) {
                    try await $path.withValue(path, operation: operation)
                }
            }
        }
    }
}
