import Foundation
import OpenAPIRuntime
import SpotcheckCore
import SpotcheckImport
import SpotcheckStore
import SpotcheckWorkflow

/// Exports and imports of the three lists (检查对象名录库, 执法检查人员名录库, 抽查事项清单), with
/// the files, limits and rules of the pages: exports in the import templates' columns, imports
/// validated row by row and written all or nothing.
extension APIHandler {
    func exportDirectory(_ input: Operations.ExportDirectory.Input) async throws -> Operations.ExportDirectory.Output {
        try await respond {
            let principal = try caller()
            let format: ExportFormat = input.query.format == .xlsx ? .xlsx : .csv
            let file: ExportFile
            switch input.path.kind {
            case .enterprises:
                let q = input.query
                let query = EnterpriseDirectory.Query(text: try Self.search(q.q), tag: try Self.search(q.tag, parameter: "tag"),
                                                      riskClass: try Self.search(q._class, parameter: "class"),
                                                      status: try Self.search(q.status, parameter: "status"))
                guard format == .xlsx else {
                    // Streamed as it is read: a province's directory is a million rows.
                    let body = HTTPBody(Self.stream { [workflow] emit in
                        try await workflow.exportEnterprisesCSV(query, by: principal, emit: emit)
                    }, length: .unknown, iterationBehavior: .single)
                    return .ok(.init(headers: .init(contentDisposition: Self.contentDisposition("\(workflow.enterpriseExportBaseName).csv", format: .csv)),
                                     body: .csv(body)))
                }
                file = try await workflow.exportEnterprisesWorkbook(query, by: principal)
            case .inspectors:
                file = try await workflow.exportInspectors(of: try Self.department(input.query.department, for: principal), format: format, by: principal)
            case .items:
                file = try await workflow.exportItems(of: try Self.department(input.query.department, for: principal), format: format, by: principal)
            }
            let headers = Operations.ExportDirectory.Output.Ok.Headers(contentDisposition: Self.contentDisposition(file.fileName, format: file.format))
            switch file.format {
            case .csv: return .ok(.init(headers: headers, body: .csv(HTTPBody(file.data))))
            case .xlsx: return .ok(.init(headers: headers, body: .applicationVnd_openxmlformatsOfficedocument_spreadsheetml_sheet(HTTPBody(file.data))))
            }
        }
    }

    func importDirectory(_ input: Operations.ImportDirectory.Input) async throws -> Operations.ImportDirectory.Output {
        try await respond {
            let principal = try caller()
            let kind: ImportKind = switch input.path.kind {
            case .enterprises: .enterprises
            case .inspectors: .inspectors
            case .items: .items
            }
            let (body, fallbackName) = switch input.body {
            case let .csv(body): (body, "upload.csv")
            case let .applicationVnd_openxmlformatsOfficedocument_spreadsheetml_sheet(body): (body, "upload.xlsx")
            }
            let data = try await Data(collecting: body, upTo: APIInputCheck.maxUploadBytes)
            let fileName = (try Self.search(input.query.fileName, parameter: "fileName")).flatMap { $0.isEmpty ? nil : $0 } ?? fallbackName
            let skipInvalid = input.query.skipInvalid ?? false
            let outcome = try await workflow.importDirectory(
                kind, data: data, fileName: fileName, skipInvalid: skipInvalid, dryRun: input.query.dryRun ?? false, via: "api",
                requestedDepartment: input.query.department, by: principal)
            // Rows with errors and nothing written: every problem, with its line, as the page lists them.
            if !outcome.issues.isEmpty && !skipInvalid {
                throw APIError(status: 422, detail: "\(outcome.rejectedCount) 行有错误，\(outcome.dryRun ? "检查未通过" : "未写入任何数据")；请修改下列各行后重新提交",
                               problems: outcome.issues.map { TaskPlanProblem(field: "第 \($0.line) 行 \($0.field)", message: $0.description) })
            }
            return .ok(.init(body: .json(.init(outcome))))
        }
    }

