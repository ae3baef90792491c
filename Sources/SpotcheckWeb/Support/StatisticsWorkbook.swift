import Foundation
import SpotcheckStore

/// The statistics table as the XLSX the web page exports, for `spotcheck stats --xlsx`: one
/// builder, so the command line and the page cannot drift apart.
public enum StatisticsWorkbook {
    public static func xlsx(_ table: StatisticsTable, heading: String) throws -> Data {
        try StatisticsController.xlsx(table, scope: StatisticsController.Scope(taskIDs: [], description: heading, query: ""))
    }
}
