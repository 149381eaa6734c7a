/// One record read from an import file: a message ready for the store, or a rejection with its reason.
public enum ImportRecord: Sendable {
    case message(IncomingMessage, line: Int)
    case rejected(Rejection)
}

/// A record that could not be imported, and why. Nothing is dropped silently: every rejection is reported with the
/// file and line it came from and kept in full.
public struct Rejection: Hashable, Codable, Sendable {
    public var file: String
    /// The line the record starts on, 1 being the first line of the file.
    public var line: Int
    public var reason: String
    /// The record as it stood in the file, but for card numbers and one-time codes, masked as they are wherever a
    /// text arrives (`PersonalDataRules`).
    public var record: String
    /// The record's bytes as they stood, when they are not valid UTF-8 (`record` then reads each broken sequence as
    /// U+FFFD) and nothing in them was masked; nil otherwise.
    public var recordBytes: [UInt8]?

    public init(file: String, line: Int, reason: String, record: String) {
        self.file = file
        self.line = line
        self.reason = PersonalDataRules.arriving(reason)
        self.record = PersonalDataRules.arriving(record)
    }

    /// A record from its bytes: kept as they stood when they are not valid UTF-8, so nothing is lost.
    public init(file: String, line: Int, reason: String, bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        self.init(file: file, line: line, reason: reason, record: text)
        if String(validating: bytes, as: UTF8.self) == nil, record == text { recordBytes = bytes }
    }
}

/// A source of import records: a format reader over a file's bytes.
public protocol ImportRecordSource {
    /// The next record, or `nil` at the end.
    mutating func next() -> ImportRecord?
    /// Bytes consumed so far, for progress.
    var offset: Int { get }
}
