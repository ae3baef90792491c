import Foundation
import SpotcheckCore

extension CivilDate {
    /// Today by the system clock: only for defaults of store functions whose callers in the
    /// workflow layer pass `WorkClock.today` instead.
    public static var today: CivilDate { WorkClock.system.today }

    /// The calendar day of `date` in China Standard Time (UTC+8, no daylight saving).
    public init(date: Date) { self.init(chinaDayOf: date) }
}
