import Foundation
import SpotcheckCore
import ZIPFoundation

/// Reads the first worksheet of an .xlsx workbook as rows of display strings.
///
/// Handles what Excel, WPS and LibreOffice write: shared strings (including
/// rich text runs), inline strings, formula results (`t="str"`), booleans and
/// numbers. Numbers with a date format become `yyyy-MM-dd`, with a percent
/// format `N%`; other numbers print without exponent when they are integers,
/// because phone numbers and codes are often typed as numbers.
public enum XLSXReader {
    /// Rows of the first sheet with their spreadsheet row numbers (the `r`
    /// attribute, so gaps are preserved). Rows with no non-empty cell are left out.
    public static func readFirstSheet(_ data: Data, limits: ImportLimits = .standard) throws(ImportFileError) -> [(line: Int, cells: [String])] {
        var budget = InflateBudget(limits: limits)
        let archive: Archive
        do {
            archive = try Archive(data: data, accessMode: .read)
        } catch {
            throw .invalidWorkbook("不是有效的 ZIP/XLSX 文件")
        }
        let workbook = try readWorkbook(archive, budget: &budget)
        var sharedStrings: [String] = []
        if let entry = archive["xl/sharedStrings.xml"] { sharedStrings = try readSharedStrings(extract(entry, from: archive, budget: &budget)) }
        var styles = XLSXStyles()
        if let entry = archive["xl/styles.xml"] { styles = try readStyles(extract(entry, from: archive, budget: &budget)) }
        guard let sheetEntry = archive[workbook.firstSheetPath] ?? archive["xl/worksheets/sheet1.xml"] else {
            throw .invalidWorkbook("缺少工作表 \(workbook.firstSheetPath)")
        }
        let context = XLSXSheetContext(sharedStrings: sharedStrings, styles: styles, uses1904: workbook.uses1904)
        return try XLSXSheetParser.rows(of: extract(sheetEntry, from: archive, budget: &budget), context: context, limits: limits)
    }

    /// One part, inflated chunk by chunk against the workbook's budget: the first chunk past a
    /// limit stops the inflation, so a bomb never exists in memory beyond the limit.
    static func extract(_ entry: Entry, from archive: Archive, budget: inout InflateBudget) throws(ImportFileError) -> Data {
        // The declared size can lie, but an honest one over the budget needs no inflating at all.
        if let refusal = budget.refusal(part: entry.path, declared: entry.uncompressedSize) { throw refusal }
        var data = Data()
        var partBytes = 0
        var refusal: ImportFileError?
        var spent = budget
        do {
            _ = try archive.extract(entry, skipCRC32: true) { chunk in
                partBytes += chunk.count
                if let problem = spent.spend(chunk.count, part: entry.path, partBytes: partBytes, compressed: entry.compressedSize) {
                    refusal = problem
                    throw InflateBudget.Stop()
                }
                data.append(chunk)
            }
        } catch {
            if let refusal { throw refusal }
            throw .invalidWorkbook("无法解压 \(entry.path)")
        }
        budget = spent
        return data
    }

    struct Workbook {
        var firstSheetPath = "xl/worksheets/sheet1.xml"
        var uses1904 = false
    }

    /// The first `<sheet>` in workbook.xml (tab order), resolved through the
    /// workbook relationships; sheet1.xml is not always the first tab.
    static func readWorkbook(_ archive: Archive, budget: inout InflateBudget) throws(ImportFileError) -> Workbook {
        var workbook = Workbook()
        guard let entry = archive["xl/workbook.xml"] else { throw .invalidWorkbook("缺少 xl/workbook.xml") }
        var firstSheetRelation: String?
        try XMLEventReader.parse(extract(entry, from: archive, budget: &budget)) { event in
            guard case .start(let name, let attributes) = event else { return }
            if name == "sheet", firstSheetRelation == nil {
                firstSheetRelation = attributes.first { $0.key == "r:id" || $0.key.hasSuffix(":id") }?.value
            } else if name == "workbookPr", let flag = attributes["date1904"] {
                workbook.uses1904 = flag == "1" || flag == "true"
            }
        }
        guard let relation = firstSheetRelation, let relsEntry = archive["xl/_rels/workbook.xml.rels"] else { return workbook }
        var target: String?
        try XMLEventReader.parse(extract(relsEntry, from: archive, budget: &budget)) { event in
            if case .start("Relationship", let attributes) = event, attributes["Id"] == relation {
                target = attributes["Target"]
            }
        }
        if let target {
            workbook.firstSheetPath = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
        }
        return workbook
    }

