import Foundation
import SpotcheckCore
import SpotcheckStore

/// View data for the directory pages: records turned into the flat dictionaries the Mustache
/// templates read, with the wording office staff use.
enum DirectoryFormat {
    /// Certificates expiring within this many days are marked so the department renews them
    /// before an officer silently drops out of the draw.
    static let expiryWarningDays = 90

    /// Basis points as the lists print ratios: 2000 → 20%, 250 → 2.5%.
    static func percent(_ basisPoints: Int) -> String {
        let whole = basisPoints / 100
        let fraction = basisPoints % 100
        if fraction == 0 { return "\(whole)%" }
        let digits = fraction % 10 == 0 ? String(fraction / 10) : (fraction < 10 ? "0\(fraction)" : String(fraction))
        return "\(whole).\(digits)%"
    }

    static func enterprise(_ r: EnterpriseRecord) -> [String: Any] {
        [
            "uscc": r.uscc, "name": r.name, "legalRepresentative": r.legalRepresentative, "address": r.address,
            "regionCode": r.regionCode, "industry": r.industry, "tags": r.tags.map(\.rawValue).joined(separator: "、"),
            "riskClass": r.riskClass.rawValue, "riskLabel": r.riskClass.label, "status": r.status.rawValue,
            "inactive": r.status != .active, "phone": r.phone, "checkOK": USCC.isValid(r.uscc),
        ]
    }

    static func inspector(_ r: InspectorRecord, today: CivilDate, conflicts: Int = 0) -> [String: Any] {
        var row: [String: Any] = [
            "code": r.code, "name": r.name, "dept": r.dept, "mobile": r.mobile, "status": r.status.rawValue,
            "onDuty": r.status == .onDuty, "expiry": r.certificateExpiry?.chineseText ?? "—",
            "expertise": r.expertise.joined(separator: "、"), "isExpert": r.isExpert, "conflicts": conflicts,
            "eligible": r.isEligible(on: today),
        ]
        if let expiry = r.certificateExpiry, !r.isExpert {
            if expiry < today {
                row["expired"] = true
            } else if expiry.dayNumber - today.dayNumber <= expiryWarningDays {
                row["expiring"] = true
            }
        }
        return row
    }

    static func item(_ r: InspectionItemRecord, departmentName: String? = nil) -> [String: Any] {
        [
            "dept": r.dept, "departmentName": departmentName ?? r.dept, "code": r.code, "name": r.name,
            "subItems": r.subItems, "hasSubItems": !r.subItems.isEmpty, "legalBasis": r.legalBasis, "subject": r.subject,
            "scope": r.scopeTags.map(\.rawValue).joined(separator: "、"),
            "methods": r.methods.map(\.rawValue).joined(separator: "、"), "category": r.category.rawValue,
            "isKey": r.category == .key, "ratio": DirectoryFormat.percent(r.defaultRatioBasisPoints), "frequency": r.frequency,
            "materials": r.materials, "hasMaterials": !r.materials.isEmpty, "inspectorRequirements": r.inspectorRequirements,
        ]
    }

    static func conflict(_ c: ConflictRecord) -> [String: Any] {
        ["uscc": c.uscc, "enterpriseName": c.enterpriseName ?? "（名录库中已无此企业）", "reason": c.reason,
         "createdAt": c.createdAt.map(DisplayDate.format) ?? ""]
    }

    /// `<option>` lists for selects: value, label, selected.
    static func options(_ values: [(String, String)], selected: String?) -> [[String: Any]] {
        values.map { ["value": $0.0, "label": $0.1, "selected": $0.0 == selected] }
    }

    /// Checkbox lists for tags: the known fields plus any the record already carries.
    static func tagChoices(selected: [FieldTag]) -> [[String: Any]] {
        var tags = FieldTag.known
        for tag in selected where !tags.contains(tag) { tags.append(tag) }
        return tags.map { ["value": $0.rawValue, "checked": selected.contains($0)] }
    }
}
