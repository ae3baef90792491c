/// One entry of a department's 随机抽查事项清单 as imported or exported.
public struct InspectionItemRecord: Sendable, Hashable, Codable {
    /// Owning (implementing) department code, e.g. `scjg`.
    public var dept: String
    /// 编号 within the department's list, e.g. `SCJG-001`; unique per department.
    public var code: String
    /// 抽查事项.
    public var name: String
    /// 抽查子项 / 检查内容及要求, one entry per sub-item.
    public var subItems: [String]
    /// 抽查依据: law and article.
    public var legalBasis: String
    /// 抽查主体: the implementing body as published.
    public var subject: String
    /// 抽查对象 expressed as field tags; the item applies to enterprises sharing one.
    public var scopeTags: [FieldTag]
    public var methods: [InspectionMethod]
    public var category: InspectionItemCategory
    /// 抽查比例 in basis points (10 000 = 100 %), so ratios stay exact integers.
    public var defaultRatioBasisPoints: Int
    /// 抽查频次, as published (e.g. 每年不少于 1 次).
    public var frequency: String
    /// Materials the enterprise must prepare.
    public var materials: [String]
    /// 检查人员要求.
    public var inspectorRequirements: String

    public init(
        dept: String, code: String, name: String, subItems: [String] = [], legalBasis: String,
        subject: String = "", scopeTags: [FieldTag] = [], methods: [InspectionMethod] = [],
        category: InspectionItemCategory = .general, defaultRatioBasisPoints: Int = 0,
        frequency: String = "", materials: [String] = [], inspectorRequirements: String = ""
    ) {
        self.dept = dept
        self.code = code
        self.name = name
        self.subItems = subItems
        self.legalBasis = legalBasis
        self.subject = subject
        self.scopeTags = scopeTags
        self.methods = methods
        self.category = category
        self.defaultRatioBasisPoints = defaultRatioBasisPoints
        self.frequency = frequency
        self.materials = materials
        self.inspectorRequirements = inspectorRequirements
    }
}
