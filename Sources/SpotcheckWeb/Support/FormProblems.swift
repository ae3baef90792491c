import SpotcheckStore

/// Validation problems of a submitted form, thrown so that one `catch` renders the form again.
struct FormProblems: Error {
    let problems: [String]
    init(_ problems: [String]) { self.problems = problems }
}

extension StoreError {
    /// Not-found errors go to the 404 page instead of back into the form.
    var isNotFound: Bool {
        if case .notFound = self { return true }
        return false
    }
}

extension StoreError {
    /// A step refused for the record's state (or because it is in use): the form comes back with 409.
    var isConflict: Bool {
        switch self {
        case .conflict, .inUse: true
        default: false
        }
    }
}
