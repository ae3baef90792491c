/// Where a result (one department's part of one 一企一表) stands: entered, submitted for
/// review, approved and public. The raw value is the stable ASCII code stored in the database;
/// the Chinese `label` is what people read.
public enum ResultStatus: String, CaseIterable, Sendable, Codable {
    case draft
    case submitted
    case approved

    public var label: String {
        switch self {
        case .draft: "草稿"
        case .submitted: "已提交"
        case .approved: "已公示"
        }
    }
}
