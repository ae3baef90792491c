import Foundation
import SpotcheckCore

extension CivilDate {
    /// Today in China Standard Time: deadlines count in the offices' working days, whatever the
    /// server's own time zone is.
    public static var today: CivilDate { CivilDate(date: Date()) }

    /// The calendar day of `date` in China Standard Time (UTC+8, no daylight saving).
    public init(date: Date) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600)!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        self = CivilDate(year: parts.year!, month: parts.month!, day: parts.day!)!
    }
}
