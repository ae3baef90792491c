/// The publication deadline of a result: within N working days after the inspection date
/// (the notice: 20), counted from the next day with the working-day calendar.
public enum ResultDeadline {
    public static let defaultWorkingDays = 20

    /// The last day to enter and publish the result of an inspection done on `inspectionDate`.
    public static func due(inspectedOn inspectionDate: CivilDate, workingDays: Int = defaultWorkingDays,
                           calendar: WorkingDayCalendar = .standard) -> CivilDate {
        calendar.addWorkingDays(workingDays, to: inspectionDate)
    }

    /// The deadline a result is held to: the one stored when it was submitted, else counted from
    /// its draft's inspection date; nil while no inspection date is known. The one rule the
    /// dashboards, the deadline list and the visit warnings share.
    public static func due(stored: CivilDate?, inspectedOn inspectionDate: CivilDate?, workingDays: Int = defaultWorkingDays,
                           calendar: WorkingDayCalendar = .standard) -> CivilDate? {
        stored ?? inspectionDate.map { due(inspectedOn: $0, workingDays: workingDays, calendar: calendar) }
    }

    /// The latest inspection date whose result is overdue on `today` (its deadline has passed).
    /// Deadlines never move backwards as the inspection date moves forwards, so every earlier
    /// date is overdue too: a query can count overdue drafts as `inspection_date <= this`.
    public static func lastOverdueInspection(on today: CivilDate, workingDays: Int = defaultWorkingDays,
                                             calendar: WorkingDayCalendar = .standard) -> CivilDate {
        // `workingDays` working days span at least as many calendar days, so start there and step back.
        var number = today.dayNumber - max(0, workingDays)
        while due(inspectedOn: CivilDate(dayNumber: number), workingDays: workingDays, calendar: calendar) >= today { number -= 1 }
        return CivilDate(dayNumber: number)
    }
}
