import Foundation
import SpotcheckCore

/// The worked example of spec §9 (copied into Fixtures/draw-example, see its README).
enum DrawFixture {
    static func text(_ name: String) throws -> String {
        let parts = name.split(separator: ".")
        guard let url = Bundle.module.url(
            forResource: String(parts[0]), withExtension: String(parts[1]), subdirectory: "Fixtures/draw-example")
        else { throw CocoaError(.fileNoSuchFile) }
        return try String(contentsOf: url, encoding: .utf8)
    }

    static var objects: String { get throws { try text("objects.csv") } }
    static var inspectors: String { get throws { try text("inspectors.csv") } }
    static var conflicts: String { get throws { try text("conflicts.csv") } }
    static var recordJSON: String { get throws { try text("record.json") } }

    static func inputs(conflicts: String? = nil) throws -> DrawInputs {
        try DrawInputCSV.inputs(objects: objects, inspectors: inspectors, conflicts: conflicts ?? self.conflicts)
    }

    /// The parameters named in spec §9's last paragraph.
    static var parameters: DrawParameters {
        DrawParameters(
            secret: Array(0..<32), entropy: "2024-05-27-witness-417-293",
            ratios: RatioTable(explicit: ["A": 2000, "B": 2000, "C": 3000, "D": 5000]),
            inspectorsPerDepartment: ["yjj": 5, "scjg": 4, "swj": 4, "xf": 4], teamSize: 2,
            rejectedEnterprises: ["91130534EAHDQ8FX0X", "92130534P28C3DTYX1"],
            rejectedInspectors: ["130534200001"])
    }

    static var expectedRecord: DrawRecord {
        get throws { try DrawRecordJSON.decode(Data(recordJSON.utf8)) }
    }
}
