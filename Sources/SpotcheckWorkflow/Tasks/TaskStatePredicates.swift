import SpotcheckCore
import SpotcheckStore

/// Preconditions of reads that only exist in some states, worded for the person who asked.
public enum TaskStatePredicates {
    /// Forms and group reports exist once the teams are matched; before that the state is the conflict.
    public static func requireTeams(_ task: TaskInfo) throws(TaskTransitionError) {
        guard task.state.hasTeams else {
            throw TaskTransitionError(from: task.state, action: "查看一企一表和分组情况（检查组匹配完成后才有）")
        }
    }
}
