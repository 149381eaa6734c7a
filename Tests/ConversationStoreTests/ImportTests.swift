import Foundation
import FuzzTesting
import Testing
import TextAnalysis

@testable import ConversationStore
@testable import SQLiteStore

@Suite struct CSVRecordReaderTests {
    static func records(_ text: String) -> [CSVRecordReader.Record] {
        var reader = CSVRecordReader(Data(text.utf8))
        var all: [CSVRecordReader.Record] = []
        while let record = reader.next() { all.append(record) }
        return all
    }

    static func fields(_ text: String) -> [[String]] {
        records(text).map { record in
            if case .fields(let fields, _, _) = record { return fields }
            return ["<malformed>"]
        }
    }

    @Test(arguments: [
        ("a,b,c\n", [["a", "b", "c"]]),
        ("a,b\r\nc,d\r\n", [["a", "b"], ["c", "d"]]),
        ("a,b\nc,d", [["a", "b"], ["c", "d"]]),
        ("\"x, y\",z\n", [["x, y", "z"]]),
        ("\"she said \"\"hi\"\"\",z\n", [["she said \"hi\"", "z"]]),
        ("\"two\nlines\",z\n", [["two\nlines", "z"]]),
        ("bare\rcr,z\n", [["bare\rcr", "z"]]),
        ("a,,\n", [["a", "", ""]]),
        ("\u{FEFF}id,text\n", [["id", "text"]]),
        ("emoji 😡,日本\n", [["emoji 😡", "日本"]]),
    ])
    func readsFields(_ text: String, _ expected: [[String]]) {
        #expect(Self.fields(text) == expected)
    }

    @Test func recordsKnowTheLineTheyStartOn() {
        let lines = Self.records("h\n\"multi\nline\"\nnext\n").map { record -> Int in
            switch record {
            case .fields(_, let line, _), .malformed(_, let line, _): return line
            }
        }
        #expect(lines == [1, 2, 4])
    }

    @Test(arguments: [
        ("a,\"open\n", "a quoted field is never closed before the end of the file"),
        ("a,\"x\"y\n", "text after the closing quote of a field"),
        ("a,b\"c\n", "a quote inside an unquoted field; quote the field and double the quote"),
    ])
    func malformedRecordsSayWhy(_ text: String, _ reason: String) {
        guard case .malformed(let found, let line, _) = Self.records(text).first else {
            Issue.record("expected a malformed record")
            return
        }
        #expect(found == reason)
        #expect(line == 1)
    }

    @Test func aMalformedRecordDoesNotSpoilTheNext() {
        #expect(Self.fields("a,b\"c\nd,e\n") == [["<malformed>"], ["d", "e"]])
    }
}

@Suite struct TWCSReaderTests {
    static let header = ",tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id\n"

    static func read(_ text: String) throws -> [ImportRecord] {
        var reader = try TWCSReader(Data(text.utf8), file: "t.csv")
        var records: [ImportRecord] = []
        while let record = reader.next() { records.append(record) }
        return records
    }

    @Test func readsRowsWithTheIndexColumnAndFloatParents() throws {
        let records = try Self.read(
            Self.header
                + "0,1,sprintcare,False,Tue Oct 31 22:10:47 +0000 2017,@115712 I understand.,2,3.0\n"
                + "1,3,115712,True,Tue Oct 31 22:08:27 +0000 2017,@sprintcare no one is responding,1,\n")
        guard case .message(let brand, let line) = records[0], case .message(let customer, _) = records[1] else {
            Issue.record("expected two messages")
            return
        }
        #expect(line == 2)
        #expect(brand.externalID == "1")
        #expect(brand.inReplyTo == "3")
        #expect(brand.direction == .outbound)
        #expect(brand.account == "sprintcare")
        #expect(brand.createdAt == Date(timeIntervalSince1970: 1_509_487_847))
        #expect(customer.direction == .inbound)
        #expect(customer.inReplyTo == nil)
        #expect(customer.author.id == "115712")
    }

