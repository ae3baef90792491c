import Foundation
import Hummingbird
import SpotcheckCore
import SpotcheckImport

/// Exports of the three lists. Columns and headers are those of the import templates, so an
/// exported file can be edited in Excel and imported back unchanged.
enum DirectoryExport {
    enum Format: String {
        case csv, xlsx
    }

    static func cells(_ r: EnterpriseRecord) -> [String] {
        EnterpriseColumn.allCases.map { column in
            switch column {
            case .uscc: r.uscc
            case .name: r.name
            case .legalRepresentative: r.legalRepresentative
            case .address: r.address
            case .regionCode: r.regionCode
            case .industry: r.industry
            case .tags: r.tags.map(\.rawValue).joined(separator: ";")
            case .riskClass: r.riskClass.rawValue
            case .status: r.status.rawValue
            case .phone: r.phone
            }
        }
    }

    static func cells(_ r: InspectorRecord) -> [String] {
        InspectorColumn.allCases.map { column in
            switch column {
            case .code: r.code
            case .name: r.name
            case .dept: r.dept
            case .mobile: r.mobile
            case .status: r.status.rawValue
            case .certificateExpiry: r.certificateExpiry?.description ?? ""
            case .expertise: r.expertise.joined(separator: ";")
            case .expert: r.isExpert ? "是" : "否"
            }
        }
    }

    static func cells(_ r: InspectionItemRecord) -> [String] {
        ItemColumn.allCases.map { column in
            switch column {
            case .dept: r.dept
            case .code: r.code
            case .name: r.name
            case .subItems: r.subItems.joined(separator: "；")
            case .legalBasis: r.legalBasis
            case .subject: r.subject
            case .scopeTags: r.scopeTags.map(\.rawValue).joined(separator: ";")
            case .methods: r.methods.map(\.rawValue).joined(separator: "、")
            case .category: r.category.rawValue
            case .ratio: DirectoryFormat.percent(r.defaultRatioBasisPoints)
            case .frequency: r.frequency
            case .materials: r.materials.joined(separator: "；")
            case .inspectorRequirements: r.inspectorRequirements
            }
        }
    }

    /// A download of `rows` under the template headers of `kind`, named `baseName.csv|xlsx`.
    static func response(_ kind: ImportKind, format: Format, rows: [[String]], baseName: String) throws -> Response {
        let header = ImportTemplates.headers(for: kind)
        let data: Data
        switch format {
        case .csv:
            var writer = CSVWriter(includeBOM: true)
            writer.writeRow(header)
            writer.writeRows(rows)
            data = writer.data
        case .xlsx:
            var sheet = XLSXSheet(name: kind.label, header: header, rows: rows)
            sheet.columnWidths = Dictionary(uniqueKeysWithValues: header.indices.map { ($0, 20.0) })
            data = try XLSXWriter.data(sheets: [sheet])
        }
        return download(data, fileName: "\(baseName).\(format.rawValue)", format: format)
    }

    static func download(_ data: Data, fileName: String, format: Format) -> Response {
        Response(status: .ok, headers: downloadHeaders(fileName: fileName, format: format), body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// A CSV download written while it is read: `produce` hands over rows a batch at a time
    /// through its argument, so a province-sized export never sits in memory whole.
    static func streamedCSV(_ kind: ImportKind, baseName: String,
                            produce: @escaping @Sendable (_ emit: ([[String]]) async throws -> Void) async throws -> Void) -> Response {
        let header = ImportTemplates.headers(for: kind)
        let body = ResponseBody { writer in
            var first = CSVWriter(includeBOM: true)
            first.writeRow(header)
            try await writer.write(ByteBuffer(bytes: first.data))
            try await produce { rows in
                var chunk = CSVWriter(includeBOM: false)
                chunk.writeRows(rows)
                try await writer.write(ByteBuffer(bytes: chunk.data))
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: downloadHeaders(fileName: "\(baseName).csv", format: .csv), body: body)
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
