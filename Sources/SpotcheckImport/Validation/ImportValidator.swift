import Foundation
import SpotcheckCore

/// The three lists an office imports.
public enum ImportKind: String, Sendable, CaseIterable {
    case enterprises
    case inspectors
    case items

    public var label: String {
        switch self {
        case .enterprises: return "检查对象名录库"
        case .inspectors: return "执法检查人员名录库"
        case .items: return "抽查事项清单"
        }
    }
}

/// File in, validation result out: reading (CSV in any supported encoding or
/// XLSX) and row rules in one call. No database: the caller passes what the
/// database knows through ``ImportOptions`` and writes the rows itself.
public enum ImportValidator {
    /// Validates a whole file. `onValidRow` receives each good record as it is
    /// found (for batched writes); the result also holds them unless
    /// `options.collectValidRows` is false. Throws ``ImportFileError`` only when
    /// the file cannot be read at all.
    public static func validate<Validator: ImportRowValidator>(
        _ validator: Validator.Type,
        data: Data,
        fileName: String? = nil,
        options: ImportOptions = ImportOptions(),
        onValidRow: ((ImportRow<Validator.Record>) throws -> Void)? = nil
    ) throws -> ImportValidationResult<Validator.Record> {
        var session = ImportSession<Validator>(options: options)
        // Directory rows with Chinese names and addresses run 150–250 bytes; a short
        // estimate only costs a rehash or two.
        if data.count > 1 << 20 { session.reserveCapacity(data.count / 150) }
        let source = try TabularReader.forEachRow(in: data, fileName: fileName) { line, cells in
            if let record = session.consume(line: line, cells: cells, alreadyTrimmed: true), let onValidRow {
                try onValidRow(ImportRow(line: line, record: record))
            }
        }
        guard session.hasHeader else { throw ImportFileError.empty }
        return session.finish(source: source)
    }

    public static func enterprises(
        data: Data, fileName: String? = nil, options: ImportOptions = ImportOptions()
    ) throws -> ImportValidationResult<EnterpriseRecord> {
        try validate(EnterpriseRowValidator.self, data: data, fileName: fileName, options: options)
    }

    public static func inspectors(
        data: Data, fileName: String? = nil, options: ImportOptions = ImportOptions()
    ) throws -> ImportValidationResult<InspectorRecord> {
        try validate(InspectorRowValidator.self, data: data, fileName: fileName, options: options)
    }

    public static func items(
        data: Data, fileName: String? = nil, options: ImportOptions = ImportOptions()
    ) throws -> ImportValidationResult<InspectionItemRecord> {
        try validate(ItemRowValidator.self, data: data, fileName: fileName, options: options)
    }
}
