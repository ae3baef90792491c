/// Everything that can stop a draw, as a value that names its cause.
///
/// Why typed: the draw is audited by people who are not programmers. Each case
/// carries the offending id, line or number so the message (Chinese first,
/// English after, one line) tells the user exactly what to fix, and tests can
/// assert on the cause instead of on message text.
public enum DrawError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A ratio outside 1…10000 basis points (0.01 %…100 %).
    case ratioOutOfRange(stratum: String, basisPoints: Int)
    /// A stratum of the candidate list has no ratio and no `*` entry covers it.
    case missingRatio(stratum: String)
    /// A ratio names a stratum that has no candidate (almost always a typo).
    case ratioForUnknownStratum(stratum: String)
    /// The enterprise candidate list is empty: there is nothing to draw from.
    case emptyStratumList
    /// A stratum or department code is empty.
    case emptyStratum(id: String)
    /// A candidate id is empty.
    case emptyID(stratum: String)
    /// The same id appears twice in one candidate list.
    case duplicateCandidate(id: String)
    /// An id or code contains a tab, a line break or another control character,
    /// which would make the digest lines (`id \t stratum \n`) ambiguous.
    case invalidCharacter(field: String, value: String)
    /// A department is asked to draw more inspectors than it has eligible.
    case tooFewEligibleInspectors(dept: String, eligible: Int, requested: Int)
    /// A department's drawn inspectors cannot fill one team (`T = 0`).
    case tooFewInspectorsForTeam(dept: String, inspectors: Int, teamSize: Int)
    /// A per-department inspector count names a department without inspectors.
    case unknownDepartment(dept: String)
    /// A per-department inspector count below 1.
    case invalidInspectorCount(dept: String, count: Int)
    /// A team size below 2 (the law requires at least two inspectors).
    case teamSizeTooSmall(Int)
    /// No team of the department is free of declared conflicts for the enterprise.
    case noConflictFreeTeam(dept: String, enterprise: String)
    /// A rejected enterprise or inspector was never drawn (or is already rejected).
    case rejectedNeverDrawn(id: String)
    /// Rejections used up every remaining candidate of the stratum or department.
    case noReplacementLeft(stratum: String, rejected: String)
    /// The secret is not 64 hex digits (32 bytes).
    case invalidSecret
    /// A `key=value` list option could not be read.
    case invalidParameter(name: String, value: String)
    /// A CSV file has a problem at a given line (the header is line 1).
    case csv(file: String, line: Int, reason: String)
    /// A draw record could not be read as JSON with the fields of spec §7.
    case invalidRecord(reason: String)

    public var description: String {
        switch self {
        case let .ratioOutOfRange(stratum, bp):
            return "层级 \(stratum) 的抽查比例 \(bp) 基点超出 1–10000 范围 / ratio \(bp) bp for stratum \(stratum) is outside 1–10000"
        case let .missingRatio(stratum):
            return "层级 \(stratum) 没有抽查比例，请在 --ratio 中加入 \(stratum)=基点 或 *=基点 / no ratio for stratum \(stratum); add \(stratum)=bp or *=bp to --ratio"
        case let .ratioForUnknownStratum(stratum):
            return "抽查比例中的层级 \(stratum) 在检查对象名录中不存在 / ratio given for stratum \(stratum), which has no candidates"
        case .emptyStratumList:
            return "检查对象名录为空，无可抽取的对象 / the enterprise candidate list is empty"
        case let .emptyStratum(id):
            return "\(id) 的层级或部门代码为空 / empty stratum or department code for \(id)"
        case let .emptyID(stratum):
            return "层级或部门 \(stratum) 中有空的编号 / an empty id in stratum or department \(stratum)"
        case let .duplicateCandidate(id):
            return "名录中重复出现 \(id) / duplicate candidate id \(id)"
        case let .invalidCharacter(field, value):
            return "\(field) \"\(value)\" 含有制表符、换行或其他控制字符 / \(field) \"\(value)\" contains a tab, line break or control character"
        case let .tooFewEligibleInspectors(dept, eligible, requested):
            return "部门 \(dept) 只有 \(eligible) 名符合条件的执法检查人员，不足以抽取 \(requested) 名 / department \(dept) has \(eligible) eligible inspectors, fewer than the \(requested) requested"
        case let .tooFewInspectorsForTeam(dept, inspectors, teamSize):
            return "部门 \(dept) 抽取的 \(inspectors) 名执法检查人员不足以组成每组 \(teamSize) 人的检查组 / department \(dept): \(inspectors) inspectors are too few for a team of \(teamSize)"
        case let .unknownDepartment(dept):
            return "部门 \(dept) 在执法检查人员名录中没有人员 / department \(dept) has no inspectors in the roster"
        case let .invalidInspectorCount(dept, count):
            return "部门 \(dept) 的抽取人数 \(count) 无效，至少为 1 / invalid inspector count \(count) for department \(dept); at least 1"
        case let .teamSizeTooSmall(size):
            return "检查组人数 \(size) 少于 2 人 / team size \(size) is below 2"
        case let .noConflictFreeTeam(dept, enterprise):
            return "部门 \(dept) 没有与企业 \(enterprise) 无回避关系的检查组 / department \(dept) has no conflict-free team for enterprise \(enterprise)"
        case let .rejectedNeverDrawn(id):
            return "\(id) 未被抽中（或已被剔除），不能剔除 / \(id) was never drawn (or is already rejected), so it cannot be rejected"
        case let .noReplacementLeft(stratum, rejected):
            return "\(stratum) 已无可补抽的对象来替换 \(rejected) / no candidate left in \(stratum) to replace \(rejected)"
        case .invalidSecret:
            return "secret 必须是 64 位十六进制数（32 字节） / the secret must be 64 hex digits (32 bytes)"
        case let .invalidParameter(name, value):
            return "参数 \(name) 的值 \"\(value)\" 无法识别，应为 键=整数,键=整数 / cannot read \(name) \"\(value)\"; expected key=integer,key=integer"
        case let .csv(file, line, reason):
            return "\(file) 第 \(line) 行：\(reason) / \(file) line \(line): \(reason)"
        case let .invalidRecord(reason):
            return "抽取记录无法读取：\(reason) / cannot read the draw record: \(reason)"
        }
    }
}
