import SpotcheckCore
import SpotcheckStore

extension Workflow {
    /// The 执法证号 linked to an inspector's login, or "" when none is (or the person is not an
    /// inspector): what decides which teams, forms and results are theirs.
    public func inspectorCode(of principal: Principal) async throws -> String {
        guard principal.role == .inspector else { return "" }
        return try await UserModel.find(principal.userID, on: db)?.inspectorCode?.trimmingCharacters(in: .whitespaces) ?? ""
    }
}
