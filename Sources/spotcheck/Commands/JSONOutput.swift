import Foundation

/// What every `--json` option prints: pretty, keys sorted (stable for scripts that diff), and
/// slashes as they are (文号 and paths stay readable).
func printJSON(_ object: Any) throws {
    let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    print(String(decoding: data, as: UTF8.self))
}
