import Crypto
import FluentKit
import Foundation
import SQLKit
import SpotcheckCore

/// Publication (product step 3): freeze every input of the draw and commit to a secret.
extension TaskStore {
    /// Freezes the candidates, each department's eligible inspectors and the declared conflicts,
    /// makes the secret and its commitment, and moves the task to 已发布 — all in one
    /// transaction. From here on nothing edited in the directory or the rosters changes the task.
    ///
    /// `secret` is for the demo and tests only, which need a reproducible draw; everything else
    /// takes a fresh one from the system's CSPRNG.
    @discardableResult
    public func publish(_ reference: String, actor: AuditLog.Actor, today: CivilDate = .today, secret fixedSecret: [UInt8]? = nil,
                        progress: (@Sendable (String) -> Void)? = nil) async throws -> TaskInfo {
        let (published, inputs) = try await db.transaction { tx in
            let store = on(tx)
            let task = try await store.lock(reference)
            try task.state.check(moveTo: .published, action: "发布")
            let plan = task.plan
            try await store.check(plan)

            progress?("冻结检查对象名录 / freezing enterprise candidates")
            let objects = try await store.candidateText(plan: plan, excludingTask: task.id)
            progress?("冻结执法检查人员名录 / freezing eligible inspectors")
            let inspectors = try await store.eligibleInspectorText(plan: plan)
            let conflicts = try await store.conflictText(inspectorCodes: inspectors.codes)
            progress?("排序并计算摘要 / sorting and digesting the frozen lists")

            // The candidate list comes straight from the scan; the small inspector and conflict
            // lists are parsed from their frozen text. Digests of both equal what the draw and
            // any verifier compute from the stored files (the draw-and-verify test proves it).
            guard objects.count > 0 else {
                throw StoreError.invalid("检查范围内没有符合条件的企业（仅存续企业；请检查领域标签、区划代码和排除条件），不能发布")
            }
            let files: [TaskSnapshotKind: String] = [.objects: objects.text, .inspectors: inspectors.text, .conflicts: conflicts.text]
            let fileDigests = files.mapValues { Hex.encode(SHA256.hash(data: Data($0.utf8))) }
            // The database stores the large frozen objects.csv while the list is sorted and
            // digested here (if publication fails below, the transaction takes it back).
            async let objectsStored: Void = store.storeSnapshot(taskID: task.id, .objects, text: objects.text,
                                                                sha256: fileDigests[.objects]!)
            let enterpriseList = try EnterpriseList(objects.builder, departments: objects.departments)
            let candidates = enterpriseList.candidates
            let inspectorList = try DrawInputCSV.inspectors(inspectors.text)
            let conflictSet = try DrawInputCSV.conflicts(conflicts.text)
            let freeze = try Self.freeze(plan: plan, candidates: candidates, inspectors: inspectorList, conflicts: conflictSet,
                                         fileDigests: fileDigests, conflictsCount: conflicts.count, today: today)
            if !TaskPlan.meetsFloor(selected: freeze.quotaCount, of: freeze.candidateCount) && plan.ratioOverrideReason.isEmpty {
                throw StoreError.invalid(
                    "按所设比例只抽取 \(freeze.quotaCount)/\(freeze.candidateCount) 户（\(Self.percent(freeze.overallBasisPoints))），低于 20% 的总体下限；请提高比例或填写书面理由")
            }

            progress?("保存冻结名单 / storing the frozen lists")
            try await objectsStored
            for kind in [TaskSnapshotKind.inspectors, .conflicts] {
                try await store.storeSnapshot(taskID: task.id, kind, text: files[kind]!, sha256: fileDigests[kind]!)
            }
            let secret = fixedSecret ?? DrawSeed.freshSecret()
            let commitment = DrawSeed.commitment(secret: secret)
            try await store.setState(task, .published, action: "发布", actor: actor,
                                     extra: ["secret": Hex.encode(secret), "commitment": commitment, "freeze": try Self.json(freeze)],
                                     dates: ["published_at": clock.now()])
            try await AuditLog.record(on: tx, actor: actor, action: "publish", entity: "task", entityID: String(task.id), after: [
                "commitment": commitment, "candidates": String(freeze.candidateCount), "quota": String(freeze.quotaCount),
                "objects_sha256": freeze.fileDigests["objects.csv"]!, "inspectors_sha256": freeze.fileDigests["inspectors.csv"]!,
                "conflicts_digest": freeze.conflictsDigest, "ratio_override_reason": plan.ratioOverrideReason,
            ])
            let published = try await store.require(String(task.id))
            return (published, DrawInputs(objects: enterpriseList, inspectors: inspectorList, conflicts: conflictSet))
        }
        // After the commit (a rolled-back publication leaves nothing behind; the key being the
        // files' digests, even a stale entry could only ever be hit by identical files).
        if let key = published.freeze.flatMap({ FrozenInputsCache.key(fileDigests: $0.fileDigests) }) {
            FrozenInputsCache.shared.store(inputs, for: key)
        }
        return published
    }

