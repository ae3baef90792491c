/// One page of a list, as a request names it: a page number from 1 and a page size, both
/// bounded so that the offset they make can never overflow (a `page=9223372036854775807` in a
/// URL used to trap the whole server in `(page - 1) * perPage`).
public struct ListPage: Sendable, Equatable {
    /// Far beyond any real list (a province's million enterprises at 20 a page is 50,000 pages).
    public static let maxNumber = 1_000_000
    /// The largest page a client (page, API) may ask for; the server's own readers may ask for more.
    public static let maxSize = 500

    public let number: Int
    public let size: Int
    /// Rows to skip, computed once with checked arithmetic.
    public let offset: Int

    /// A page out of range, in words a clerk can act on.
    public struct Invalid: Error, Sendable, Equatable, CustomStringConvertible {
        public let description: String
    }

    public init(number: Int, size: Int) throws(Invalid) {
        guard (1...Self.maxNumber).contains(number) else {
            throw Invalid(description: "页码须为 1 至 \(Self.maxNumber) 之间的整数")
        }
        guard size >= 1 else { throw Invalid(description: "每页条数须为正整数") }
        let (offset, overflow) = (number - 1).multipliedReportingOverflow(by: size)
        guard !overflow, offset <= Int.max - size else { throw Invalid(description: "页码超出范围") }
        self.number = number
        self.size = size
        self.offset = offset
    }

    /// The page a query parameter names: absent or empty means the first page; anything that is
    /// not a whole number within bounds is refused rather than silently replaced.
    public init(parsing text: String?, size: Int) throws(Invalid) {
        guard let text, !text.isEmpty else {
            try self.init(number: 1, size: size)
            return
        }
        // Bounded before conversion: a thousand digits never reach Int's parser.
        guard text.utf8.count <= 7, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let number = Int(text) else {
            throw Invalid(description: "页码须为 1 至 \(Self.maxNumber) 之间的整数")
        }
        try self.init(number: number, size: size)
    }

    /// The rows of this page as a half-open range of positions.
    public var range: Range<Int> { offset..<(offset + size) }

    /// How many pages `total` rows fill (at least one, so an empty list still has page 1).
    public static func pageCount(total: Int, size: Int) -> Int {
        max(1, total / max(1, size) + (total % max(1, size) == 0 ? 0 : 1))
    }
}
