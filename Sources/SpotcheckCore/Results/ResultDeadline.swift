/// The publication deadline of a result: within N working days after the inspection date
/// (the notice: 20), counted from the next day with the working-day calendar.
public enum ResultDeadline {
    public static let defaultWorkingDays = 20

    /// The last day to enter and publish the result of an inspection done on `inspectionDate`.
    public static func due(inspectedOn inspectionDate: CivilDate, workingDays: Int = defaultWorkingDays,
                           calendar: WorkingDayCalendar = .standard) -> CivilDate {
        calendar.addWorkingDays(workingDays, to: inspectionDate)
    }
}
