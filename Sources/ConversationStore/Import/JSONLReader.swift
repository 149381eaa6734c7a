import Foundation
import TextAnalysis

/// Reads the JSONL import format: one message a line.
///
/// ```json
/// {"channel":"twitter","id":"1234","in_reply_to":"1230","direction":"inbound",
///  "author":{"id":"u1","handle":"budi","name":"Budi","followers":120},"text":"…",
///  "created_at":"2026-11-22T10:00:00Z","visibility":"public","account":"TelkomCare","automatic":false}
/// ```
///
/// `channel`, `id`, `direction`, `author.id`, `text` and `created_at` are required; ids are strings, never numbers
/// (large ids do not survive floating point). Blank lines are skipped; every other line is a message or a rejection.
public struct JSONLReader: ImportRecordSource {
    private let bytes: Data
    private let file: String
    private var position: Data.Index
    private var line = 0

    public init(_ bytes: Data, file: String) {
        self.bytes = bytes
        self.file = file
        position = bytes.startIndex
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = bytes.index(position, offsetBy: 3) }
    }

    public var offset: Int { bytes.distance(from: bytes.startIndex, to: position) }

    public mutating func next() -> ImportRecord? {
        let count = bytes.count
        let base = bytes.startIndex
        while position < bytes.endIndex {
            let record: ImportRecord? = bytes.withUnsafeBytes { (all: UnsafeRawBufferPointer) -> ImportRecord? in
                let from = position - base
                guard let start = all.baseAddress else { return nil }
                let end = memchr(start + from, 0x0A, count - from).map { start.distance(to: $0) } ?? count
                position = base + (end < count ? end + 1 : end)
                line += 1
                var lineBytes = UnsafeRawBufferPointer(rebasing: all[from..<end])
                if lineBytes.last == 0x0D { lineBytes = UnsafeRawBufferPointer(rebasing: lineBytes.dropLast()) }
                if lineBytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return nil }
                do {
                    return .message(try Self.message(lineBytes), line: line)
                } catch {
                    let reason = (error as? RecordFailure)?.reason ?? "\(error)"
                    return .rejected(
                        Rejection(
                            file: file, line: line, reason: reason,
                            bytes: Array(lineBytes)))
                }
            }
            if let record { return record }
        }
        return nil
    }

    /// A line in the usual shape is read in one pass (`JSONLineScanner`); any other goes through the general parser,
    /// which says what is wrong with it.
    static func message(_ line: UnsafeRawBufferPointer) throws -> IncomingMessage {
        guard String(validating: line, as: UTF8.self) != nil else { throw RecordFailure("the line is not valid UTF-8") }
        if let fields = JSONLineScanner.fields(line) { return try message(fields: fields) }
        return try parsedMessage(line)
    }

    /// The general path: `JSONSerialization`, then the same checks.
    static func parsedMessage(_ line: UnsafeRawBufferPointer) throws -> IncomingMessage {
        guard String(validating: line, as: UTF8.self) != nil else { throw RecordFailure("the line is not valid UTF-8") }
        if let problem = JSONSyntax.problem(in: line) { throw RecordFailure("the line is not valid JSON: \(problem)") }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(line), options: [])
        } catch {
            throw RecordFailure("the line is not valid JSON")
        }
        guard let fields = object as? [String: Any] else { throw RecordFailure("the line is not a JSON object") }
        return try message(fields: fields)
    }

    /// One message in this schema from an already decoded JSON value, as the webhook intake receives them.
    public static func message(from object: Any) throws(InvalidMessage) -> IncomingMessage {
        guard let fields = object as? [String: Any] else {
            throw InvalidMessage(reason: "a message must be a JSON object")
        }
        do {
            return try message(fields: fields)
        } catch let failure as RecordFailure {
            throw InvalidMessage(reason: failure.reason)
        } catch {
            throw InvalidMessage(reason: "\(error)")
        }
    }

    private static func message(fields: some MessageFields) throws -> IncomingMessage {

        func string(_ key: String, in object: some MessageFields, required: Bool) throws -> String? {
            let value: String?
            do {
                value = try object.string(key)
            } catch {
                throw RecordFailure("'\(key)' must be a string")
            }
            guard let value else {
                if required { throw RecordFailure("'\(key)' is missing") }
                return nil
            }
            return value
        }
        func identifier(_ key: String, in object: some MessageFields, required: Bool) throws -> String? {
            guard let text = try string(key, in: object, required: required) else { return nil }
            guard IncomingMessageRules.isIdentifier(text) else {
                throw RecordFailure(
                    "'\(key)' must be 1–\(IncomingMessageRules.maximumIDLength) characters without spaces")
            }
            return text
        }

        guard let channelName = try string("channel", in: fields, required: true),
            let channel = Channel(rawValue: channelName)
        else { throw RecordFailure("'channel' must be a lowercase name like twitter, facebook or whatsapp") }
        guard let id = try identifier("id", in: fields, required: true) else { throw RecordFailure("'id' is missing") }
        let parent = try identifier("in_reply_to", in: fields, required: false)
        guard parent != id else { throw RecordFailure("the message answers itself") }
        guard let directionName = try string("direction", in: fields, required: true),
            let direction = MessageDirection(rawValue: directionName), direction != .note
        else { throw RecordFailure("'direction' must be inbound or outbound") }
        guard let authorObject = fields.object("author") else {
            throw RecordFailure("'author' must be an object with at least an 'id'")
        }
        guard let authorID = try identifier("id", in: authorObject, required: true) else {
            throw RecordFailure("'author.id' is missing")
        }
        let followers: Int?
        do {
            followers = try authorObject.wholeNumber("followers")
        } catch {
            throw RecordFailure("'author.followers' must be a whole number")
        }
        if let followers, !(0...IncomingMessageRules.maximumFollowers).contains(followers) {
            throw RecordFailure(
                "'author.followers' \(followers) is not from 0 to \(IncomingMessageRules.maximumFollowers)")
        }
        let handle = try string("handle", in: authorObject, required: false)
        let name = try string("name", in: authorObject, required: false)
        for (key, value) in [("handle", handle), ("name", name)] {
            if let value, let problem = IncomingMessageRules.nameProblem(value) {
                throw RecordFailure("'author.\(key)' \(problem)")
            }
        }
        let author = IncomingMessage.Author(id: authorID, handle: handle, name: name, followers: followers)
        guard let text = try string("text", in: fields, required: true) else {
            throw RecordFailure("'text' is missing")
        }
        if let problem = IncomingMessageRules.textProblem(text) { throw RecordFailure("'text' \(problem)") }
        guard let created = try string("created_at", in: fields, required: true),
            let createdAt = Timestamp.parseRFC3339(created)
        else { throw RecordFailure("'created_at' must be an RFC 3339 time like 2026-11-22T10:00:00Z") }
        guard IncomingMessageRules.isPlausible(createdAt) else {
            throw RecordFailure("'created_at' \(created) is not \(IncomingMessageRules.timeRangeText)")
        }
        var visibility = Visibility.public
        if let name = try string("visibility", in: fields, required: false) {
            guard let parsed = Visibility(rawValue: name) else {
                throw RecordFailure("'visibility' must be public or private")
            }
            visibility = parsed
        }
        let automatic: Bool
        do {
            automatic = try fields.flag("automatic") ?? false
        } catch {
            throw RecordFailure("'automatic' must be true or false")
        }
        let account = try identifier("account", in: fields, required: false)
        var message = IncomingMessage(
            channel: channel, externalID: id, inReplyTo: parent, direction: direction, author: author, text: text,
            createdAt: createdAt, visibility: visibility, account: account, automatic: automatic)
        if let masked = try string("masked_personal_data", in: fields, required: false), !masked.isEmpty {
            let kinds = masked.split(separator: ",").map { PersonalDataKind(rawValue: String($0)) }
            guard !kinds.contains(nil) else {
                throw RecordFailure(
                    "'masked_personal_data' must name kinds of personal data, comma separated: "
                        + PersonalDataKind.allCases.map(\.rawValue).joined(separator: ", "))
            }
            message.maskedPersonalData = PersonalDataRules.bits(kinds.compactMap { $0 })
        }
        return message
    }
}