    @Test func readsTheHeaderWithoutAnIndexColumn() throws {
        let records = try Self.read(
            "tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id\n"
                + "119237,105834,True,Wed Oct 11 06:55:44 +0000 2017,@AppleSupport hi,119236,\n")
        guard case .message(let message, _) = records.first else {
            Issue.record("expected a message")
            return
        }
        #expect(message.externalID == "119237")
    }

    @Test func keepsBareCarriageReturnsAsText() throws {
        let records = try Self.read(
            Self.header + "2484,3399,116510,True,Tue Oct 31 18:13:06 +0000 2017,@AskPayPal \r\rI just love it,3398,\n")
        guard case .message(let message, _) = records.first else {
            Issue.record("expected a message")
            return
        }
        #expect(message.text == "@AskPayPal \r\rI just love it")
        #expect(records.count == 1)
    }

    @Test(arguments: [
        ("0,x1,a,True,Tue Oct 31 22:10:47 +0000 2017,t,,\n", "tweet_id 'x1' is not a tweet id"),
        ("0,1,a,Maybe,Tue Oct 31 22:10:47 +0000 2017,t,,\n", "inbound is 'maybe', not True or False"),
        ("0,1,a,True,Oct 31 2017,t,,\n", "created_at 'Oct 31 2017' is not like 'Tue Oct 31 22:10:47 +0000 2017'"),
        ("0,1,a,True,Tue Oct 31 22:10:47 +0000 2017,t,,3.5\n", "in_response_to_tweet_id '3.5' is not a tweet id"),
        ("0,1,a,True,Tue Oct 31 22:10:47 +0000 2017,t,,1.0\n", "the tweet answers itself"),
        ("0,1,a,True\n", "expected 8 fields, found 4"),
        (
            "0,1,,True,Tue Oct 31 22:10:47 +0000 2017,t,,\n",
            "author_id is empty, too long, or holds spaces or control characters"
        ),
        (
            "0,1,a\u{1B}]0;x\u{7},True,Tue Oct 31 22:10:47 +0000 2017,t,,\n",
            "author_id is empty, too long, or holds spaces or control characters"
        ),
        (
            "0,1,a,True,Tue Oct 31 -1:10:47 +0000 2017,t,,\n",
            "created_at 'Tue Oct 31 -1:10:47 +0000 2017' is not like 'Tue Oct 31 22:10:47 +0000 2017'"
        ),
        (
            "0,1,a,True,Fri Jan 01 00:00:00 +0000 2100,t,,\n",
            "created_at 'Fri Jan 01 00:00:00 +0000 2100' is not from 2000 to 2099"
        ),
        (
            "0,1,a,True,Tue Oct 31 22:10:47 +0000 2017,kartu\u{0}hilang,,\n",
            "text holds a NUL character (U+0000), which would hide the rest of it"
        ),
    ])
    func rejectsBadRowsWithAReason(_ row: String, _ reason: String) throws {
        guard case .rejected(let rejection) = try Self.read(Self.header + row).first else {
            Issue.record("expected a rejection")
            return
        }
        #expect(rejection.reason == reason)
        #expect(rejection.line == 2)
        #expect(rejection.file == "t.csv")
        #expect(rejection.record == row.trimmingCharacters(in: .newlines))
    }

    @Test func aFileWithoutTheColumnsIsUnreadable() {
        #expect(throws: ImportError.self) { _ = try Self.read("name,age\nbudi,3\n") }
        #expect(throws: ImportError.self) { _ = try Self.read("") }
    }
}

@Suite struct JSONLReaderTests {
    static let valid =
        #"{"channel":"twitter","id":"1234","in_reply_to":"1230","direction":"inbound","author":{"id":"u1","handle":"budi","name":"Budi","followers":120},"text":"sinyal lemot bgt","created_at":"2026-11-22T10:00:00Z","visibility":"public","account":"TelkomCare"}"#

    static func read(_ text: String) -> [ImportRecord] {
        var reader = JSONLReader(Data(text.utf8), file: "m.jsonl")
        var records: [ImportRecord] = []
        while let record = reader.next() { records.append(record) }
        return records
    }