    /// Stores one frozen file with its SHA-256 and row count (lines after the header).
    func storeSnapshot(taskID: Int, _ kind: TaskSnapshotKind, text: String, sha256: String) async throws {
        var text = text
        // Over the raw bytes: a 26 MB list counted through the UTF-8 view took 30 ms.
        let lines = text.withUTF8 { bytes in bytes.reduce(0) { $0 &+ ($1 == 0x0A ? 1 : 0) } }
        try await sql.insert(into: "task_snapshots").columns("task_id", "kind", "content", "sha256", "rows")
            .values(SQLBind(taskID), SQLBind(kind.rawValue), SQLBind(text), SQLBind(sha256), SQLBind(lines - 1))
            .run()
    }

    /// The frozen file of `kind` (spec §8 CSV), available once the task is published.
    public func snapshot(_ taskID: Int, _ kind: TaskSnapshotKind) async throws -> String {
        guard let row = try await sql.select().column("content").from("task_snapshots")
            .where("task_id", .equal, taskID).where("kind", .equal, kind.rawValue).first()
        else { throw StoreError.notFound(entity: "冻结名单", key: kind.fileName) }
        return try row.decode(column: "content", as: String.self)
    }

    /// The three frozen lists parsed, exactly as the offline verifier parses them.
    public func frozenInputs(_ taskID: Int) async throws -> DrawInputs {
        try DrawInputCSV.inputs(
            objects: try await snapshot(taskID, .objects), inspectors: try await snapshot(taskID, .inspectors),
            conflicts: try await snapshot(taskID, .conflicts))
    }

    /// ``frozenInputs(_:)-(Int)`` of a published task, from memory when its files were the last
    /// ones published or read (see ``FrozenInputsCache``).
    func frozenInputs(_ task: TaskInfo) async throws -> DrawInputs {
        guard let key = task.freeze.flatMap({ FrozenInputsCache.key(fileDigests: $0.fileDigests) }) else {
            return try await frozenInputs(task.id)
        }
        if let cached = FrozenInputsCache.shared.inputs(for: key) { return cached }
        let inputs = try await frozenInputs(task.id)
        FrozenInputsCache.shared.store(inputs, for: key)
        return inputs
    }

    // MARK: Building the frozen lists

    /// `uscc,stratum,depts` of every enterprise in scope, read from the directory in one pass;
    /// the departments are those whose task items apply to the enterprise.
    func candidateText(plan: TaskPlan, excludingTask taskID: Int) async throws -> CandidateCollector.Result {
        let applicability = try await departmentApplicability(plan: plan)
        let recent = try await recentlyInspected(months: plan.scope.excludeInspectedWithinMonths, excludingTask: taskID)
        let scope = plan.scope
        var collector = CandidateCollector()
        // A directory has few distinct tag combinations, so whether a combination is in scope and
        // which departments it gets is worked out once per combination, not once per enterprise.
        var verdicts = ByteKeyedCache<CandidateCollector.Departments?>()
        // No ORDER BY: the candidate list sorts itself in canonical (byte) order, and sorting a
        // million rows by the database's collation would cost more than the whole draw.
        try await ActiveEnterpriseScan(sql: sql).forEachRow(regionPrefix: scope.regionPrefix) { row in
            let verdict = verdicts.value(for: row.tags) { tagText in
                let tags = FieldTag.splitList(String(decoding: tagText, as: UTF8.self)).map { FieldTag($0) }
                let depts = scope.admits(tags: tags) ? applicability.departments(for: tags) : []
                return depts.isEmpty ? nil : CandidateCollector.Departments(depts)
            }
            guard let verdict else { return }
            if !recent.isEmpty, recent.contains(String(decoding: row.uscc, as: UTF8.self)) { return }
            collector.append(uscc: row.uscc, stratum: row.riskClass, departments: verdict)
        }
        return collector.result
    }

    /// Which of the plan's departments inspect an enterprise, from the items they chose.
    func departmentApplicability(plan: TaskPlan) async throws -> DepartmentApplicability {
        let items = try await ItemList(db: db).list(department: nil)
        var chosen: [(department: String, scopeTags: [FieldTag])] = []
        for dept in plan.departments {
            let codes = Set(dept.itemCodes)
            for item in items where item.dept == dept.department && codes.contains(item.code) {
                chosen.append((dept.department, item.scopeTags))
            }
        }
        return DepartmentApplicability(items: chosen)
    }

