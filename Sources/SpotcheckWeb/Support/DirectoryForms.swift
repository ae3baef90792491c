import Foundation
import SpotcheckCore
import SpotcheckImport

/// The edit forms of the three lists, checked by the importer's own row rules: a form is a
/// one-row file, so a value the upload page would reject is rejected here with the same words.
enum DirectoryForms {
    struct EnterpriseForm: Decodable {
        var name: String?
        var legalRepresentative: String?
        var address: String?
        var regionCode: String?
        var industry: String?
        var tags: [String]?
        var riskClass: String?
        var status: String?
        var phone: String?
        /// "1" once the user has seen the summary of changes and confirmed it.
        var confirmed: String?
    }

    struct InspectorForm: Decodable {
        var code: String?
        var name: String?
        var mobile: String?
        var status: String?
        var certificateExpiry: String?
        var expertise: String?
        var expert: String?
    }

    struct ItemForm: Decodable {
        var code: String?
        var name: String?
        var subItems: String?
        var legalBasis: String?
        var subject: String?
        var scopeTags: [String]?
        var methods: [String]?
        var category: String?
        var ratio: String?
        var frequency: String?
        var materials: String?
        var inspectorRequirements: String?
    }

    /// Problems as `字段 — 原因`, without the line number a one-row "file" would carry.
    static func validate<V: ImportRowValidator>(_ type: V.Type, cells: [V.Column: String], options: ImportOptions) -> (V.Record?, [String]) {
        var session = ImportSession<V>(options: options)
        session.consume(line: 1, cells: V.Column.allCases.map(\.rawValue))
        let record = session.consume(line: 2, cells: V.Column.allCases.map { cells[$0] ?? "" })
        return (record, session.result.errors.map { "\($0.field) — \($0.message)" })
    }

    static func enterprise(uscc: String, form: EnterpriseForm, existingTags: [FieldTag]) -> (EnterpriseRecord?, [String]) {
        var options = ImportOptions()
        // Tags outside the standard fields that an earlier import accepted stay accepted.
        options.tagVocabulary = FieldTagVocabulary.standard.adding(existingTags)
        return validate(EnterpriseRowValidator.self, cells: [
            .uscc: uscc, .name: form.name ?? "", .legalRepresentative: form.legalRepresentative ?? "",
            .address: form.address ?? "", .regionCode: form.regionCode ?? "", .industry: form.industry ?? "",
            .tags: (form.tags ?? []).joined(separator: ";"), .riskClass: form.riskClass ?? "",
            .status: form.status ?? "", .phone: form.phone ?? "",
        ], options: options)
    }

    static func inspector(code: String, department: String, form: InspectorForm) -> (InspectorRecord?, [String]) {
        var options = ImportOptions()
        options.department = department
        return validate(InspectorRowValidator.self, cells: [
            .code: code, .name: form.name ?? "", .dept: department, .mobile: form.mobile ?? "",
            .status: form.status ?? "", .certificateExpiry: form.certificateExpiry ?? "",
            .expertise: form.expertise ?? "", .expert: form.expert == "on" ? "是" : "否",
        ], options: options)
    }

    static func item(code: String, department: String, form: ItemForm) -> (InspectionItemRecord?, [String]) {
        var options = ImportOptions()
        options.department = department
        return validate(ItemRowValidator.self, cells: [
            .dept: department, .code: code, .name: form.name ?? "", .subItems: form.subItems ?? "",
            .legalBasis: form.legalBasis ?? "", .subject: form.subject ?? "",
            .scopeTags: (form.scopeTags ?? []).joined(separator: ";"), .methods: (form.methods ?? []).joined(separator: ";"),
            .category: form.category ?? "", .ratio: form.ratio ?? "", .frequency: form.frequency ?? "",
            .materials: form.materials ?? "", .inspectorRequirements: form.inspectorRequirements ?? "",
        ], options: options)
    }
}