    @Test func readsAFullRecord() throws {
        guard case .message(let message, let line) = Self.read(Self.valid + "\n").first else {
            Issue.record("expected a message")
            return
        }
        #expect(line == 1)
        #expect(message.channel == .twitter)
        #expect(message.externalID == "1234")
        #expect(message.inReplyTo == "1230")
        #expect(message.author == .init(id: "u1", handle: "budi", name: "Budi", followers: 120))
        #expect(message.account == "TelkomCare")
        #expect(message.createdAt == Date(timeIntervalSince1970: 1_795_341_600))
    }

    @Test func blankLinesAreSkippedButCounted() {
        let records = Self.read("\n  \n" + Self.valid + "\r\n")
        #expect(records.count == 1)
        guard case .message(_, let line) = records.first else { return }
        #expect(line == 3)
    }

    static func replacing(_ key: String, with value: String) -> String {
        guard let range = valid.range(of: "\"\(key)\":") else { return valid }
        let rest = valid[range.upperBound...]
        var depth = 0
        var inString = false
        var end = rest.startIndex
        for index in rest.indices {
            let character = rest[index]
            if character == "\"" { inString.toggle() }
            if !inString {
                if character == "{" { depth += 1 }
                if character == "}" {
                    if depth == 0 { end = index; break }
                    depth -= 1
                }
                if character == "," && depth == 0 { end = index; break }
            }
        }
        return String(valid[..<range.upperBound]) + value + String(rest[end...])
    }

