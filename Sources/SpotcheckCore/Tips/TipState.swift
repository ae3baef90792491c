/// Where a 举报线索 (public tip, issue 17) stands. The reporter sees only `publicLabel`
/// (受理/转办/办结); the office and the handling department see `label`.
public enum TipState: String, Sendable, CaseIterable, Codable {
    /// Received, waiting for the office's triage.
    case received = "received"
    /// Routed by the office to a department, which handles it.
    case routed = "routed"
    /// The department finished handling it, with a result.
    case handled = "handled"
    /// The office did not accept it, with a reason.
    case rejected = "rejected"

    public var label: String {
        switch self {
        case .received: "待分办"
        case .routed: "已转办，办理中"
        case .handled: "已办结"
        case .rejected: "不予受理"
        }
    }

    /// What the reporter sees by the receipt code: no names, no internal notes.
    public var publicLabel: String {
        switch self {
        case .received: "已受理"
        case .routed: "已转办"
        case .handled: "已办结"
        case .rejected: "已办结（不予受理）"
        }
    }

    public var isOpen: Bool { self == .received || self == .routed }
}

/// The code a reporter keeps to look a tip up: `JB` and ten characters from an alphabet without
/// look-alikes (no 0/O, 1/I/L), grouped for reading aloud: `JB-7KQ4-M2XH-9R`.
public enum TipReceipt {
    public static let alphabet = Array("23456789ABCDEFGHJKMNPQRSTUVWXYZ")

    public static func make<R: RandomNumberGenerator>(using generator: inout R) -> String {
        let symbols = (0..<10).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] }
        let text = String(symbols)
        let a = text.prefix(4), b = text.dropFirst(4).prefix(4), c = text.suffix(2)
        return "JB-\(a)-\(b)-\(c)"
    }

    /// The code as typed by a person: case and spaces forgiven; nil when it cannot be one.
    public static func normalized(_ typed: String) -> String? {
        let compact = typed.uppercased().filter { !$0.isWhitespace && $0 != "-" }
        guard compact.count == 12, compact.hasPrefix("JB") else { return nil }
        let body = compact.dropFirst(2)
        guard body.allSatisfy({ alphabet.contains($0) }) else { return nil }
        return "JB-\(body.prefix(4))-\(body.dropFirst(4).prefix(4))-\(body.suffix(2))"
    }
}
