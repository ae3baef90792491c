import Foundation
import Hummingbird
import SpotcheckCore
import SpotcheckWorkflow
import SpotcheckImport
import SpotcheckStore

/// 工作日日历: the office admin sees a year's holidays and 调休 working days, imports the State
/// Council's list for a later year (the same CSV and the same all-or-nothing rule as
/// `spotcheck calendar import`), corrects single days and clears a year's stored data. Every
/// deadline the platform computes reads the same stored rows.
enum CalendarController {
    static let office = RoleGate.office

    struct DayForm: Decodable {
        var date: String?
        var kind: String?
        var year: String?
    }

    static func register(_ routes: SecuredRoutes, _ env: WebEnvironment) {
        routes.get("/calendar", office) { request, context in
            let year = try selectedYear(env, request.uri.queryParameters.get("year"))
            return try await page(env, context, year: year)
        }

        routes.post("/calendar/import", office) { request, context in
            let principal = context.principal
            var request = request
            // Larger files are refused with 413 before they are read into memory.
            let body = try await request.collectBody(upTo: context.bodyLimit)
            let form = try MultipartForm(body: Data(buffer: body), contentType: request.headers[.contentType] ?? "")
            let shownYear = (try? selectedYear(env, form.text("year"))) ?? env.today.year
            guard let file = form.part("file"), !file.data.isEmpty else {
                return try await page(env, context, year: shownYear, extra: ["uploadError": "请选择要导入的 CSV 文件"], status: .badRequest)
            }
            let fileName = file.fileName ?? "upload.csv"
            let text: String
            do {
                text = try TextDecoding.decode(file.data).text
            } catch {
                return try await page(env, context, year: shownYear, extra: ["uploadError": "文件「\(fileName)」无法读取：\(error)"], status: .badRequest)
            }
            let years: [Int], entries: Int
            do {
                (years, entries) = try await env.workflow.importCalendar(csv: text, by: principal)
            } catch let error as CalendarOverrides.ParseError {
                return try await page(env, context, year: shownYear, extra: [
                    "uploadError": "文件「\(fileName)」有 \(error.issues.count) 处错误，未写入任何数据。请修改下列各行后重新上传。",
                    "issues": error.issues.map(\.description), "hasIssues": true,
                ], status: .unprocessableContent)
            } catch let error as StoreError {
                return try await page(env, context, year: shownYear, extra: ["uploadError": "文件「\(fileName)」：\(error)"], status: .unprocessableContent)
            }
            guard let firstYear = years.first else { return ViewRenderer.redirect("/calendar?year=\(shownYear)") }
            let list = years.map(String.init).joined(separator: "、")
            return try await page(env, context, year: firstYear, extra: [
                "notice": "已导入文件「\(fileName)」：\(list) 年节假日安排，共 \(entries) 个日期（所列年份原有的录入数据已整年替换）。",
            ])
        }

        routes.get("/calendar/template.csv", office) { _, _ in
            DirectoryExport.download(Data(templateCSV().utf8), fileName: "节假日安排模板.csv", format: .csv)
        }

        routes.post("/calendar/days", office) { request, context in
            let principal = context.principal
            let form = try await decodeForm(DayForm.self, from: request, context: context)
            let shownYear = (try? selectedYear(env, form.year)) ?? env.today.year
            let dateText = (form.date ?? "").trimmingCharacters(in: .whitespaces)
            guard let date = CivilDate(dateText) else {
                return try await page(env, context, year: shownYear, extra: [
                    "dayError": dateText.isEmpty ? "请填写日期" : "无效日期 \(dateText)（应为 yyyy-MM-dd，例如 2027-02-06）",
                    "formDate": dateText,
                ], status: .badRequest)
            }
            guard let kind = CalendarOverrides.DayKind(rawValue: form.kind ?? "") else {
                return try await page(env, context, year: date.year, extra: ["dayError": "请选择 休息日 或 工作日", "formDate": dateText], status: .badRequest)
            }
            try await env.workflow.setCalendarDay(date, to: kind, by: principal)
            return ViewRenderer.redirect("/calendar?year=\(date.year)")
        }

        routes.post("/calendar/days/{date}/delete", office) { _, context in
            let principal = context.principal
            guard let date = CivilDate(try context.parameters.require("date")) else { throw HTTPError(.notFound, message: "没有这个日期") }
            try await env.workflow.removeCalendarDay(date, by: principal)
            return ViewRenderer.redirect("/calendar?year=\(date.year)")
        }

        routes.post("/calendar/years/{year}/clear", office) { _, context in
            let principal = context.principal
            let year = try selectedYear(env, try context.parameters.require("year"))
            try await env.workflow.clearCalendarYear(year, by: principal)
            return ViewRenderer.redirect("/calendar?year=\(year)")
        }
    }

