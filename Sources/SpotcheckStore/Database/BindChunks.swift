/// Values bound into an `IN (…)` list, 500 at a time: lists of unknown length (every enterprise
/// on a page, every officer drawn) stay far below the bind limits of SQLite builds (999 in older
/// ones) and of PostgreSQL's protocol (65,535), at one query per 500 rather than one per value.
enum BindChunks {
    static let size = 500

    /// The distinct values, sorted, in slices of at most ``size``.
    static func of(_ values: some Collection<String>) -> [[String]] {
        let distinct = Array(Set(values)).sorted()
        return stride(from: 0, to: distinct.count, by: size).map { Array(distinct[$0 ..< min($0 + size, distinct.count)]) }
    }
}
