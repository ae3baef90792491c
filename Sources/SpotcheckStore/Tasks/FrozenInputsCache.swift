import Foundation
import SpotcheckCore

/// The last task's frozen draw inputs, parsed, kept in memory between publication and the
/// steps that replay the draw (draw, confirmations, inspector draws, matching).
///
/// Why: a province's candidate list is a million rows; parsing and sorting its stored
/// `objects.csv` again at every step costs more than the draw itself. Publication already holds
/// the sorted list, so it leaves it here.
///
/// Why it is safe: entries are keyed by the SHA-256 of the three frozen files, which the task
/// stores at publication. The same digests mean the same bytes, so a hit gives exactly what
/// parsing the stored files would — whichever database or task they came from — and a task
/// whose files are not cached is parsed from the database as before. One entry only: a
/// province-sized list takes tens of megabytes.
final class FrozenInputsCache: @unchecked Sendable {
    static let shared = FrozenInputsCache()

    private let lock = NSLock()
    private var key: String?
    private var inputs: DrawInputs?

    /// The cache key of a task's frozen files, or nil when the freeze lacks a digest.
    static func key(fileDigests: [String: String]) -> String? {
        let names = TaskSnapshotKind.allCases.map(\.fileName)
        let digests = names.compactMap { fileDigests[$0] }
        return digests.count == names.count ? digests.joined(separator: ":") : nil
    }

    func inputs(for key: String) -> DrawInputs? {
        lock.withLock { self.key == key ? inputs : nil }
    }

    func store(_ inputs: DrawInputs, for key: String) {
        lock.withLock {
            self.key = key
            self.inputs = inputs
        }
    }
}
