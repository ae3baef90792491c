/// Whether a department row is the 双随机 leading-group office or an inspecting department.
public enum DepartmentKind: String, CaseIterable, Sendable, Codable {
    case office
    case department

    public var label: String {
        switch self {
        case .office: "办公室"
        case .department: "部门"
        }
    }
}