    /// The year asked for, or the current year in China when none is; a malformed year is a 400
    /// rather than a silent jump to another year.
    static func selectedYear(_ env: WebEnvironment, _ text: String?) throws -> Int {
        try env.workflow.calendarYear(text)
    }

    static func page(_ env: WebEnvironment, _ context: SignedInContext, year: Int, extra: [String: Any] = [:], status: HTTPResponse.Status = .ok) async throws -> Response {
        let calendar = try await env.workflow.calendar(year: year, for: context.principal)
        let storedDays = calendar.storedDays
        let format = CalendarFormat(year: year, storedDays: storedDays)
        let specialDays = format.specialDays()
        let today = env.today.year
        let years = Set(BuiltInHolidays.years.map(\.year)).union(calendar.storedYears).union([today, today + 1, year]).sorted()
        var data: [String: Any] = [
            "year": year,
            "years": years.map { option -> [String: Any] in ["value": option, "selected": option == year] },
            "months": format.months(),
            "workingDays": format.workingDayCount,
            "weekdayHolidays": format.weekdayHolidayCount,
            "swappedWorkdays": format.swappedWorkdayCount,
            "specialDays": specialDays,
            "hasSpecialDays": !specialDays.isEmpty,
            "weekdayNames": CalendarFormat.weekdayNames,
            "isBuiltIn": format.isBuiltInYear,
            "storedCount": storedDays.count,
            "hasStored": !storedDays.isEmpty,
            "uncovered": !format.isBuiltInYear && storedDays.isEmpty,
            "maxMegabytes": context.maxUploadSize / (1024 * 1024),
            "example": exampleCSV,
        ]
        if let latest = storedDays.max(by: { $0.updatedAt < $1.updatedAt }) {
            data["lastUpdatedBy"] = latest.updatedBy
            data["lastUpdatedAt"] = DisplayDate.format(latest.updatedAt)
        }
        data.merge(extra) { _, new in new }
        if data["formDate"] == nil { data["formDate"] = "" }
        return env.views.page("calendar", title: "工作日日历 \(year)", context: context, data: data, status: status)
    }

    /// Shown on the page: the format `parseCSV` reads, with the synonyms and the ignored third column.
    static let exampleCSV = "date,kind,备注\n2027-01-01,休息日,元旦\n2027-02-06,工作日,春节调休上班\n2027-02-07,休息日,春节"

    /// The download: the latest built-in year in the import format, so the office sees a whole
    /// real notice in the shape to fill in; comment lines (`#`) are skipped by the importer.
    static func templateCSV() -> String {
        // The BOM makes Excel open the UTF-8 file with readable Chinese; the importer skips it.
        var text = "\u{FEFF}date,kind,备注\n"
        text += "# 每行一个日期：日期为 yyyy-MM-dd，类型为 休息日（放假，含节假日期间的周末）或 工作日（调休上班的周末）；第三列起可填备注，导入时忽略。\n"
        text += "# 文件中出现的年份整年替换已录入的数据。以下为内置的国务院办公厅通知示例，请替换为新年度的安排。\n"
        guard let latest = BuiltInHolidays.years.max(by: { $0.year < $1.year }) else { return text }
        for entry in BuiltInHolidays.overrides.entries where entry.date.year == latest.year {
            text += "\(entry.date),\(entry.kind.rawValue)\n"
        }
        return text
    }
}