    /// `<si>` items in order; rich text is the concatenation of its runs,
    /// phonetic guides (`<rPh>`) are skipped.
    static func readSharedStrings(_ data: Data) throws(ImportFileError) -> [String] {
        var strings: [String] = []
        var current = ""
        var inText = false
        var phoneticDepth = 0
        try XMLEventReader.parse(data) { event in
            switch event {
            case .start("si", _): current = ""
            case .start("rPh", _): phoneticDepth += 1
            case .start("t", _): inText = phoneticDepth == 0
            case .text(let text) where inText: current += text
            case .end("t"): inText = false
            case .end("rPh"): phoneticDepth -= 1
            case .end("si"): strings.append(current)
            default: break
            }
        }
        return strings
    }

    static func readStyles(_ data: Data) throws(ImportFileError) -> XLSXStyles {
        var customFormats: [Int: String] = [:]
        var cellFormatIDs: [Int] = []
        var inCellXfs = false
        try XMLEventReader.parse(data) { event in
            switch event {
            case .start("numFmt", let attributes):
                if let id = attributes["numFmtId"].flatMap(Int.init), let code = attributes["formatCode"] {
                    customFormats[id] = code
                }
            case .start("cellXfs", _): inCellXfs = true
            case .end("cellXfs"): inCellXfs = false
            case .start("xf", let attributes) where inCellXfs:
                cellFormatIDs.append(attributes["numFmtId"].flatMap(Int.init) ?? 0)
            default: break
            }
        }
        var styles = XLSXStyles()
        for (index, id) in cellFormatIDs.enumerated() {
            if let code = customFormats[id] {
                if ExcelDate.isDateFormat(code) { styles.dateStyles.insert(index) }
                if code.contains("%") { styles.percentStyles.insert(index) }
            } else if ExcelDate.isBuiltInDateFormat(id) {
                styles.dateStyles.insert(index)
            } else if id == 9 || id == 10 {
                styles.percentStyles.insert(index)
            }
        }
        return styles
    }
}

/// Which cell style indices (`s` attribute) display numbers as dates or percentages.
struct XLSXStyles {
    var dateStyles: Set<Int> = []
    var percentStyles: Set<Int> = []
}

/// What the parts of one workbook may still inflate to (``ImportLimits``).
struct InflateBudget {
    struct Stop: Error {}
    let limits: ImportLimits
    private(set) var inflated = 0

    init(limits: ImportLimits) { self.limits = limits }

    /// A part whose declared size alone would pass the total.
    func refusal(part: String, declared: UInt64) -> ImportFileError? {
        declared > UInt64(limits.maxInflatedBytes - inflated) ? tooMuch(part) : nil
    }

    /// Counts `bytes` more of `part`; the refusal once the total or the part's ratio is passed.
    mutating func spend(_ bytes: Int, part: String, partBytes: Int, compressed: UInt64) -> ImportFileError? {
        inflated += bytes
        if inflated > limits.maxInflatedBytes { return tooMuch(part) }
        if partBytes > 1024 * 1024, UInt64(partBytes) > max(compressed, 1) * UInt64(limits.maxInflateRatio) { return tooMuch(part) }
        return nil
    }

    private func tooMuch(_ part: String) -> ImportFileError {
        .inflatesTooMuch(part: part, limitMegabytes: limits.maxInflatedBytes / (1024 * 1024))
    }
}
