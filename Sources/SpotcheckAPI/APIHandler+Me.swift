import Foundation
import SpotcheckCore
import SpotcheckStore
import SpotcheckWorkflow

/// The caller's own account and API tokens: open to every role.
extension APIHandler {
    func getMe(_ input: Operations.GetMe.Input) async throws -> Operations.GetMe.Output {
        try await respond {
            let principal = try caller()
            return .ok(.init(body: .json(.init(
                username: principal.username, displayName: principal.displayName, role: .init(principal.role),
                roleLabel: principal.role.label, departmentCode: principal.departmentCode, departmentName: principal.departmentName))))
        }
    }

    func listMyTokens(_ input: Operations.ListMyTokens.Input) async throws -> Operations.ListMyTokens.Output {
        try await respond {
            let tokens = try await workflow.tokens(of: try caller())
            return .ok(.init(body: .json(.init(items: tokens.map(Components.Schemas.APIToken.init)))))
        }
    }

    func createMyToken(_ input: Operations.CreateMyToken.Input) async throws -> Operations.CreateMyToken.Output {
        try await respond {
            let principal = try caller()
            guard case let .json(request) = input.body else { throw APIError.badRequest("请求体须为 JSON") }
            let (token, secret) = try await workflow.createToken(name: request.name, for: principal)
            return .created(.init(body: .json(.init(
                id: token.id?.uuidString ?? "", name: token.name, createdAt: token.createdAt, token: secret))))
        }
    }

    func revokeMyToken(_ input: Operations.RevokeMyToken.Input) async throws -> Operations.RevokeMyToken.Output {
        try await respond {
            let principal = try caller()
            try await workflow.revokeToken(input.path.id, by: principal)
            return .noContent(.init())
        }
    }
}

extension Components.Schemas.APIToken {
    init(_ model: APITokenModel) {
        self.init(
            id: model.id?.uuidString ?? "", name: model.name, createdAt: model.createdAt, revokedAt: model.revokedAt,
            lastUsedAt: model.lastUsedAt, revoked: model.revokedAt != nil)
    }
}
