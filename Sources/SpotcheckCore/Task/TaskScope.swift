/// Which enterprises of the directory are candidates of a task (检查对象范围).
///
/// Why in Core: the same rule runs when the task is published (freezing the
/// candidates) and when a page previews how many enterprises are in scope.
public struct TaskScope: Sendable, Equatable, Codable {
    /// Field tags; an enterprise is in scope when it has at least one (empty = every field).
    public var tags: [FieldTag]
    /// Region code prefix (e.g. 130534); empty = every region.
    public var regionPrefix: String
    /// Leave out enterprises inspected by another task drawn in the last N months (0 = keep all).
    public var excludeInspectedWithinMonths: Int

    enum CodingKeys: String, CodingKey {
        case tags, regionPrefix = "region_prefix", excludeInspectedWithinMonths = "exclude_inspected_within_months"
    }

    public init(tags: [FieldTag] = [], regionPrefix: String = "", excludeInspectedWithinMonths: Int = 0) {
        self.tags = tags
        self.regionPrefix = regionPrefix
        self.excludeInspectedWithinMonths = excludeInspectedWithinMonths
    }

    /// Whether an enterprise with these facts is a candidate. Only 存续 enterprises are: a
    /// deregistered or revoked one cannot be inspected.
    public func admits(status: EnterpriseStatus, regionCode: String, tags enterpriseTags: [FieldTag]) -> Bool {
        status == .active && admits(regionCode: regionCode) && admits(tags: enterpriseTags)
    }

    /// Whether the region code is in scope (the region half of ``admits(status:regionCode:tags:)``).
    public func admits(regionCode: String) -> Bool {
        regionPrefix.isEmpty || regionCode.hasPrefix(regionPrefix)
    }

    /// Whether an enterprise with these field tags is in scope (the tag half of ``admits(status:regionCode:tags:)``).
    public func admits(tags enterpriseTags: [FieldTag]) -> Bool {
        tags.isEmpty || enterpriseTags.contains(where: tags.contains)
    }
}

/// Which participating departments inspect an enterprise: those with at least one task item
/// whose object scope shares a field tag with it (an item without scope applies to all).
public struct DepartmentApplicability: Sendable {
    private let scopes: [(department: String, tags: Set<FieldTag>?)]

    /// `items` are the task's items with their departments; departments come out in canonical order.
    public init(items: [(department: String, scopeTags: [FieldTag])]) {
        var byDepartment: [String: Set<FieldTag>?] = [:]
        for item in items {
            if item.scopeTags.isEmpty {
                byDepartment[item.department] = .some(nil)
            } else if case .some(.some(var tags)) = byDepartment[item.department] {
                tags.formUnion(item.scopeTags)
                byDepartment[item.department] = .some(tags)
            } else if byDepartment[item.department] == nil {
                byDepartment[item.department] = .some(Set(item.scopeTags))
            }
        }
        scopes = byDepartment.keys.sorted { $0.utf8Precedes($1) }.map { ($0, byDepartment[$0]!) }
    }

    /// The departments inspecting an enterprise with `tags`, canonical order.
    public func departments(for tags: [FieldTag]) -> [String] {
        scopes.compactMap { scope in
            guard let wanted = scope.tags else { return scope.department }
            return tags.contains(where: wanted.contains) ? scope.department : nil
        }
    }
}
