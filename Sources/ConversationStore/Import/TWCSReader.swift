import Foundation

/// Reads the public "Customer Support on Twitter" CSV (`tweet_id, author_id, inbound, created_at, text,
/// response_tweet_id, in_response_to_tweet_id`).
///
/// Columns are found by their header names, so the unnamed index column some copies carry is ignored. Parent ids
/// written as floats (`3.0`) are read back as the integer ids they are. `inbound = False` rows are the brand's own
/// posts: their author is the brand account.
public struct TWCSReader: ImportRecordSource {
    static let required = ["tweet_id", "author_id", "inbound", "created_at", "text", "in_response_to_tweet_id"]

    private var csv: CSVRecordReader
    private let file: String
    private let columns: [String: Int]
    private let width: Int

    /// Reads the header; throws ``ImportError`` when the bytes are not a TWCS file.
    public init(_ bytes: Data, file: String) throws {
        csv = CSVRecordReader(bytes)
        self.file = file
        guard let header = csv.next() else { throw ImportError.unreadable(file, "the file is empty") }
        guard case .fields(let names, _, _) = header else {
            throw ImportError.unreadable(file, "the header line cannot be read as CSV")
        }
        var columns: [String: Int] = [:]
        for (index, name) in names.enumerated() {
            columns[name.trimmingCharacters(in: .whitespaces).lowercased()] = index
        }
        let missing = Self.required.filter { columns[$0] == nil }
        guard missing.isEmpty else {
            throw ImportError.unreadable(
                file, "the header has no \(missing.joined(separator: ", ")) column; is this a twcs file?")
        }
        self.columns = columns
        width = names.count
    }

    public var offset: Int { csv.offset }

    public mutating func next() -> ImportRecord? {
        guard let record = csv.next() else { return nil }
        switch record {
        case .malformed(let reason, let line, let raw):
            return .rejected(Rejection(file: file, line: line, reason: reason, bytes: raw))
        case .fields(let fields, let line, let raw):
            do {
                return .message(try message(fields), line: line)
            } catch let failure as RecordFailure {
                return .rejected(Rejection(file: file, line: line, reason: failure.reason, bytes: raw))
            } catch {
                return .rejected(Rejection(file: file, line: line, reason: "\(error)", bytes: raw))
            }
        }
    }

    private func message(_ fields: [String]) throws -> IncomingMessage {
        guard fields.count == width else {
            throw RecordFailure("expected \(width) fields, found \(fields.count)")
        }
        func field(_ name: String) -> String { columns[name].map { fields[$0] } ?? "" }
        let tweetID = field("tweet_id").trimmingCharacters(in: .whitespaces)
        guard let id = Self.integerID(tweetID) else {
            throw RecordFailure("tweet_id '\(tweetID.prefix(40))' is not a tweet id")
        }
        let author = field("author_id").trimmingCharacters(in: .whitespaces)
        guard IncomingMessageRules.isIdentifier(author) else {
            throw RecordFailure("author_id is empty, too long, or holds spaces or control characters")
        }
        let inbound: Bool
        switch field("inbound").trimmingCharacters(in: .whitespaces).lowercased() {
        case "true": inbound = true
        case "false": inbound = false
        case let other: throw RecordFailure("inbound is '\(other.prefix(20))', not True or False")
        }
        guard let createdAt = Timestamp.parseTwitter(field("created_at")) else {
            throw RecordFailure(
                "created_at '\(field("created_at").prefix(40))' is not like 'Tue Oct 31 22:10:47 +0000 2017'")
        }
        guard IncomingMessageRules.isPlausible(createdAt) else {
            throw RecordFailure(
                "created_at '\(field("created_at").prefix(40))' is not \(IncomingMessageRules.timeRangeText)")
        }
        let parentText = field("in_response_to_tweet_id").trimmingCharacters(in: .whitespaces)
        var parent: String?
        if !parentText.isEmpty {
            guard let parentID = Self.integerID(parentText) else {
                throw RecordFailure("in_response_to_tweet_id '\(parentText.prefix(40))' is not a tweet id")
            }
            guard parentID != id else { throw RecordFailure("the tweet answers itself") }
            parent = parentID
        }
        let text = field("text")
        if let problem = IncomingMessageRules.textProblem(text) { throw RecordFailure("text \(problem)") }
        return IncomingMessage(
            channel: .twitter, externalID: id, inReplyTo: parent, direction: inbound ? .inbound : .outbound,
            author: .init(id: author, handle: author), text: text, createdAt: createdAt, visibility: .public,
            account: inbound ? nil : author)
    }

    /// `123`, or `123.0` as pandas writes integer columns with gaps; anything else is `nil`.
    static func integerID(_ text: String) -> String? {
        var digits = Substring(text)
        if let dot = text.firstIndex(of: ".") {
            guard text[text.index(after: dot)...].allSatisfy({ $0 == "0" }) else { return nil }
            digits = text[..<dot]
        }
        guard (1...30).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        let trimmed = digits.drop(while: { $0 == "0" })
        return trimmed.isEmpty ? "0" : String(trimmed)
    }
}

/// Why one record was refused.
struct RecordFailure: Error {
    var reason: String
    init(_ reason: String) { self.reason = reason }
}
