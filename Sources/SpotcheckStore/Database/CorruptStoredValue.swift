import Foundation
import SQLKit
import SpotcheckCore

/// A value read from the database that does not decode: an unknown state or status, an
/// unparsable date, a plan that is not valid JSON. Never replaced by a default — an unknown
/// task state read as 草稿 could then be deleted, an unknown result status read as draft could
/// be overwritten. It is a fault of the server, not of the request: the web and the API answer
/// 500 with the request id and a generic Chinese message; the description, which names the table,
/// the row, the column and the value, goes only to the log.
public struct CorruptStoredValue: Error, Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The table the row belongs to.
    public let entity: String
    /// The row's key (its id, or its composite key joined by `/`).
    public let id: String
    public let column: String
    public let value: String

    public init(entity: String, id: String, column: String, value: String) {
        self.entity = entity
        self.id = id
        self.column = column
        // A corrupt value may be long; the log needs only enough to recognise it.
        self.value = value.count > 200 ? String(value.prefix(200)) + "…" : value
    }

    public var description: String {
        "stored value does not decode: \(entity) id=\(id) column=\(column) value=\"\(value)\""
    }

    public var debugDescription: String { "CorruptStoredValue(\(description))" }
}

extension SQLRow {
    /// The enum stored in `column` by its raw value; an unknown value is ``CorruptStoredValue``.
    func decodeStored<T: RawRepresentable>(_ column: String, as type: T.Type, entity: String, id: @autoclosure () throws -> String)
        throws -> T where T.RawValue == String
    {
        let raw = try decode(column: column, as: String.self)
        guard let value = T(rawValue: raw) else { throw CorruptStoredValue(entity: entity, id: try id(), column: column, value: raw) }
        return value
    }

    /// The calendar day stored in `column` as `YYYY-MM-DD`; anything else is ``CorruptStoredValue``.
    func decodeStoredDate(_ column: String, entity: String, id: @autoclosure () throws -> String) throws -> CivilDate {
        let raw = try decode(column: column, as: String.self)
        guard let date = CivilDate(raw) else { throw CorruptStoredValue(entity: entity, id: try id(), column: column, value: raw) }
        return date
    }

    /// An optional calendar day: NULL or empty is nil (the day is not set), anything else must parse.
    func decodeStoredOptionalDate(_ column: String, entity: String, id: @autoclosure () throws -> String) throws -> CivilDate? {
        guard let raw = try decodeOptionalText(column), !raw.isEmpty else { return nil }
        guard let date = CivilDate(raw) else { throw CorruptStoredValue(entity: entity, id: try id(), column: column, value: raw) }
        return date
    }

    /// Text that may be NULL. Unlike `try? decode(…, as: String?.self)`, a failure to decode is
    /// an error, not a missing value.
    func decodeOptionalText(_ column: String) throws -> String? {
        try decodeNil(column: column) ? nil : decode(column: column, as: String.self)
    }

    /// JSON stored as text in `column` (NULL is nil); text that does not decode is ``CorruptStoredValue``
    /// rather than a `DecodingError`, which the transports read as a malformed request.
    func decodeStoredJSON<T: Decodable>(_ column: String, as type: T.Type, entity: String, id: @autoclosure () throws -> String) throws -> T? {
        guard let text = try decodeOptionalText(column) else { return nil }
        do {
            return try JSONDecoder().decode(T.self, from: Data(text.utf8))
        } catch {
            throw CorruptStoredValue(entity: entity, id: try id(), column: column, value: text)
        }
    }
}
