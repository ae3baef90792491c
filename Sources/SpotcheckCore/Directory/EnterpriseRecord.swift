/// One row of the 检查对象名录库 as imported or exported: plain values, no
/// database identity, so the importer, the store and the demo generator share it.
public struct EnterpriseRecord: Sendable, Hashable, Codable {
    /// 统一社会信用代码, 18 upper-case characters; unique in the directory.
    public var uscc: String
    public var name: String
    /// 法定代表人 (or 负责人/经营者 for branches and 个体工商户).
    public var legalRepresentative: String
    /// 住所 / 经营场所.
    public var address: String
    /// 行政区划代码: 6 digits (county) or 9+ digits (town, village).
    public var regionCode: String
    public var industry: String
    public var tags: [FieldTag]
    public var riskClass: RiskClass
    public var status: EnterpriseStatus
    /// Contact phone, mobile or landline; empty when unknown.
    public var phone: String

    public init(
        uscc: String, name: String, legalRepresentative: String = "", address: String = "",
        regionCode: String = "", industry: String = "", tags: [FieldTag] = [],
        riskClass: RiskClass, status: EnterpriseStatus = .active, phone: String = ""
    ) {
        self.uscc = uscc
        self.name = name
        self.legalRepresentative = legalRepresentative
        self.address = address
        self.regionCode = regionCode
        self.industry = industry
        self.tags = tags
        self.riskClass = riskClass
        self.status = status
        self.phone = phone
    }
}
