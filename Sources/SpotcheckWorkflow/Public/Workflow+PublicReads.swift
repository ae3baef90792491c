import Foundation
import SpotcheckCore
import SpotcheckStore

/// What anyone may read without logging in (RoleGate.publicAccess): the published tasks and their
/// notices, the draw record and the frozen lists once they are public, the approved results and
/// the publicity feed. Pages and `/api/v1/public/…` read the same things through these.
extension Workflow {
    /// One page of the public tasks (published or later; a cancelled draft never was), newest first.
    public func publicTasks(page: ListPage) async throws -> (tasks: [TaskInfo], total: Int) {
        try await PublicTasks(db: db).list(page: page)
    }

    /// Every department's name by code, for showing the codes of public lists.
    public func publicDepartmentNames() async throws -> [String: String] {
        try await PublicTasks(db: db).departmentNames()
    }

    /// A public task's notice (without its draw record), or 404.
    public func publicNotice(_ reference: TaskReference) async throws -> PublicTasks.Notice {
        guard let notice = try await PublicTasks(db: db).notice(reference.description) else {
            throw StoreError.notFound(entity: "公开的抽查任务", key: reference.description)
        }
        return notice
    }

    /// What the notice lists of a drawn task: one page of the drawn enterprises (optionally searched
    /// by name or code) with how many match, and the enterprises departments returned. Empty before the draw.
    public func publicSelections(of notice: PublicTasks.Notice, search: String, page: ListPage) async throws
        -> (selected: [PublicTasks.Selection], matching: Int, rejected: [PublicTasks.Selection]) {
        guard notice.task.drawnAt != nil else { return ([], 0, []) }
        let tasks = PublicTasks(db: db)
        let (selected, matching) = try await tasks.selections(of: notice, search: search, page: page)
        return (selected, matching, try await tasks.rejected(of: notice))
    }

    /// The draw record of a public task as the notice offers it: once the draw is complete the
    /// stored record as stored; before, with the secret and seed blanked so nobody can foresee
    /// replacements. 404 before the draw.
    public func publicDrawRecord(_ reference: TaskReference) async throws -> (task: TaskInfo, record: DrawRecord, bytes: Data) {
        guard let task = try await tasks.find(reference.description), PublicTasks.isPublic(task) else {
            throw StoreError.notFound(entity: "公开的抽查任务", key: reference.description)
        }
        guard task.drawnAt != nil, let stored = task.recordJSON, let record = try task.publicRecord else {
            throw StoreError.notFound(entity: "抽取记录", key: "任务「\(task.documentNumber)」尚未抽取")
        }
        return (task, record, task.revealsSecret ? Data(stored.utf8) : Data(DrawRecordJSON.encode(record)))
    }

    /// A frozen list of a public task (spec §8 CSV). Published with the secret, when anyone can
    /// rerun the draw; 404 before that.
    public func publicFrozenList(_ reference: TaskReference, _ kind: TaskSnapshotKind) async throws -> (task: TaskInfo, csv: String) {
        let task = try await publicNotice(reference).task
        guard task.revealsSecret else {
            throw StoreError.notFound(entity: "冻结名单", key: "任务「\(task.documentNumber)」抽取完成（匹配检查组）后公开")
        }
        return (task, try await tasks.snapshot(task.id, kind))
    }

    /// One page of the approved (published) results, searched by enterprise name or USCC.
    public func publicResults(search: String, page: ListPage) async throws -> (entries: [PublicResults.Entry], total: Int) {
        try await PublicResults(db: db).search(text: search, page: page)
    }

    /// The publicity feed (docs/publicity-feed.md): every approved result published within
    /// `from…to` (inclusive dates, China Standard Time), newest first.
    public func publicityFeed(from: CivilDate?, to: CivilDate?) async throws -> [PublicResults.Entry] {
        if let from, let to, to < from { throw StoreError.invalid("to（\(to)）不能早于 from（\(from)）") }
        return try await PublicResults(db: db).entries(from: from?.startOfDayInChina, to: to?.adding(days: 1).startOfDayInChina)
    }
}

extension Workflow {
    /// A value that changes whenever what the public results pages show changes (a result is
    /// published or corrected): anonymous pages are cached per version.
    public func publicResultsVersion() async throws -> String {
        try await PublicResults(db: db).version()
    }

    /// A value that changes whenever the public notice of `reference` changes (nil: no such public task).
    public func publicTaskVersion(_ reference: TaskReference) async throws -> String? {
        try await PublicTasks(db: db).version(reference.description)
    }
}
