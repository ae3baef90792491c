extension TaskState {
    /// Teams exist once the task is matched: forms, group reports, results and dispositions from
    /// then on. The one spelling of that set.
    public static let withTeams: Set<TaskState> = [.matched, .inspecting, .completed, .archived]

    public var hasTeams: Bool { Self.withTeams.contains(self) }
}
