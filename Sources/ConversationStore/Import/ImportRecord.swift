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

    public init(file: String, line: Int, reason: String, record: String) {
        self.file = file
        self.line = line
        self.reason = PersonalDataRules.arriving(reason)
        self.record = PersonalDataRules.arriving(record)
    }
}

/// A source of import records: a format reader over a file's bytes.
public protocol ImportRecordSource {
    /// The next record, or `nil` at the end.
    mutating func next() -> ImportRecord?
    /// Bytes consumed so far, for progress.
    var offset: Int { get }
}
