/// The frozen enterprise candidates with the departments that inspect each.
///
/// Why departments ride along: a joint task draws enterprises once, but each
/// department only inspects the enterprises within its remit (spec §8 `depts`);
/// the list is sorted once and the departments follow the same permutation.
public struct EnterpriseList: Sendable {
    /// The candidates, in canonical order.
    public let candidates: CandidateList
    /// Departments inspecting the enterprise at each canonical position; empty means all.
    public let departments: ContiguousArray<[String]>

    /// Freezes a builder; `departments[i]` belongs to the `i`-th appended candidate (empty = all).
    public init(_ builder: CandidateListBuilder, departments: [[String]]? = nil) throws(DrawError) {
        let list = try CandidateList(builder)
        self.candidates = list
        if let departments {
            precondition(departments.count == builder.count, "one department list per candidate")
            self.departments = ContiguousArray(list.inputIndex.lazy.map { departments[Int($0)] })
        } else {
            self.departments = ContiguousArray(repeating: [], count: list.count)
        }
    }

    /// Freezes enterprises given with their departments.
    public init(_ entries: [(candidate: Candidate, departments: [String])]) throws(DrawError) {
        var builder = CandidateListBuilder(capacity: entries.count)
        for entry in entries { builder.append(entry.candidate) }
        try self.init(builder, departments: entries.map(\.departments))
    }

    /// Whether the enterprise at `position` is inspected by `dept`.
    public func isInspected(at position: Int, by dept: String) -> Bool {
        let list = departments[position]
        return list.isEmpty || list.contains(dept)
    }
}

/// Everything frozen at publication (spec §1): the lists a draw is a function of.
public struct DrawInputs: Sendable {
    /// Enterprise candidates with their strata and departments.
    public var objects: EnterpriseList
    /// Eligible inspectors; the stratum of each is its department code.
    public var inspectors: CandidateList
    /// Declared conflicts.
    public var conflicts: ConflictSet

    /// Inputs from the three frozen lists.
    public init(objects: EnterpriseList, inspectors: CandidateList, conflicts: ConflictSet = ConflictSet()) {
        self.objects = objects
        self.inspectors = inspectors
        self.conflicts = conflicts
    }
}

/// The parameters of one draw besides the frozen lists.
///
/// Why together: these are exactly the values the record carries, so a verifier
/// can rebuild them from a record and rerun the same code.
public struct DrawParameters: Sendable {
    /// The 32-byte secret whose hash was published.
    public var secret: [UInt8]
    /// The public entropy.
    public var entropy: String
    /// Ratios per stratum.
    public var ratios: RatioTable
    /// Inspectors to draw per department; departments not listed take no part.
    public var inspectorsPerDepartment: [String: Int]
    /// Inspectors per team (≥ 2).
    public var teamSize: Int
    /// Enterprises rejected after the draw, applied in this order.
    public var rejectedEnterprises: [String]
    /// Inspectors rejected after the draw, applied in this order.
    public var rejectedInspectors: [String]

    /// Parameters of a draw.
    public init(
        secret: [UInt8], entropy: String, ratios: RatioTable, inspectorsPerDepartment: [String: Int],
        teamSize: Int = 2, rejectedEnterprises: [String] = [], rejectedInspectors: [String] = []
    ) {
        self.secret = secret
        self.entropy = entropy
        self.ratios = ratios
        self.inspectorsPerDepartment = inspectorsPerDepartment
        self.teamSize = teamSize
        self.rejectedEnterprises = rejectedEnterprises
        self.rejectedInspectors = rejectedInspectors
    }
}
