import Foundation

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
        while position < bytes.endIndex {
            let end = bytes[position...].firstIndex(of: 0x0A) ?? bytes.endIndex
            var lineBytes = bytes[position..<end]
            position = end < bytes.endIndex ? bytes.index(after: end) : end
            line += 1
            if lineBytes.last == 0x0D { lineBytes = lineBytes.dropLast() }
            if lineBytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            let raw = String(decoding: lineBytes, as: UTF8.self)
            do {
                return .message(try Self.message(Data(lineBytes)), line: line)
            } catch let failure as RecordFailure {
                return .rejected(Rejection(file: file, line: line, reason: failure.reason, record: raw))
            } catch {
                return .rejected(Rejection(file: file, line: line, reason: "\(error)", record: raw))
            }
        }
        return nil
    }

    static func message(_ data: Data) throws -> IncomingMessage {
        guard String(validating: data, as: UTF8.self) != nil else { throw RecordFailure("the line is not valid UTF-8") }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data, options: [])
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

    private static func message(fields: [String: Any]) throws -> IncomingMessage {

        func string(_ key: String, in object: [String: Any], required: Bool) throws -> String? {
            guard let value = object[key], !(value is NSNull) else {
                if required { throw RecordFailure("'\(key)' is missing") }
                return nil
            }
            guard let text = value as? String else { throw RecordFailure("'\(key)' must be a string") }
            return text
        }
        func identifier(_ key: String, in object: [String: Any], required: Bool) throws -> String? {
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
        guard let authorObject = fields["author"] as? [String: Any] else {
            throw RecordFailure("'author' must be an object with at least an 'id'")
        }
        guard let authorID = try identifier("id", in: authorObject, required: true) else {
            throw RecordFailure("'author.id' is missing")
        }
        var followers: Int?
        if let value = authorObject["followers"], !(value is NSNull) {
            guard let number = value as? NSNumber, let count = Int(exactly: number.doubleValue), count >= 0 else {
                throw RecordFailure("'author.followers' must be a whole number")
            }
            followers = count
        }
        let author = IncomingMessage.Author(
            id: authorID, handle: try string("handle", in: authorObject, required: false),
            name: try string("name", in: authorObject, required: false), followers: followers)
        guard let text = try string("text", in: fields, required: true) else {
            throw RecordFailure("'text' is missing")
        }
        guard text.utf8.count <= IncomingMessageRules.maximumTextBytes else {
            throw RecordFailure("'text' is longer than \(IncomingMessageRules.maximumTextBytes) bytes")
        }
        guard let created = try string("created_at", in: fields, required: true),
            let createdAt = Timestamp.parseRFC3339(created)
        else { throw RecordFailure("'created_at' must be an RFC 3339 time like 2026-11-22T10:00:00Z") }
        var visibility = Visibility.public
        if let name = try string("visibility", in: fields, required: false) {
            guard let parsed = Visibility(rawValue: name) else {
                throw RecordFailure("'visibility' must be public or private")
            }
            visibility = parsed
        }
        var automatic = false
        if let value = fields["automatic"], !(value is NSNull) {
            guard let flag = value as? Bool else { throw RecordFailure("'automatic' must be true or false") }
            automatic = flag
        }
        let account = try identifier("account", in: fields, required: false)
        return IncomingMessage(
            channel: channel, externalID: id, inReplyTo: parent, direction: direction, author: author, text: text,
            createdAt: createdAt, visibility: visibility, account: account, automatic: automatic)
    }
}

/// Why a message given as JSON cannot be taken, in words for the sender.
public struct InvalidMessage: Error, Hashable, Sendable, CustomStringConvertible {
    public var reason: String
    public init(reason: String) { self.reason = reason }
    public var description: String { reason }
}
