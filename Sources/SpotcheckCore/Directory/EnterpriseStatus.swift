/// Registration status of a market entity as the directory records it.
///
/// Only 存续 entities are drawn; the others stay in the directory so that
/// history and published results keep pointing at them.
public enum EnterpriseStatus: String, CaseIterable, Sendable, Codable {
    case active = "存续"
    case deregistered = "注销"
    case revoked = "吊销"

    public var label: String { rawValue }

    /// Accepts the three labels, SAMR's synonyms for 存续 (在业/在营/开业 appear in
    /// registration exports) and the English case names. Unknown text is nil.
    public init?(parsing text: String) {
        let trimmed = text.trimmingWhitespace()
        if let value = EnterpriseStatus(rawValue: trimmed) {
            self = value
            return
        }
        switch trimmed.lowercased() {
        case "在业", "在营", "开业", "active": self = .active
        case "deregistered": self = .deregistered
        case "revoked": self = .revoked
        default: return nil
        }
    }
}
