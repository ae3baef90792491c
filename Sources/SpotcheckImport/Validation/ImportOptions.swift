import SpotcheckCore

/// Settings that come from the caller rather than the file: the office's
/// tag list, what the database already holds, and the department importing.
public struct ImportOptions: Sendable {
    /// Accepted field tags; anything else in `tags`/`scope_tags` is an error.
    public var tagVocabulary: FieldTagVocabulary = .standard
    /// Codes (USCC, 执法证号, or `dept/code` for items) that must not be
    /// imported because the database already has them elsewhere — e.g. an
    /// inspector registered by another department. Enterprises are upserted by
    /// code, so the store passes nothing here for them unless it wants
    /// "new entries only".
    public var conflictingCodes: Set<String> = []
    /// `--dept`: fills an empty department cell and rejects a different one, so
    /// a department admin cannot import into another department's roster.
    public var department: String?
    /// When set, department cells (after alias mapping) must be one of these.
    public var knownDepartments: Set<String>?
    /// Department names users type (市场监管局) → codes (scjg).
    public var departmentAliases: [String: String] = [:]
    /// `false` to stream rows to a callback only (million-row imports) instead of
    /// also keeping them in ``ImportValidationResult/valid``.
    public var collectValidRows = true

    public init() {}
}
