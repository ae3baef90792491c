import Foundation
import HTTPTypes
import OpenAPIRuntime
import SpotcheckCore
import SpotcheckWorkflow

/// The API's side of the input rules, applied to every operation before the generated code decodes
/// the request: a body over `maxBodyBytes` is refused with 413; every text — JSON strings at any
/// depth, query values, path segments — passes `TextInput` (no C0 control characters, a maximum
/// length per field); the integers that size work (pages, counts, ratios) are within bounds. So a
/// NUL byte never reaches PostgreSQL, a 17-million-character name is never decoded, and no offset
/// or quota is computed from a number the product never meant to accept. Failures are 422 (400 for
/// a parameter that is not a number at all) with the field named in Chinese and in `problems`.
///
/// The limits are by field name, the same across operations, and openapi.yaml declares each as
/// `maxLength`/`minimum`/`maximum`; a field not listed gets `TextInput.Limit.name`.
public enum APIInputCheck {
    /// A JSON body of the API: a task plan or an item with every sub-item fits many times over.
    public static let maxBodyBytes = 1024 * 1024
    /// A file upload (`importDirectory`, `importCalendar`): the pages' upload limit (BodyLimit.upload).
    public static let maxUploadBytes = 20 * 1024 * 1024
    /// The operations that take a file rather than JSON.
    static let uploadOperations: Set<String> = [Operations.ImportDirectory.id, Operations.ImportCalendar.id]

    /// The body limit of an operation.
    public static func maxBodyBytes(operationID: String) -> Int {
        if operationID == Operations.UploadTaskResultEvidence.id { return Workflow.maxEvidenceBytes }
        return uploadOperations.contains(operationID) ? maxUploadBytes : maxBodyBytes
    }

    /// The body limit of a request under `/api/v1` by its path, for the web layer's cap while the
    /// body streams (before the operation is known): the upload paths get the upload limit.
    public static func maxBodyBytes(path: String) -> Int {
        let relative = path.hasPrefix(APIAccess.basePath) ? String(path.dropFirst(APIAccess.basePath.count)) : path
        // An evidence upload (`…/results/{uscc}/{code}/evidence`) is capped at its own limit once the operation is known.
        let evidence = relative.hasPrefix("/tasks/") && relative.hasSuffix("/evidence")
        return relative.hasPrefix("/imports/") || relative == "/calendar/imports" || evidence ? maxUploadBytes : maxBodyBytes
    }

    /// Entries of any JSON array (tags, item codes, departments, materials…).
    public static let maxArrayItems = 1000

    // MARK: Limits by field

    /// The length limit of a JSON field (the last key of its path; array entries take their array's key).
    static func limit(forKey key: String) -> TextInput.Limit {
        switch key {
        case "code", "username", "uscc", "inspectorCode", "departmentCode", "department", "lead_department",
             "document_number", "expert", "item_codes", "regionCode", "region_prefix", "mobile", "phone",
             "certificateExpiry", "period_start", "period_end",
             "itemCode", "targetDepartment", "inspectionDate", "decidedOn", "dueOn", "closedOn":
            .code
        case "reason", "ratio_override_reason", "inspectorRequirements", "subItems", "materials",
             "finding", "onsiteNote", "refusalNote", "note":
            .reason
        case "legalBasis":
            .freeText
        default:
            .name
        }
    }

    /// The bounds of a JSON integer field that sizes work (openapi.yaml's `minimum`/`maximum`); other
    /// integers are left to the decoder. The upper bound is enforced here, the lower by the domain.
    static func range(forKey key: String) -> ClosedRange<Int>? {
        switch key {
        case "ratioBasisPoints", "A", "B", "C", "D": 0...10_000
        case "inspector_count", "count": 1...10_000
        case "team_size": 2...100
        case "exclude_inspected_within_months": 0...120
        default: nil
        }
    }

    /// The length limit of a query parameter.
    static func limit(forQuery name: String) -> TextInput.Limit {
        switch name {
        case "inspector", "department": .code
        default: .search
        }
    }