/// Why a message given as JSON cannot be taken, in words for the sender.
public struct InvalidMessage: Error, Hashable, Sendable, CustomStringConvertible {
    public var reason: String
    public init(reason: String) { self.reason = reason }
    public var description: String { reason }
}

/// A value of the wrong JSON type for its field.
struct FieldTypeMismatch: Error {}

/// The fields of one message as a JSON parser left them. Each accessor gives `nil` for a field that is absent or
/// `null`, and throws when the field holds another type.
protocol MessageFields {
    func string(_ key: String) throws(FieldTypeMismatch) -> String?
    /// A nested object; `nil` when it is absent or not an object.
    func object(_ key: String) -> Self?
    /// A whole number, possibly negative (`120.0` is one; `1.5` is not).
    func wholeNumber(_ key: String) throws(FieldTypeMismatch) -> Int?
    func flag(_ key: String) throws(FieldTypeMismatch) -> Bool?
}

/// What `JSONSerialization` (and the webhook intake) decode.
extension Dictionary: MessageFields where Key == String, Value == Any {
    func string(_ key: String) throws(FieldTypeMismatch) -> String? {
        guard let value = self[key], !(value is NSNull) else { return nil }
        guard let text = value as? String else { throw FieldTypeMismatch() }
        return text
    }