    /// Enterprises in the active selection of other tasks drawn in the last `months` months.
    func recentlyInspected(months: Int, excludingTask taskID: Int) async throws -> Set<String> {
        guard months > 0 else { return [] }
        let since = clock.now().addingTimeInterval(-Double(months) * 30.4375 * 86_400)
        let rows = try await sql.select().column(SQLColumn("uscc", table: "task_enterprises")).from("task_enterprises")
            .join("tasks", on: SQLColumn("task_id", table: "task_enterprises"), .equal, SQLColumn("id", table: "tasks"))
            .where(SQLColumn("active", table: "task_enterprises"), .equal, SQLBind(true))
            .where(SQLColumn("id", table: "tasks"), .notEqual, SQLBind(taskID))
            .where(SQLColumn("drawn_at", table: "tasks"), .greaterThanOrEqual, SQLBind(since))
            .where(SQLColumn("state", table: "tasks"), .notEqual, SQLBind(TaskState.cancelled.rawValue))
            .all()
        return Set(try rows.map { try $0.decode(column: "uscc", as: String.self) })
    }

    /// `id,dept` of each department's eligible inspectors: 在岗, not an expert, certificate valid
    /// through the end of the period. Fails when a department has fewer than it plans to draw.
    func eligibleInspectorText(plan: TaskPlan) async throws -> (text: String, codes: [String]) {
        var text = "id,dept\n"
        var codes: [String] = []
        for dept in plan.departments.sorted(by: { $0.department.utf8Precedes($1.department) }) {
            let eligible = try await eligibleInspectors(department: dept.department, periodEnd: plan.periodEnd)
            guard eligible.count >= dept.inspectorCount else {
                throw StoreError.invalid(
                    "\(try await departmentName(dept.department))符合条件的执法检查人员（在岗、非专家、执法证有效期至 \(plan.periodEnd.chineseText) 以后）仅 \(eligible.count) 人，少于计划抽取的 \(dept.inspectorCount) 人；请修改该部门的抽取人数，或在执法检查人员名录中补充、更新执法证")
            }
            for inspector in eligible {
                text += inspector.code + "," + dept.department + "\n"
                codes.append(inspector.code)
            }
        }
        return (text, codes)
    }

    /// Who of a department's roster may be drawn for a task ending on `periodEnd`: 在岗, not an
    /// expert (experts are added separately and never count), certificate valid to the end.
    public func eligibleInspectors(department: String, periodEnd: CivilDate) async throws -> [InspectorRecord] {
        try await InspectorRoster(db: db).list(department: department).filter { inspector in
            guard inspector.status.isEligible, !inspector.isExpert, let expiry = inspector.certificateExpiry else { return false }
            return expiry >= periodEnd
        }
    }

    /// `inspector,uscc` of the conflicts declared for the given inspectors, sorted and unique.
    func conflictText(inspectorCodes: [String]) async throws -> (text: String, count: Int) {
        let wanted = Set(inspectorCodes)
        let pairs = try await ConflictList(db: db).conflictSet().pairs.filter { wanted.contains($0.inspector) }
        return ("inspector,uscc\n" + pairs.map { "\($0.inspector),\($0.enterprise)\n" }.joined(), pairs.count)
    }

    static func freeze(plan: TaskPlan, candidates: CandidateList, inspectors inspectorList: CandidateList, conflicts: ConflictSet,
                       fileDigests: [TaskSnapshotKind: String], conflictsCount: Int, today: CivilDate) throws -> TaskFreeze {
        let table = plan.ratioTable
        var strata: [TaskFreeze.Stratum] = []
        for stratum in candidates.strata {
            guard let bp = table.explicit[stratum.name] else {
                throw StoreError.invalid("范围内有信用风险分类为 \(stratum.name) 的企业，但未设置该类的抽查比例")
            }
            strata.append(TaskFreeze.Stratum(stratum: stratum.name, ratioBasisPoints: bp, n: stratum.count,
                                             k: Quota.count(n: stratum.count, basisPoints: bp),
                                             digest: candidates.digest(of: stratum)))
        }
        let counts = Dictionary(plan.departments.map { ($0.department, $0.inspectorCount) }, uniquingKeysWith: { a, _ in a })
        let inspectors = inspectorList.strata.map { stratum in
            TaskFreeze.InspectorList(dept: stratum.name, n: stratum.count, k: counts[stratum.name] ?? 0,
                                     digest: inspectorList.digest(of: stratum))
        }
        let digests = Dictionary(uniqueKeysWithValues: fileDigests.map { ($0.key.fileName, $0.value) })
        return TaskFreeze(strata: strata, inspectors: inspectors, conflictsDigest: conflicts.digest,
                          conflictsCount: conflictsCount, fileDigests: digests, publishedOn: today)
    }

    static func percent(_ basisPoints: Int) -> String {
        String(format: "%.2f%%", Double(basisPoints) / 100)
    }

    /// A department's name for messages (people read names, not codes); the code if it has none.
    func departmentName(_ code: String) async throws -> String {
        try await DepartmentRepository(db: db).find(code: code)?.name ?? code
    }
}
