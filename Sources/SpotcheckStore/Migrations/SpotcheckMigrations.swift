import FluentKit

/// Every migration in the order it must run. Landed migrations are never edited; a change to the
/// schema is a new numbered file appended here.
public enum SpotcheckMigrations {
    public static let all: [any Migration] = [
        M0001CreateDepartments(),
        M0002CreateUsers(),
        M0003CreateSessions(),
        M0004CreateAPITokens(),
        M0005CreateAuditEvents(),
        M0006CreateDirectory(),
        M0007CreateTasks(),
        M0008CreateResults(),
        M0009CreateCalendarOverrides(),
        M0010TuneTaskTables(),
        M0011TuneTaskWrites(),
        M0012CreateTaskExperts(),
        M0013CreateLoginAttempts(),
        M0014IndexPublicResults(),
        M0015AddItemRetirement(),
        M0016StoreStateCodes(),
        M0017AddTaskDepartments(),
        M0018AddResultAnswers(),
        M0019CreateAnnualPlans(),
        M0020CreateVisits(),
        M0021CreateSummaries(),
        M0022CreateMessages(),
        M0023AddPlanApproval(),
    ]
}
