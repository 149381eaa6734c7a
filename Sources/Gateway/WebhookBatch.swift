import ConversationStore
import Foundation

/// What one webhook request carries, mapped into the model: messages to store and delivery reports for replies
/// already sent.
public struct WebhookBatch: Sendable {
    public var messages: [IncomingMessage] = []
    public var reports: [DeliveryReport] = []
    /// Events that are not messages (reactions, reads, edits, our own echoes) and were let go on purpose.
    public var ignored = 0

    public init() {}
}

/// A refused request: the HTTP status, a stable code for programs, and one sentence for people.
public struct IntakeError: Error, Hashable, Sendable, CustomStringConvertible {
    public var status: Int
    public var code: String
    public var message: String

    public init(_ status: Int, _ code: String, _ message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    public var description: String { "\(status) \(code): \(message)" }

    /// Checks a request's signature header: refused when the part is not configured, the header is missing, or
    /// `verify(header, secret)` does not hold.
    static func requireSignature(
        _ signature: String?, header: String, secret: [UInt8]?, unconfigured: IntakeError,
        verify: (String, [UInt8]) -> Bool
    ) throws(IntakeError) {
        guard let secret else { throw unconfigured }
        guard let signature, !signature.isEmpty else {
            throw IntakeError(401, "missing_signature", "the \(header) header is missing")
        }
        guard verify(signature, secret) else {
            throw IntakeError(401, "bad_signature", "\(header) does not match the body")
        }
    }

    static func malformed(_ message: String) -> IntakeError { IntakeError(400, "malformed", message) }
    static func invalid(_ message: String) -> IntakeError { IntakeError(422, "invalid_message", message) }
    static func unknownAccount(_ channel: Channel, _ id: String) -> IntakeError {
        IntakeError(
            422, "unknown_account",
            "no \(channel) account \(id) in the config; add an [[account]] with channel = \"\(channel)\" and id = \"\(id)\""
        )
    }
}

/// Reading JSON fields that came from outside: every access checks the type and names the path when it is wrong.
struct JSONFields {
    let object: [String: Any]
    let path: String

    init(_ value: Any?, path: String) throws(IntakeError) {
        guard let object = value as? [String: Any] else { throw .malformed("\(path) must be a JSON object") }
        self.object = object
        self.path = path
    }

    /// Decodes a request body, which must be JSON.
    static func decode(_ body: [UInt8]) throws(IntakeError) -> Any {
        guard String(validating: body, as: UTF8.self) != nil else { throw .malformed("the body is not valid UTF-8") }
        // Strict JSON, and where it breaks: the platform's parser takes a trailing comma and says nothing of where.
        if let problem = JSONSyntax.problem(in: body) { throw .malformed("the body is not valid JSON: \(problem)") }
        do {
            return try JSONSerialization.jsonObject(with: Data(body), options: [])
        } catch {
            throw .malformed("the body is not valid JSON")
        }
    }

    func has(_ key: String) -> Bool { object[key] != nil && !(object[key] is NSNull) }

    func string(_ key: String) throws(IntakeError) -> String? {
        guard let value = object[key], !(value is NSNull) else { return nil }
        guard let text = value as? String else { throw .invalid("\(path).\(key) must be a string") }
        return text
    }

    func required(_ key: String) throws(IntakeError) -> String {
        guard let text = try string(key) else { throw .invalid("\(path).\(key) is missing") }
        return text
    }

    /// An id, which must be a JSON string: numbers lose digits past 2^53 on their way through floating point.
    func identifier(_ key: String) throws(IntakeError) -> String? {
        guard let value = object[key], !(value is NSNull) else { return nil }
        guard let text = value as? String else {
            throw .invalid("\(path).\(key) must be a string (ids are never numbers)")
        }
        guard IncomingMessageRules.isIdentifier(text) else {
            throw .invalid("\(path).\(key) must be 1–\(IncomingMessageRules.maximumIDLength) characters without spaces")
        }
        return text
    }

    func requiredIdentifier(_ key: String) throws(IntakeError) -> String {
        guard let text = try identifier(key) else { throw .invalid("\(path).\(key) is missing") }
        return text
    }

    func bool(_ key: String) throws(IntakeError) -> Bool {
        guard let value = object[key], !(value is NSNull) else { return false }
        guard let flag = value as? Bool else { throw .invalid("\(path).\(key) must be true or false") }
        return flag
    }

    /// A whole number given as a JSON number or a string of digits (WhatsApp sends times as strings).
    func integer(_ key: String) throws(IntakeError) -> Int64? {
        guard let value = object[key], !(value is NSNull) else { return nil }
        if let text = value as? String, let number = Int64(text) { return number }
        if let number = value as? NSNumber, !(value is Bool), let whole = Int64(exactly: number.doubleValue) {
            return whole
        }
        throw .invalid("\(path).\(key) must be a whole number")
    }

    func fields(_ key: String) throws(IntakeError) -> JSONFields? {
        guard let value = object[key], !(value is NSNull) else { return nil }
        return try JSONFields(value, path: "\(path).\(key)")
    }

    func list(_ key: String) throws(IntakeError) -> [JSONFields] {
        guard let value = object[key], !(value is NSNull) else { return [] }
        guard let items = value as? [Any] else { throw .malformed("\(path).\(key) must be a list") }
        var result: [JSONFields] = []
        for (index, item) in items.enumerated() {
            result.append(try JSONFields(item, path: "\(path).\(key)[\(index)]"))
        }
        return result
    }
}

extension IncomingMessage {
    /// Checks a mapped message against the limits every intake applies.
    /// `time` names the field the message's time came from, as the error says it.
    static func checked(_ message: IncomingMessage, path: String, time: String) throws(IntakeError) -> IncomingMessage {
        if let problem = IncomingMessageRules.textProblem(message.text) {
            throw .invalid("\(path): the text \(problem)")
        }
        for (key, value) in [("handle", message.author.handle), ("name", message.author.name)] {
            if let value, let problem = IncomingMessageRules.nameProblem(value) {
                throw .invalid("\(path): the author's \(key) \(problem)")
            }
        }
        // A missing timestamp reads as 1970, a huge one as a time no store can hold: both are refused here, named.
        guard IncomingMessageRules.isPlausible(message.createdAt) else {
            throw .invalid(
                "\(path): the message's time (\(time)) is missing or not \(IncomingMessageRules.timeRangeText) "
                    + "(\(message.createdAt.timeIntervalSince1970) seconds since 1970)")
        }
        return message
    }
}
