/// One row of the 执法检查人员名录库 as imported or exported.
public struct InspectorRecord: Sendable, Hashable, Codable {
    /// 执法证号; unique within the roster.
    public var code: String
    public var name: String
    /// Department code (yjj, scjg, swj, xf, …) owning this inspector.
    public var dept: String
    public var mobile: String
    public var status: InspectorStatus
    /// 执法证有效期至. Nil only for experts, who carry no 执法证.
    public var certificateExpiry: CivilDate?
    /// Expertise tags (free text, e.g. 危险化学品, 特种设备), used to balance teams.
    public var expertise: [String]
    /// 专家: joins teams but never counts toward the two officers (行政处罚法 art. 42).
    public var isExpert: Bool

    public init(
        code: String, name: String, dept: String, mobile: String = "", status: InspectorStatus = .onDuty,
        certificateExpiry: CivilDate?, expertise: [String] = [], isExpert: Bool = false
    ) {
        self.code = code
        self.name = name
        self.dept = dept
        self.mobile = mobile
        self.status = status
        self.certificateExpiry = certificateExpiry
        self.expertise = expertise
        self.isExpert = isExpert
    }

    /// Eligible for a draw on `date`: in service and, unless an expert, holding
    /// a certificate valid on that day.
    public func isEligible(on date: CivilDate) -> Bool {
        guard status.isEligible else { return false }
        if isExpert { return true }
        guard let expiry = certificateExpiry else { return false }
        return expiry >= date
    }
}
