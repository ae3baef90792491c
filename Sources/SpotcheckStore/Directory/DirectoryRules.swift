import Foundation
import SpotcheckCore

/// Content rules for single-row edits of the three lists (web forms and the API). Files are
/// checked by SpotcheckImport's row validators before they reach the store; these restate the
/// rules that matter for data integrity so that a path that bypasses the importer (a PATCH, a
/// hand-built form post) cannot store what an import would have rejected.
enum DirectoryRules {
    static func check(_ r: EnterpriseRecord) throws {
        var problems = texts([
            ("统一社会信用代码", r.uscc, .code), ("企业名称", r.name, .name), ("法定代表人", r.legalRepresentative, .name),
            ("地址", r.address, .name), ("行业", r.industry, .name), ("联系电话", r.phone, .code),
        ])
        if let reason = USCC.validate(r.uscc).reason { problems.append("统一社会信用代码\(reason)") }
        if r.name.isEmpty { problems.append("企业名称不能为空") }
        if !r.regionCode.isEmpty && !isRegionCode(r.regionCode) { problems.append("行政区划代码应为 6 位或 9–12 位数字") }
        if !r.phone.isEmpty && !isPhoneLike(r.phone) { problems.append("联系电话格式不正确") }
        try fail(problems)
    }

    static func check(_ r: InspectorRecord) throws {
        var problems = texts([("执法证号", r.code, .code), ("姓名", r.name, .name), ("手机号码", r.mobile, .code)]
            + r.expertise.map { ("专长", $0, .name) })
        if r.code.isEmpty { problems.append("执法证号不能为空") }
        if r.code.count > 64 { problems.append("执法证号不能超过 64 位") }
        // The code is part of page addresses (/departments/yjj/inspectors/<code>).
        if r.code.contains(where: { "/?#%\\".contains($0) || $0.isWhitespace }) { problems.append("执法证号不能包含空格或 / ? # % \\") }
        if r.name.isEmpty { problems.append("姓名不能为空") }
        if !r.mobile.isEmpty && !isMobile(r.mobile) { problems.append("手机号码应为 11 位数字") }
        // Experts carry no 执法证; officers must have its expiry to be drawn at all.
        if !r.isExpert && r.certificateExpiry == nil { problems.append("执法证有效期至不能为空") }
        try fail(problems)
    }

    static func check(_ r: InspectionItemRecord) throws {
        var problems = texts([
            ("编号", r.code, .code), ("抽查事项", r.name, .name), ("抽查依据", r.legalBasis, .freeText),
            ("抽查主体", r.subject, .name), ("抽查频次", r.frequency, .name), ("执法人员要求", r.inspectorRequirements, .reason),
        ] + r.subItems.map { ("检查内容", $0, .reason) } + r.materials.map { ("检查材料", $0, .reason) })
        if r.code.isEmpty { problems.append("编号不能为空") }
        if r.code.contains(where: { "/?#%\\".contains($0) || $0.isWhitespace }) { problems.append("编号不能包含空格或 / ? # % \\") }
        if r.name.isEmpty { problems.append("抽查事项不能为空") }
        // 国办发〔2015〕58号: no inspection without a legal basis.
        if r.legalBasis.isEmpty { problems.append("抽查依据不能为空") }
        if !(0...10_000).contains(r.defaultRatioBasisPoints) { problems.append("抽查比例应在 0–100% 之间") }
        try fail(problems)
    }

    /// A declared conflict must say why (行政处罚法 art. 43 lists the grounds), so it can be reviewed.
    static func checkReason(_ reason: String) throws {
        if reason.isEmpty { throw StoreError.invalid("回避原因不能为空") }
        if reason.count > 200 { throw StoreError.invalid("回避原因不能超过 200 字") }
        if let problem = TextInput.problem(reason, field: "回避原因", limit: .reason) { throw StoreError.invalid(problem.description) }
    }

    /// The text rule (length, no control characters) over a record's fields, as problems.
    static func texts(_ fields: [(label: String, value: String, limit: TextInput.Limit)]) -> [String] {
        fields.compactMap { TextInput.problem($0.value, field: $0.label, limit: $0.limit)?.description }
    }

    /// Throws the first problem of `fields` under the text rule, as an invalid-input error.
    static func checkTexts(_ fields: [(label: String, value: String, limit: TextInput.Limit)]) throws {
        try fail(texts(fields))
    }

    private static func fail(_ problems: [String]) throws {
        if !problems.isEmpty { throw StoreError.invalid(problems.joined(separator: "；")) }
    }

    private static func isRegionCode(_ text: String) -> Bool {
        (text.count == 6 || (9...12).contains(text.count)) && text.allSatisfy(\.isASCIIDigit)
    }

    private static func isMobile(_ text: String) -> Bool {
        let digits = text.filter(\.isASCIIDigit)
        return digits.count == 11 && digits.first == "1" && text.allSatisfy { $0.isASCIIDigit || $0 == " " || $0 == "-" }
    }

    /// Landlines come in many shapes (0319-8180776, (0319)8180776, 转 801); the importer checks
    /// them strictly, an edit only refuses what cannot be a phone number at all.
    private static func isPhoneLike(_ text: String) -> Bool {
        let digits = text.filter(\.isASCIIDigit).count
        return (7...16).contains(digits) && text.allSatisfy { $0.isASCIIDigit || " -+()（）转#".contains($0) }
    }
}

extension String {
    /// Surrounding ASCII and full-width white space removed, as forms and JSON leave it.
    var trimmedField: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}

fileprivate extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}

/// Before/after snapshots for the audit log: flat string maps, as `AuditLog.record` takes them.
extension EnterpriseRecord {
    var auditSnapshot: [String: String] {
        ["uscc": uscc, "name": name, "legal_representative": legalRepresentative, "address": address,
         "region_code": regionCode, "industry": industry, "tags": tags.map(\.rawValue).joined(separator: ";"),
         "risk_class": riskClass.rawValue, "status": status.rawValue, "phone": phone]
    }
}

extension InspectorRecord {
    var auditSnapshot: [String: String] {
        ["code": code, "name": name, "department_code": dept, "mobile": mobile, "status": status.rawValue,
         "certificate_expiry": certificateExpiry?.description ?? "", "expertise": expertise.joined(separator: ";"),
         "is_expert": isExpert ? "true" : "false"]
    }
}

extension InspectionItemRecord {
    var auditSnapshot: [String: String] {
        ["department_code": dept, "code": code, "name": name, "sub_items": subItems.joined(separator: "\n"),
         "legal_basis": legalBasis, "subject": subject, "object_scope": scopeTags.map(\.rawValue).joined(separator: ";"),
         "methods": methods.map(\.rawValue).joined(separator: ";"), "category": category.rawValue,
         "ratio_bp": String(defaultRatioBasisPoints), "frequency": frequency, "materials": materials.joined(separator: "\n"),
         "inspector_requirements": inspectorRequirements]
    }
}
