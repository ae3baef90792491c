import SpotcheckCore
import SpotcheckStore

/// 抽查事项清单: each department keeps its own; the lists are public.
extension Workflow {
    /// A department's items (filtered by code or name), with the codes retired from new tasks.
    public func items(of department: DepartmentCode, search: String, for principal: Principal)
        async throws -> (department: DepartmentModel, items: [InspectionItemRecord], retired: Set<String>) {
        let model = try await self.department(department, for: principal)
        var items = try await ItemList(db: db).list(department: department.rawValue)
        if !search.isEmpty { items = items.filter { $0.code.localizedCaseInsensitiveContains(search) || $0.name.contains(search) } }
        return (model, items, try await ItemList(db: db).retiredCodes(department: department.rawValue))
    }

    public func item(_ code: String, of department: DepartmentCode, for principal: Principal)
        async throws -> (department: DepartmentModel, item: InspectionItemRecord, retired: Bool) {
        let model = try await self.department(department, for: principal)
        let item = try await ItemList(db: db).require(department: department.rawValue, code: code)
        return (model, item, try await ItemList(db: db).isRetired(department: department.rawValue, code: item.code))
    }

    public func createItem(_ record: InspectionItemRecord, by principal: Principal) async throws -> InspectionItemRecord {
        try AccessPolicy.requireManage(principal, department: record.dept)
        _ = try await DepartmentRepository(db: db).require(code: record.dept)
        return try await ItemList(db: db).create(record, actor: Self.actor(principal))
    }

    public func updateItem(_ code: String, of department: DepartmentCode, with change: InspectionItemRecord,
                           by principal: Principal) async throws -> (item: InspectionItemRecord, retired: Bool) {
        try AccessPolicy.requireManage(principal, department: department.rawValue)
        let stored = try await ItemList(db: db).update(department: department.rawValue, code: code, with: change, actor: Self.actor(principal))
        return (stored, try await ItemList(db: db).isRetired(department: department.rawValue, code: stored.code))
    }

    /// An item published tasks use is refused as in use, naming the tasks.
    public func deleteItem(_ code: String, of department: DepartmentCode, by principal: Principal) async throws {
        try AccessPolicy.requireManage(principal, department: department.rawValue)
        _ = try await DepartmentRepository(db: db).require(code: department.rawValue)
        try await ItemList(db: db).delete(department: department.rawValue, code: code, actor: Self.actor(principal))
    }

    public func setItemRetired(_ code: String, of department: DepartmentCode, retired: Bool,
                               by principal: Principal) async throws -> InspectionItemRecord {
        try AccessPolicy.requireManage(principal, department: department.rawValue)
        _ = try await DepartmentRepository(db: db).require(code: department.rawValue)
        let items = ItemList(db: db)
        _ = try await items.setRetired(department: department.rawValue, code: code, retired: retired, actor: Self.actor(principal))
        return try await items.require(department: department.rawValue, code: code)
    }

    /// The public list of a department (not the office), without retired items: anyone may read
    /// it, on the public page and through the API alike.
    public func publicItems(of department: DepartmentCode) async throws -> (department: DepartmentModel, items: [InspectionItemRecord])? {
        guard let model = try await DepartmentRepository(db: db).find(code: department.rawValue),
              (try model.departmentKind) == .department else { return nil }
        return (model, try await ItemList(db: db).list(department: department.rawValue, includeRetired: false))
    }

    /// Every department's public list.
    public func publicItems() async throws -> (departments: [DepartmentModel], items: [InspectionItemRecord]) {
        (try await workingDepartments(), try await ItemList(db: db).list(department: nil, includeRetired: false))
    }
}
