/// The per-stratum ratios of a task, with an optional `*` default.
///
/// Why a type: the CLI accepts `A=2000,B=2000,*=1000`; the draw needs one checked
/// ratio per stratum present in the frozen list and must refuse a ratio for a
/// stratum that does not exist (a typo would otherwise silently draw nothing).
public struct RatioTable: Sendable, Equatable {
    /// Explicit ratios by stratum code, in basis points.
    public var explicit: [String: Int]
    /// The ratio for strata not listed, from a `*=bp` entry.
    public var fallback: Int?

    /// A table from explicit ratios and an optional default.
    public init(explicit: [String: Int], fallback: Int? = nil) {
        self.explicit = explicit
        self.fallback = fallback
    }

    /// Parses `A=2000,B=2000,*=1000`.
    public init(parsing text: String) throws(DrawError) {
        var explicit: [String: Int] = [:]
        var fallback: Int?
        for (key, value) in try KeyValueList.parse(text, name: "--ratio") {
            try Quota.validate(value, stratum: key)
            if key == "*" {
                fallback = value
            } else {
                explicit[key] = value
            }
        }
        self.init(explicit: explicit, fallback: fallback)
    }

    /// The ratio of `stratum`, checked to lie in 1…10000.
    public func basisPoints(for stratum: String) throws(DrawError) -> Int {
        guard let value = explicit[stratum] ?? fallback else { throw DrawError.missingRatio(stratum: stratum) }
        try Quota.validate(value, stratum: stratum)
        return value
    }
}

/// Reads the CLI's `key=integer,key=integer` lists.
public enum KeyValueList {
    /// The pairs in the order written; a repeated key is an error.
    public static func parse(_ text: String, name: String) throws(DrawError) -> [(String, Int)] {
        var pairs: [(String, Int)] = []
        var seen: Set<String> = []
        for part in text.split(separator: ",", omittingEmptySubsequences: true) {
            let piece = part.trimmedForDraw()
            guard !piece.isEmpty else { continue }
            guard let equals = piece.firstIndex(of: "=") else {
                throw DrawError.invalidParameter(name: name, value: text)
            }
            let key = String(piece[..<equals]).trimmedForDraw()
            let valueText = String(piece[piece.index(after: equals)...]).trimmedForDraw()
            guard !key.isEmpty, let value = Int(valueText), !seen.contains(key) else {
                throw DrawError.invalidParameter(name: name, value: text)
            }
            seen.insert(key)
            pairs.append((key, value))
        }
        guard !pairs.isEmpty else { throw DrawError.invalidParameter(name: name, value: text) }
        return pairs
    }
}

extension StringProtocol {
    /// The text without leading and trailing ASCII spaces (Foundation-free).
    func trimmedForDraw() -> String {
        var start = startIndex
        var end = endIndex
        while start < end, self[start] == " " { start = index(after: start) }
        while end > start, self[index(before: end)] == " " { end = index(before: end) }
        return String(self[start..<end])
    }
}
