import Foundation
import SpotcheckCore
import SpotcheckImport
import SpotcheckStore

/// Exports of the three lists, for pages and API alike. Columns and headers are those of the
/// import templates, so an exported file can be edited in Excel and imported back unchanged.
/// Who may export is who may read the list (AccessPolicy through the list's own use case).
public enum ExportFormat: String, Sendable, CaseIterable {
    case csv, xlsx

    public var contentType: String {
        switch self {
        case .csv: "text/csv; charset=utf-8"
        case .xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        }
    }
}

/// A file built whole: its bytes and the name it is offered under.
public struct ExportFile: Sendable {
    public let data: Data
    public let fileName: String
    public let format: ExportFormat
}

/// The rows of an export, in the template's column order.
public enum DirectoryRows {
    public static func cells(_ r: EnterpriseRecord) -> [String] {
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

    public static func cells(_ r: InspectorRecord) -> [String] {
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

    public static func cells(_ r: InspectionItemRecord) -> [String] {
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
            case .ratio: percent(r.defaultRatioBasisPoints)
            case .frequency: r.frequency
            case .materials: r.materials.joined(separator: "；")
            case .inspectorRequirements: r.inspectorRequirements
            }
        }
    }

    /// A ratio in basis points as the template writes it: 5%, 2.5%, 0.05%.
    public static func percent(_ basisPoints: Int) -> String {
        let whole = basisPoints / 100
        let fraction = basisPoints % 100
        if fraction == 0 { return "\(whole)%" }
        let digits = fraction % 10 == 0 ? String(fraction / 10) : (fraction < 10 ? "0\(fraction)" : String(fraction))
        return "\(whole).\(digits)%"
    }

    /// `rows` under the template headers of `kind`, as a whole file.
    public static func file(_ kind: ImportKind, format: ExportFormat, rows: [[String]], baseName: String) throws -> ExportFile {
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
        return ExportFile(data: data, fileName: "\(baseName).\(format.rawValue)", format: format)
    }
}

extension Workflow {
    /// A department's 执法检查人员名录库 as a file (readers of that department's roster).
    public func exportInspectors(of department: DepartmentCode, format: ExportFormat, by principal: Principal) async throws -> ExportFile {
        let (records, _) = try await inspectors(of: department, search: "", status: nil, for: principal)
        return try DirectoryRows.file(.inspectors, format: format, rows: records.map(DirectoryRows.cells),
                                      baseName: "执法检查人员名录库-\(department.rawValue)-\(today)")
    }

    /// A department's 抽查事项清单 as a file (readers of that department's list).
    public func exportItems(of department: DepartmentCode, format: ExportFormat, by principal: Principal) async throws -> ExportFile {
        let (_, items, _) = try await items(of: department, search: "", for: principal)
        return try DirectoryRows.file(.items, format: format, rows: items.map(DirectoryRows.cells),
                                      baseName: "抽查事项清单-\(department.rawValue)-\(today)")
    }

    /// The name an enterprise export is offered under, without extension.
    public var enterpriseExportBaseName: String { "检查对象名录库-\(today)" }

    /// The 检查对象名录库 (or what `query` selects) as a workbook. A workbook is a zip built whole,
    /// so it is assembled in memory; a province's directory is better exported as CSV.
    public func exportEnterprisesWorkbook(_ query: EnterpriseDirectory.Query, by principal: Principal) async throws -> ExportFile {
        var rows: [[String]] = []
        try await forEachEnterpriseBatch(query, for: principal) { rows += $0.map(DirectoryRows.cells) }
        return try DirectoryRows.file(.enterprises, format: .xlsx, rows: rows, baseName: enterpriseExportBaseName)
    }

    /// The 检查对象名录库 (or what `query` selects) as CSV written while it is read: the header
    /// (with a BOM, for Excel), then one chunk per batch, so a million rows never sit in memory.
    public func exportEnterprisesCSV(_ query: EnterpriseDirectory.Query, by principal: Principal,
                                     emit: (Data) async throws -> Void) async throws {
        try RoleGate.readers.check(principal)
        var first = CSVWriter(includeBOM: true)
        first.writeRow(ImportTemplates.headers(for: .enterprises))
        try await emit(first.data)
        try await forEachEnterpriseBatch(query, for: principal) { records in
            var chunk = CSVWriter(includeBOM: false)
            chunk.writeRows(records.map(DirectoryRows.cells))
            try await emit(chunk.data)
        }
    }
}
