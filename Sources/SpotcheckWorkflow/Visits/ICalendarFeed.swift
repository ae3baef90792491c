import Foundation
import SpotcheckCore

/// An inspector's agreed visits as an iCalendar feed (RFC 5545) that phone calendars subscribe
/// to. Times are China Standard Time (a fixed offset, so the feed carries its own VTIMEZONE); a
/// visit agreed for a half-day without a time spans 08:30–12:00 or 14:00–17:30.
public enum ICalendarFeed {
    public struct Event: Sendable, Equatable {
        public var uid: String
        public var date: CivilDate
        public var halfDay: VisitHalfDay
        public var time: String
        public var summary: String
        public var location: String
        public var description: String
        public var stamp: Date
        public init(uid: String, date: CivilDate, halfDay: VisitHalfDay, time: String, summary: String, location: String,
                    description: String, stamp: Date) {
            self.uid = uid
            self.date = date
            self.halfDay = halfDay
            self.time = time
            self.summary = summary
            self.location = location
            self.description = description
            self.stamp = stamp
        }
    }

    public static func text(name: String, events: [Event]) -> String {
        var lines = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//spotcheck//双随机一公开//ZH", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
            "X-WR-CALNAME:\(escape(name))", "X-WR-TIMEZONE:Asia/Shanghai",
            "BEGIN:VTIMEZONE", "TZID:Asia/Shanghai", "BEGIN:STANDARD", "DTSTART:19700101T000000", "TZOFFSETFROM:+0800",
            "TZOFFSETTO:+0800", "TZNAME:CST", "END:STANDARD", "END:VTIMEZONE",
        ]
        for event in events {
            let (start, end) = span(event)
            lines += [
                "BEGIN:VEVENT", "UID:\(event.uid)", "DTSTAMP:\(utc(event.stamp))",
                "DTSTART;TZID=Asia/Shanghai:\(local(event.date, start))", "DTEND;TZID=Asia/Shanghai:\(local(event.date, end))",
                "SUMMARY:\(escape(event.summary))", "LOCATION:\(escape(event.location))", "DESCRIPTION:\(escape(event.description))",
                "STATUS:CONFIRMED", "TRANSP:OPAQUE", "END:VEVENT",
            ]
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    /// Start and end as (hour, minute).
    static func span(_ event: Event) -> ((Int, Int), (Int, Int)) {
        let parts = event.time.split(separator: ":").compactMap { Int($0) }
        if parts.count == 2 {
            let endMinutes = min(parts[0] * 60 + parts[1] + 180, 23 * 60 + 59)
            return ((parts[0], parts[1]), (endMinutes / 60, endMinutes % 60))
        }
        return event.halfDay == .morning ? ((8, 30), (12, 0)) : ((14, 0), (17, 30))
    }

    static func local(_ date: CivilDate, _ time: (Int, Int)) -> String {
        String(format: "%04d%02d%02dT%02d%02d00", date.year, date.month, date.day, time.0, time.1)
    }

    static func utc(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .gmt
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d%02d%02dT%02d%02d%02dZ", c.year ?? 1970, c.month ?? 1, c.day ?? 1, c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
    }

    /// TEXT values: backslash, semicolon, comma and line breaks escaped (RFC 5545 §3.3.11).
    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n", "\r\n", "\r": out += "\\n"
            default: out.append(character)
            }
        }
        return out
    }

    /// Lines longer than 75 octets are folded (CRLF + space), never inside a UTF-8 character.
    static func fold(_ line: String) -> String {
        var folded = "", count = 0
        for character in line {
            let size = String(character).utf8.count
            if count + size > 75 {
                folded += "\r\n "
                count = 1
            }
            folded.append(character)
            count += size
        }
        return folded
    }
}