    /// The department of a roster or item export: as asked, or the caller's own when left out.
    static func department(_ requested: String?, for principal: Principal) throws -> DepartmentCode {
        let requested = try search(requested, parameter: "department", maxLength: 32) ?? ""
        if requested.isEmpty {
            guard !principal.role.seesAllDepartments else {
                throw APIError.invalidField("department", "请用参数「department」指定部门")
            }
            return DepartmentCode(rawValue: principal.departmentCode)
        }
        return DepartmentCode(rawValue: requested)
    }

    /// RFC 6266: an ASCII fallback name plus the UTF-8 name, as the pages' downloads have.
    static func contentDisposition(_ fileName: String, format: ExportFormat) -> String {
        let fallback = "spotcheck-export.\(format.rawValue)"
        let encoded = fileName.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? fallback
        return "attachment; filename=\"\(fallback)\"; filename*=UTF-8''\(encoded)"
    }

    /// The chunks `produce` emits, handed over one at a time: the producer waits until the reader
    /// has taken the previous chunk, so a slow client never makes the server hold the whole file.
    static func stream(_ produce: @escaping @Sendable (_ emit: (Data) async throws -> Void) async throws -> Void)
        -> AsyncThrowingStream<ArraySlice<UInt8>, any Error> {
        let handoff = Handoff()
        return AsyncThrowingStream {
            try await withTaskCancellationHandler {
                try await handoff.next(start: produce)
            } onCancel: {
                Task { await handoff.cancel() }
            }
        }
    }
}

/// One chunk at a time between a producer task and the body's reader.
private actor Handoff {
    private var producer: Task<Void, Never>?
    private var waitingReader: CheckedContinuation<Result<Data?, any Error>, Never>?
    private var waitingProducer: CheckedContinuation<Void, any Error>?
    private var pending: Result<Data?, any Error>?

    /// The next chunk (nil at the end), starting the producer on the first call.
    func next(start produce: @escaping @Sendable (_ emit: (Data) async throws -> Void) async throws -> Void) async throws -> ArraySlice<UInt8>? {
        if producer == nil {
            producer = Task.detached {
                do {
                    try await produce { data in try await self.deliver(.success(data)) }
                    try? await self.deliver(.success(nil))
                } catch {
                    try? await self.deliver(.failure(error))
                }
            }
        }
        let result: Result<Data?, any Error>
        if let pending {
            result = pending
            self.pending = nil
        } else {
            result = await withCheckedContinuation { waitingReader = $0 }
        }
        waitingProducer?.resume()
        waitingProducer = nil
        return try result.get().map { ArraySlice($0) }
    }

    /// Hands one chunk over and waits until the reader has taken it.
    private func deliver(_ result: Result<Data?, any Error>) async throws {
        try Task.checkCancellation()
        if let reader = waitingReader {
            waitingReader = nil
            reader.resume(returning: result)
        } else {
            pending = result
        }
        if case .success(.some) = result {
            try await withCheckedThrowingContinuation { waitingProducer = $0 }
        }
    }

    func cancel() {
        producer?.cancel()
        waitingProducer?.resume(throwing: CancellationError())
        waitingProducer = nil
    }
}

extension Components.Schemas.ImportReport {
    init(_ o: DirectoryImport.Outcome) {
        let kind: KindPayload = switch o.kind {
        case .enterprises: .enterprises
        case .inspectors: .inspectors
        case .items: .items
        }
        self.init(
            kind: kind, fileName: o.fileName, sha256: o.sha256, source: o.sourceLabel.isEmpty ? nil : o.sourceLabel, dryRun: o.dryRun,
            written: o.counts != nil, rowCount: o.rowCount, validCount: o.validCount, rejectedCount: o.rejectedCount,
            added: o.counts?.added, updated: o.counts?.updated, unchanged: o.counts?.unchanged,
            issues: o.issues.map { .init(line: $0.line, field: $0.field, message: $0.message) })
    }
}
