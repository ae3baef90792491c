/// How large an import file may be in each of its dimensions. Uploads are already capped at
/// 20 MB by the server, but 20 MB of CSV can be one line of a million columns and 2 MB of XLSX
/// can inflate to gigabytes; every reader checks these as it goes and stops at the first one
/// passed, with the line number, so a hostile file costs tens of megabytes, not the server.
public struct ImportLimits: Sendable, Hashable {
    /// Columns per row: the widest template (抽查事项清单) has 14.
    public var maxColumns = 64
    /// Bytes per CSV line (a quoted field with line breaks counts as one line).
    public var maxLineBytes = 64 * 1024
    /// Characters per cell: longer than any field of the lists (抽查依据 is the longest).
    public var maxCellCharacters = 2_000
    /// What the parts of one XLSX workbook may inflate to in all. Larger lists go as CSV,
    /// which is streamed and has no such limit.
    public var maxInflatedBytes = 64 * 1024 * 1024
    /// Inflated ÷ compressed size of one XLSX part, checked once a part passes 1 MB: real
    /// sheets compress 5–20 times, a zip bomb a thousand.
    public var maxInflateRatio = 100

    public init() {}

    public static let standard = ImportLimits()
}