    func object(_ key: String) -> [String: Any]? { self[key] as? [String: Any] }

    func wholeNumber(_ key: String) throws(FieldTypeMismatch) -> Int? {
        guard let value = self[key], !(value is NSNull) else { return nil }
        guard let number = value as? NSNumber, !number.isBoolean else { throw FieldTypeMismatch() }
        // Read as the integer it is when it is one: through a double, 9223372036854775807 is no longer whole.
        switch String(cString: number.objCType) {
        case "q", "l", "i", "s": return Int(exactly: number.int64Value) ?? 0
        case "Q", "L", "I", "S":
            guard let whole = Int(exactly: number.uint64Value) else { throw FieldTypeMismatch() }
            return whole
        default:
            guard let whole = Int(exactly: number.doubleValue) else { throw FieldTypeMismatch() }
            return whole
        }
    }

    func flag(_ key: String) throws(FieldTypeMismatch) -> Bool? {
        guard let value = self[key], !(value is NSNull) else { return nil }
        // A number is not a flag, though Foundation would read 1 as true.
        guard let number = value as? NSNumber, number.isBoolean else { throw FieldTypeMismatch() }
        return number.boolValue
    }
}

extension NSNumber {
    /// Whether JSON said `true` or `false` (Foundation keeps booleans as numbers of type `c`).
    fileprivate var isBoolean: Bool { String(cString: objCType) == "c" }
}

extension ScannedFields: MessageFields {
    func string(_ key: String) throws(FieldTypeMismatch) -> String? {
        switch self[key] {
        case nil, .null?: return nil
        case .string(let text)?: return text
        default: throw FieldTypeMismatch()
        }
    }

    func object(_ key: String) -> ScannedFields? {
        if case .object(let fields)? = self[key] { return fields }
        return nil
    }

    func wholeNumber(_ key: String) throws(FieldTypeMismatch) -> Int? {
        switch self[key] {
        case nil, .null?: return nil
        case .number(let value)?: return value
        default: throw FieldTypeMismatch()
        }
    }

    func flag(_ key: String) throws(FieldTypeMismatch) -> Bool? {
        switch self[key] {
        case nil, .null?: return nil
        case .bool(let flag)?: return flag
        default: throw FieldTypeMismatch()
        }
    }
}