    /// Integer parameters of the query or path, with their bounds (openapi.yaml's Page, PerPage, TeamNumber).
    static func range(forParameter name: String) -> ClosedRange<Int>? {
        switch name {
        case "page": 1...APIHandler.maxPage
        case "perPage": 1...APIHandler.maxPerPage
        case "team": 1...1000
        case "year": 1900...2200
        case "disposition": 1...2_147_483_647
        default: nil
        }
    }

    // MARK: Checks

    /// The request's query and path parameters.
    static func checkParameters(_ request: HTTPRequest, _ metadata: ServerRequestMetadata) throws(APIError) {
        for (name, raw) in metadata.pathParameters.sorted(by: { $0.key < $1.key }) {
            let value = try decoded(raw, name: name)
            try checkParameter(name, value, limit: .code)
        }
        guard let path = request.path, let mark = path.firstIndex(of: "?") else { return }
        for pair in path[path.index(after: mark)...].split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = try decoded(parts[0], name: "参数名")
            try checkText(name, field: "参数名", limit: .code)
            let value = parts.count == 2 ? try decoded(parts[1], name: name) : ""
            try checkParameter(name, value, limit: limit(forQuery: name))
        }
    }

    private static func checkParameter(_ name: String, _ value: String, limit: TextInput.Limit) throws(APIError) {
        if let range = range(forParameter: name) {
            try checkInteger(name, value, range)
        } else {
            try checkText(value, field: name, limit: limit)
        }
    }

    /// A whole number within `range`; more digits than the bound has is out of range, never parsed.
    static func checkInteger(_ name: String, _ value: String, _ range: ClosedRange<Int>) throws(APIError) {
        let message = "参数「\(name)」须为 \(range.lowerBound) 至 \(range.upperBound) 之间的整数"
        let digits = value.hasPrefix("-") ? value.dropFirst() : Substring(value)
        guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            throw APIError(status: 400, detail: message, problems: [TaskPlanProblem(field: name, message: message)])
        }
        guard digits.utf8.count <= String(range.upperBound).utf8.count, let number = Int(value), range.contains(number) else {
            throw APIError.invalidField(name, message)
        }
    }

    private static func decoded(_ raw: some StringProtocol, name: String) throws(APIError) -> String {
        // Query values may encode a space as `+`; the decoded text is only inspected here.
        guard let value = String(raw).replacingOccurrences(of: "+", with: " ").removingPercentEncoding else {
            let message = "参数「\(name)」的百分号转义不完整"
            throw APIError(status: 400, detail: message, problems: [TaskPlanProblem(field: name, message: message)])
        }
        return value
    }

    static func checkText(_ text: String, field: String, limit: TextInput.Limit) throws(APIError) {
        if let problem = TextInput.problem(text, field: "「\(field)」", limit: limit) {
            throw APIError.invalidField(field, problem.description)
        }
    }

    /// A JSON body, as collected: every string and the integers of `range(forKey:)`. A body that is
    /// not JSON passes untouched, for the decoder to refuse with its own answer.
    static func checkJSON(_ data: Data) throws(APIError) {
        guard !data.isEmpty, let root = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else { return }
        try walk(root, path: "", key: "")
    }

    private static func walk(_ value: Any, path: String, key: String) throws(APIError) {
        switch value {
        case let text as String:
            try checkText(text, field: path.isEmpty ? "请求体" : path, limit: limit(forKey: key))
        case let object as [String: Any]:
            for (name, member) in object.sorted(by: { $0.key < $1.key }) {
                try checkText(name, field: "字段名", limit: .code)
                try walk(member, path: path.isEmpty ? name : "\(path).\(name)", key: name)
            }
        case let array as [Any]:
            guard array.count <= maxArrayItems else {
                throw APIError.invalidField(path, "「\(path)」最多 \(maxArrayItems) 项")
            }
            for (index, element) in array.enumerated() {
                try walk(element, path: "\(path)[\(index)]", key: key)
            }
        case let number as NSNumber:
            guard let range = range(forKey: key) else { return }
            // Judged by its digits: a fraction or an exponent is the decoder's type error, while a
            // whole number too long for the bound (even beyond Int) is out of range.
            let text = number.stringValue
            let digits = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
            guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return }
            // Only the upper bound, and only against huge negatives: the lower bounds are the domain's
            // rules (a task plan reports every problem at once, `team_size` below 2 among them).
            guard digits.utf8.count <= String(range.upperBound).utf8.count, let integer = Int(text),
                  integer <= range.upperBound, integer >= -range.upperBound else {
                throw APIError.invalidField(path, "「\(path)」须为 \(range.lowerBound) 至 \(range.upperBound) 之间的整数")
            }
        default:
            return
        }
    }

    // MARK: Decoder failures

    /// A Chinese account of a request the generated code could not decode, naming the field, with
    /// none of the decoder's internals (Swift type names, coding keys, English descriptions).
    static func problem(for error: ServerError) -> APIError {
        let status = error.httpStatus.code
        switch status {
        case 406:
            return APIError(status: 406, detail: "Accept 请求头须接受 application/json（错误时为 application/problem+json）")
        case 415:
            return APIError(status: 415, detail: "请求体须为 JSON，请设置 Content-Type: application/json")
        default:
            break
        }
        if let decoding = error.underlyingError as? DecodingError {
            let (field, message) = describe(decoding, request: error.request, metadata: error.requestMetadata)
            return APIError(status: status, detail: message, problems: field.map { [TaskPlanProblem(field: $0, message: message)] } ?? [])
        }
        let cause = error.causeDescription
        if cause.hasPrefix("Missing required request body") {
            return APIError(status: status, detail: "缺少请求体：请以 JSON 提交（见 openapi.yaml）")
        }
        if let range = cause.range(of: "Missing required query parameter named: ") {
            let name = String(cause[range.upperBound...].prefix(64))
            return APIError.init(status: status, detail: "缺少必填参数「\(name)」",
                                 problems: [TaskPlanProblem(field: name, message: "缺少必填参数「\(name)」")])
        }
        return APIError(status: status, detail: "请求不符合接口定义，请对照 openapi.yaml 检查参数和请求体")
    }

    private static func describe(_ error: DecodingError, request: HTTPRequest, metadata: ServerRequestMetadata) -> (String?, String) {
        func path(_ keys: [any CodingKey]) -> String {
            keys.reduce(into: "") { path, key in
                if let index = key.intValue { path += "[\(index)]" } else { path += path.isEmpty ? key.stringValue : ".\(key.stringValue)" }
            }
        }
        switch error {
        case let .keyNotFound(key, context):
            let field = path(context.codingPath + [key])
            return (field, "缺少必填字段「\(field)」")
        case let .typeMismatch(_, context), let .valueNotFound(_, context):
            let field = path(context.codingPath)
            guard !field.isEmpty else { return (nil, parameterMessage(request, metadata)) }
            return (field, "字段「\(field)」的类型不正确（见 openapi.yaml）")
        case let .dataCorrupted(context):
            let field = path(context.codingPath)
            guard !field.isEmpty else {
                // Parameters are decoded without a coding path; so is a body that is not JSON at all.
                let parameters = parameterNames(request, metadata)
                return (nil, parameters.isEmpty ? "请求体不是有效的 JSON" : parameterMessage(request, metadata))
            }
            return (field, "字段「\(field)」的值无效（允许的取值见 openapi.yaml）")
        @unknown default:
            return (nil, "请求不符合接口定义，请对照 openapi.yaml 检查参数和请求体")
        }
    }

    private static func parameterNames(_ request: HTTPRequest, _ metadata: ServerRequestMetadata) -> [String] {
        var names = metadata.pathParameters.keys.sorted()
        if let path = request.path, let mark = path.firstIndex(of: "?") {
            for pair in path[path.index(after: mark)...].split(separator: "&") {
                let name = String(pair.split(separator: "=", maxSplits: 1).first ?? "").removingPercentEncoding ?? ""
                if !name.isEmpty, !names.contains(name) { names.append(name) }
            }
        }
        return names
    }

    private static func parameterMessage(_ request: HTTPRequest, _ metadata: ServerRequestMetadata) -> String {
        let names = parameterNames(request, metadata).map { "「\($0)」" }.joined(separator: "、")
        return names.isEmpty
            ? "请求体的内容不符合接口定义（见 openapi.yaml）"
            : "参数的取值不符合接口定义，请检查\(names)（允许的取值见 openapi.yaml）"
    }
}
