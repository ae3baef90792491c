import Foundation
import Hummingbird
import SpotcheckCore
import SpotcheckImport
import SpotcheckWorkflow

/// Exports of the three lists. Columns and headers are those of the import templates, so an
/// exported file can be edited in Excel and imported back unchanged.
enum DirectoryExport {
    enum Format: String {
        case csv, xlsx
    }

    // The rows are the workflow's (`DirectoryRows`), shared with the API's exports.
    static func cells(_ r: EnterpriseRecord) -> [String] { DirectoryRows.cells(r) }
    static func cells(_ r: InspectorRecord) -> [String] { DirectoryRows.cells(r) }
    static func cells(_ r: InspectionItemRecord) -> [String] { DirectoryRows.cells(r) }

    /// A file the workflow built, as a download.
    static func download(_ file: ExportFile) -> Response {
        download(file.data, fileName: file.fileName, format: file.format == .xlsx ? .xlsx : .csv)
    }

    static func download(_ data: Data, fileName: String, format: Format) -> Response {
        Response(status: .ok, headers: downloadHeaders(fileName: fileName, format: format), body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// A CSV download written while it is read: `produce` hands over chunks of the file through
    /// its argument, so a province-sized export never sits in memory whole.
    static func streamedCSV(fileName: String, produce: @escaping @Sendable (_ emit: (Data) async throws -> Void) async throws -> Void) -> Response {
        let body = ResponseBody { writer in
            try await produce { chunk in try await writer.write(ByteBuffer(bytes: chunk)) }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: downloadHeaders(fileName: fileName, format: .csv), body: body)
    }

    private static func downloadHeaders(fileName: String, format: Format) -> HTTPFields {
        let type = format == .csv ? "text/csv; charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        // RFC 6266: an ASCII fallback name plus the UTF-8 name for browsers that read it.
        let fallback = "spotcheck-export.\(format.rawValue)"
        let encoded = fileName.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? fallback
        return [
            .contentType: type,
            .contentDisposition: "attachment; filename=\"\(fallback)\"; filename*=UTF-8''\(encoded)",
            .cacheControl: "no-store",
        ]
    }

    /// Template downloads: `enterprises.csv`, `items.xlsx`, ….
    static func template(file: String) throws -> Response {
        let parts = file.split(separator: ".", maxSplits: 1).map(String.init)
        guard parts.count == 2, let kind = ImportKind(rawValue: parts[0]), let format = Format(rawValue: parts[1]) else {
            throw HTTPError(.notFound, message: "没有这个模板")
        }
        switch format {
        case .csv: return download(ImportTemplates.csvData(for: kind), fileName: ImportTemplates.fileName(for: kind, extension: "csv"), format: .csv)
        case .xlsx: return download(try ImportTemplates.xlsxData(for: kind), fileName: ImportTemplates.fileName(for: kind, extension: "xlsx"), format: .xlsx)
        }
    }
}