    /// A key given twice is refused (the parser would keep the last silently), and a follower count is read as the
    /// whole number it is, range-checked.
    @Test func aKeyGivenTwiceIsRefusedAndAFollowerCountIsReadWhole() throws {
        let twice = Self.valid.replacingOccurrences(
            of: #""channel":"twitter""#, with: #""channel":"twitter","channel":"facebook""#)
        guard case .rejected(let rejection) = Self.read(twice + "\n").last else {
            Issue.record("a key given twice was taken")
            return
        }
        #expect(rejection.reason.hasPrefix("the line is not valid JSON: the key 'channel' is given twice"))
        guard case .rejected(let huge) = Self.read(Self.replacing("followers", with: "9223372036854775807") + "\n").last
        else {
            Issue.record("an impossible follower count was taken")
            return
        }
        #expect(huge.reason == "'author.followers' 9223372036854775807 is not from 0 to 10000000000")
        guard case .message(let message, _) = Self.read(Self.replacing("followers", with: "3000000000") + "\n").last
        else {
            Issue.record("a large follower count was refused")
            return
        }
        #expect(message.author.followers == 3_000_000_000)
    }

    @Test(arguments: [
        ("not json", "the line is not valid JSON: not a JSON value at column 1"),
        (#"{"channel":"twitter","id":"1",}"#, "the line is not valid JSON: a trailing comma before '}' at column 31"),
        ("[1,2]", "the line is not a JSON object"),
        (replacing("id", with: "1234"), "'id' must be a string"),
        (
            replacing("channel", with: "\"Twitter!\""),
            "'channel' must be a lowercase name like twitter, facebook or whatsapp"
        ),
        (replacing("direction", with: "\"sideways\""), "'direction' must be inbound or outbound"),
        (
            replacing("created_at", with: "\"yesterday\""),
            "'created_at' must be an RFC 3339 time like 2026-11-22T10:00:00Z"
        ),
        (
            replacing("created_at", with: "\"2026-02-30T10:00:00Z\""),
            "'created_at' must be an RFC 3339 time like 2026-11-22T10:00:00Z"
        ),
        (
            replacing("created_at", with: "\"1970-01-01T00:00:00Z\""),
            "'created_at' 1970-01-01T00:00:00Z is not from 2000 to 2099"
        ),
        (
            replacing("created_at", with: "\"2026-11-22T-1:00:00Z\""),
            "'created_at' must be an RFC 3339 time like 2026-11-22T10:00:00Z"
        ),
        (replacing("author", with: "\"budi\""), "'author' must be an object with at least an 'id'"),
        (replacing("visibility", with: "\"secret\""), "'visibility' must be public or private"),
        (replacing("in_reply_to", with: "\"1234\""), "the message answers itself"),
        (replacing("text", with: "null"), "'text' is missing"),
        (
            replacing("text", with: #""kartu saya\u0000 hilang""#),
            "'text' holds a NUL character (U+0000), which would hide the rest of it"
        ),
        (
            replacing("text", with: "\"" + String(repeating: "a", count: 65_537) + "\""),
            "'text' is longer than 65536 bytes"
        ),
        (
            replacing("name", with: #""Bu\u0000di""#),
            "'author.name' holds a NUL character (U+0000), which would hide the rest of it"
        ),
        (
            replacing("handle", with: "\"" + String(repeating: "b", count: 513) + "\""),
            "'author.handle' is longer than 512 bytes"
        ),
    ])
    func rejectsBadLinesWithAReason(_ line: String, _ reason: String) {
        guard case .rejected(let rejection) = Self.read("\(Self.valid)\n\(line)\n").last else {
            Issue.record("expected a rejection for \(line)")
            return
        }
        #expect(rejection.reason == reason)
        #expect(rejection.line == 2)
        #expect(rejection.record == line)
    }
}

@Suite struct ImporterTests {
    /// A small conversation log in JSONL, written for these tests.
    static let lines: [String] = {
        func line(
            _ id: String, _ parent: String?, _ direction: String, _ author: String, _ minute: Int, _ text: String
        ) -> String {
            let reply = parent.map { #","in_reply_to":"\#($0)""# } ?? ""
            return
                #"{"channel":"twitter","id":"\#(id)"\#(reply),"direction":"\#(direction)","author":{"id":"\#(author)","handle":"\#(author)"},"text":"\#(text)","created_at":"2026-11-22T10:\#(String(format: "%02d", minute)):00Z","account":"TokoCare"}"#
        }
        return [
            line("1", nil, "inbound", "budi", 0, "paket belum sampai"),
            line("2", "1", "outbound", "TokoCare", 4, "Halo kak, boleh DM nomor resi?"),
            line("3", "2", "inbound", "budi", 6, "udah DM ya"),
            line("4", nil, "inbound", "sari", 10, "refund kapan ya?"),
            line("5", "4", "outbound", "TokoCare", 50, "Refund 3-5 hari kerja kak"),
            line("6", "missing", "inbound", "eko", 20, "gimana kelanjutannya?"),
            line("7", "6", "outbound", "TokoCare", 22, "Sudah kami cek kak"),
            line("8", nil, "inbound", "dewi", 30, "makasih!"),
        ]
    }()

    func write(_ lines: [String], name: String = "messages.jsonl") throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "tanggap-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent(name).path
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func everyRecordIsAccountedFor() async throws {
        let test = try TestStore()
        let path = try write(Self.lines + ["{broken", Self.lines[0]])
        var rejections: [Rejection] = []
        let summary = try await Importer(store: test.store).importFile(path, format: .jsonl) { rejections.append($0) }
        #expect(summary.read == 10)
        #expect(summary.imported == 8)
        #expect(summary.duplicates == 1)
        #expect(summary.rejected == 1)
        #expect(rejections.map(\.line) == [9])
        #expect(try await test.store.conversationCount() == 4)
    }

    @Test func reimportingChangesNothing() async throws {
        let test = try TestStore()
        let path = try write(Self.lines)
        let importer = Importer(store: test.store, batchSize: 3)
        _ = try await importer.importFile(path, format: .jsonl) { _ in }
        let before = try await test.store.page(.all, agent: "a").conversations
        let again = try await importer.importFile(path, format: .jsonl) { _ in }
        #expect(again.duplicates == 8 && again.imported == 0)
        #expect(try await test.store.page(.all, agent: "a").conversations == before)
    }

    @Test(arguments: [0, 1, 2, 3, 4])
    func recordsInAnotherOrderGiveTheSameConversations(_ seed: UInt64) async throws {
        var generator = SeededGenerator(seed: seed)
        let reference = try TestStore()
        _ = try await Importer(store: reference.store).importFile(try write(Self.lines), format: .jsonl) { _ in }
        let shuffled = try TestStore()
        _ = try await Importer(store: shuffled.store, batchSize: 2).importFile(
            try write(Self.lines.shuffled(using: &generator)), format: .jsonl
        ) { _ in }
        #expect(try await shuffled.store.threadShapes() == reference.store.threadShapes())
        let a = try await reference.store.report(ReportQuery()).totals
        let b = try await shuffled.store.report(ReportQuery()).totals
        #expect(a == b)
        #expect(a.needsResponse == 4 && a.responded == 3)
    }

    @Test func unreadableFilesAreAnError() async throws {
        let test = try TestStore()
        await #expect(throws: ImportError.self) {
            _ = try await Importer(store: test.store).importFile("/nonexistent/file.jsonl", format: .jsonl) { _ in }
        }
    }

    @Test(.enabled(if: SharedData.available, "../shared/data is absent; skipping the TWCS corpus import"))
    func importsTheTwitterSupportCorpusSample() async throws {
        let test = try TestStore()
        var rejections: [Rejection] = []
        let summary = try await Importer(store: test.store).importFile(
            SharedData.file("twcs/twcs_head5000.csv"), format: .twcs
        ) { rejections.append($0) }
        #expect(summary.read == 5000)
        #expect(summary.imported == 5000)
        #expect(rejections.isEmpty)
        #expect(try await test.store.conversationCount() == 1312)
        let bareCR = try #require(try await test.store.conversation(holding: "3399"))
        let message = try #require(try await test.store.thread(bareCR.id)?.messages.first { $0.externalID == "3399" })
        #expect(message.text.contains("\r\rI just love the start of email"))

        let small = try await Importer(store: test.store).importFile(
            SharedData.file("twcs/twcs_sample93.csv"), format: .twcs
        ) { rejections.append($0) }
        #expect(small.read == 93)
        #expect(small.imported + small.duplicates == 93)
        #expect(rejections.isEmpty)
    }
}

/// Text facts worked out ahead of the write give what the store would work out itself.
@Suite struct TextFactsTests {
    @Test func factsWorkedOutAheadEqualTheStoresOwn() async throws {
        let texts = ["sinyal lemot bgt dr pagi 😡", "My card was declined again", "udah restart hp tetep gak bisa"]
        let messages = texts.enumerated().map {
            Make.inbound("\($0.offset)", at: Double($0.offset), from: "budi", text: $0.element)
        }
        let facts = TextFacts(messages)
        #expect(Set(facts.terms(of: texts)) == Set(KnowledgeText.queryTerms(texts.joined(separator: "\n"))))
        #expect(facts.terms(of: texts) == TextFacts().terms(of: texts))
        for text in texts { #expect(facts.sentiment(of: text) == SentimentScorer().score(text)) }
        #expect(Derivation.sentiment(of: texts, facts: facts) == Derivation.sentiment(of: texts))

        // A store fed with facts and one that works them out itself end alike.
        let reply = Make.outbound("r", replyTo: "0", at: 10, text: "Coba restart ya Kak")
        let ahead = try TestStore()
        let own = try TestStore()
        _ = try await ahead.store.ingest(messages + [reply], facts: facts)
        _ = try await own.store.ingest(messages + [reply])
        for store in [ahead.store, own.store] {
            let id = try #require(try await store.conversation(holding: "0")?.id)
            let thread = try #require(try await store.thread(id))
            #expect(thread.conversation.sentiment == (try await own.store.thread(id))?.conversation.sentiment)
        }
        let examples = try await ahead.store.backend.similarAnswered(
            terms: ["sinyal"], account: nil, excluding: nil, limit: 1)
        #expect(examples.first?.reply == "Coba restart ya Kak")
    }
}

/// The one-pass scanner against the general parser: whatever the scanner reads must be read the same by
/// `JSONSerialization` and the same checks, and a line it is unsure of must fall through rather than be misread.
@Suite struct JSONLineScannerTests {
    static let valid = JSONLReaderTests.valid

    static func replacing(_ key: String, with value: String) -> String {
        JSONLReaderTests.replacing(key, with: value)
    }

    enum Outcome: Equatable {
        case message(IncomingMessage)
        case rejected(String)
    }

    static func outcome(_ line: String, general: Bool) -> Outcome {
        var bytes = Array(line.utf8)
        return bytes.withUnsafeMutableBytes { raw in
            let buffer = UnsafeRawBufferPointer(raw)
            do {
                return .message(
                    try general ? JSONLReader.parsedMessage(buffer) : JSONLReader.message(buffer))
            } catch {
                return .rejected((error as? RecordFailure)?.reason ?? "\(error)")
            }
        }
    }

    static func scanned(_ line: String) -> Bool {
        Array(line.utf8).withUnsafeBytes { JSONLineScanner.fields($0) != nil }
    }

    static let lines: [String] = [
        valid,
        "  \(valid)\t ",
        replacing("text", with: #""kata \"lemot\" \\ / \/ \b\f\n\r\t""#),
        replacing("text", with: #""caf\u00e9 \u00E9 \u20ac \ud83d\ude21 \u0041""#),
        replacing("text", with: #""emoji 😡 日本 apa kabar""#),
        replacing("text", with: #""lone \ud83d surrogate""#),
        replacing("text", with: #""bad \q escape""#),
        replacing("text", with: "\"raw\ttab\""),
        replacing("text", with: #""short \u12""#),
        replacing("text", with: "1234"),
        replacing("text", with: "[\"a\"]"),
        replacing("text", with: "{\"a\":1}"),
        replacing("text", with: "null"),
        replacing("id", with: "1234"),
        replacing("id", with: #""has space""#),
        replacing("id", with: #""tab\there""#),
        replacing("visibility", with: "null"),
        replacing("visibility", with: #""private""#),
        replacing("account", with: "null"),
        replacing("author", with: #"{"id":"u1","followers":120.0}"#),
        replacing("author", with: #"{"id":"u1","followers":1.5}"#),
        replacing("author", with: #"{"id":"u1","followers":-3}"#),
        replacing("author", with: #"{"id":"u1","followers":0}"#),
        replacing("author", with: #"{"id":"u1","followers":007}"#),
        replacing("author", with: #"{"id":"u1","followers":1e3}"#),
        replacing("author", with: #"{"id":"u1","followers":null}"#),
        replacing("author", with: #"{"id":"u1","followers":true}"#),
        replacing("author", with: #"{"id":"u1","followers":"many"}"#),
        replacing("author", with: #"{"id":"u1","followers":99999999999999999999}"#),
        replacing("author", with: #"{"id":"u1","extra":{"deep":true}}"#),
        replacing("author", with: #"{}"#),
        replacing("author", with: #"{ "id" : "u1" , "name" : null }"#),
        replacing("author", with: "\"budi\""),
        replacing("author", with: "null"),
        replacing("created_at", with: #""2026-11-22T10:00:00.250+07:00""#),
        replacing("created_at", with: #""yesterday""#),
        #"{"automatic":true,"#.appending(valid.dropFirst()),
        #"{"automatic":false,"#.appending(valid.dropFirst()),
        #"{"automatic":"yes","#.appending(valid.dropFirst()),
        #"{"automatic":1,"#.appending(valid.dropFirst()),
        #"{"unknown":[1,2,{"x":null}],"#.appending(valid.dropFirst()),
        #"{"unknown":-2.5e3,"#.appending(valid.dropFirst()),
        #"{"channel":"facebook","#.appending(valid.dropFirst()),
        #"{"direction":"outbound","#.appending(valid.dropFirst()),
        valid + ",",
        valid + "}",
        valid + " x",
        String(valid.dropLast()),
        String(valid.dropLast()) + ",}",
        "{}",
        "[1,2]",
        "\"just a string\"",
        "not json",
        "{\"channel\":\"twitter\" \"id\":\"1\"}",
        "{\"channel\":nul}",
        "{\"channel\":tru}",
    ]

    @Test func theScannerAndTheGeneralParserAgreeOnEveryLine() {
        for line in Self.lines {
            #expect(
                Self.outcome(line, general: false) == Self.outcome(line, general: true),
                "\(line)")
        }
    }

    @Test func theUsualLinesAreScannedWithoutTheGeneralParser() {
        #expect(Self.scanned(Self.valid))
        #expect(Self.scanned(Self.replacing("text", with: #""caf\u00e9 \ud83d\ude21 \"q\"""#)))
        #expect(Self.scanned(Self.replacing("author", with: #"{"id":"u1","followers":0}"#)))
        // Unsure of these, it leaves them to the general parser.
        #expect(!Self.scanned(Self.replacing("author", with: #"{"id":"u1","followers":120.0}"#)))
        #expect(!Self.scanned(#"{"unknown":[1],"#.appending(Self.valid.dropFirst())))
        #expect(!Self.scanned(#"{"id":"a","#.appending(Self.valid.dropFirst())))
        #expect(!Self.scanned(Self.valid + " x"))
    }

    @Test func everyLineOfTheSampleIsScanned() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/care-sample.jsonl")
        let text = try String(contentsOf: url, encoding: .utf8)
        for line in text.split(separator: "\n") where !line.isEmpty {
            #expect(Self.scanned(String(line)), "\(line)")
            #expect(Self.outcome(String(line), general: false) == Self.outcome(String(line), general: true))
        }
    }
}

/// What the import's writer records without asking the store again agrees with what the store holds.
@Suite struct ImportWriterTests {
    /// An answered conversation remembers its customer's name and handle as the customer's row reads after the
    /// batch: a field a message leaves out keeps the row's value, a later message in the batch overrides an earlier.
    @Test(arguments: Backend.tested) func anAnswerKeepsTheCustomerAsTheirRowReads(_ backend: Backend) async throws {
        let test = try await TestStore.make(backend)
        var first = Make.inbound("1", at: 0, from: "budi", text: "sinyal lemot dari pagi")
        first.author = .init(id: "budi", handle: "budi_h", name: "Budi Santoso")
        _ = try await test.store.ingest([first])

        var again = Make.inbound("2", at: 5, from: "budi", text: "refund kapan ya")
        again.author = .init(id: "budi", handle: "budi_baru", name: nil)
        var third = Make.inbound("3", replyTo: "2", at: 6, from: "budi", text: "tolong dibantu refund")
        third.author = .init(id: "budi", handle: nil, name: "Budi S.")
        let reply = Make.outbound("4", replyTo: "2", at: 7, text: "Refund diproses 3-5 hari kerja ya Kak")
        _ = try await test.store.ingest([again, third, reply])

        let examples = try await test.store.backend.similarAnswered(
            terms: ["refund"], account: nil, excluding: nil, limit: 5)
        let example = try #require(examples.first { $0.reply == reply.text })
        #expect(example.customerName == "Budi S.")
        #expect(example.customerHandle == "budi_baru")
    }

    /// Many answered conversations in one batch, their ids out of order in every set the writer keeps, are each
    /// found by their words afterwards.
    @Test func everyAnswerOfABatchIsFoundByItsWords() async throws {
        let test = try TestStore()
        // A made-up word for each conversation, which no analysis changes: consonants, never three alike in a row
        // (an elongation, which analysis squeezes).
        func word(_ index: Int) -> String {
            let letters = Array("bcdfg")
            return "zx" + (0..<4).map { "k" + String(letters[index / Int(pow(5, Double($0))) % 5]) }.joined()
        }
        let messages = Make.answered(300, text: { "\(word($0)) rusak" }, reply: { "r\($0)" })
        _ = try await test.store.ingest(messages.shuffled())
        for index in [0, 1, 137, 298, 299] {
            let found = try await test.store.backend.similarAnswered(
                terms: [word(index)], account: nil, excluding: nil, limit: 1)
            #expect(found.map(\.reply) == ["r\(index)"])
        }
        let count = try await test.backend.pool.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM answered_search WHERE answered_search MATCH 'rusak'")
        }
        #expect(count == 300)
    }
}
