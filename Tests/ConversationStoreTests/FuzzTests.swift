import Foundation
import FuzzTesting
import Testing

@testable import ConversationStore

/// The readers and the importer under mutated input: nothing traps, every record is accounted for
/// (`read = imported + duplicates + rejected`), and what is stored is what the rules let in.
@Suite struct ImportFuzzTests {
    static func check(_ store: Store, _ summary: ImportSummary) async throws {
        #expect(summary.read == summary.imported + summary.duplicates + summary.rejected)
        let page = try await store.page(.all, agent: "fuzz", limit: 1_000)
        for conversation in page.conversations {
            #expect(IncomingMessageRules.isPlausible(conversation.firstMessageAt), "\(conversation.id)")
            let thread = try #require(try await store.thread(conversation.id))
            for message in thread.messages {
                #expect(IncomingMessageRules.textProblem(message.text) == nil, "\(message.externalID)")
                #expect(IncomingMessageRules.isPlausible(message.createdAt), "\(message.externalID)")
            }
        }
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func mutatedJSONLIsReadWithoutTrapAndEveryLineIsAccountedFor(_ seed: UInt64) async throws {
        var mutator = Mutator(seed: seed)
        var lines: [[UInt8]] = []
        for index in 0..<400 {
            let valid = ImporterTests.lines[index % ImporterTests.lines.count]
            let line = Array(valid.replacingOccurrences(of: "\"id\":\"", with: "\"id\":\"f\(index)-").utf8)
            lines.append(index % 4 == 0 ? line : mutator.mutate(line))
        }
        let data = lines.joined(separator: [0x0A]) + [0x0A]
        // The reader gives one record a line that holds anything but blanks.
        var reader = JSONLReader(Data(data), file: "fuzz.jsonl")
        var records = 0
        while let record = reader.next() {
            records += 1
            if case .rejected(let rejection) = record { #expect(!rejection.reason.isEmpty) }
        }
        let text = lines.filter { !$0.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D } }
        #expect(records == text.count)

        let test = try TestStore()
        let path = test.folder.appendingPathComponent("fuzz.jsonl").path
        try Data(data).write(to: URL(fileURLWithPath: path))
        var rejected = 0
        let summary = try await Importer(store: test.store).importFile(path, format: .jsonl) { _ in rejected += 1 }
        #expect(summary.read == records && summary.rejected == rejected)
        #expect(summary.imported >= 100, "the untouched quarter goes in")
        try await Self.check(test.store, summary)
    }

    @Test(arguments: [UInt64(4), 5, 6])
    func mutatedTWCSIsReadWithoutTrapAndEveryRowIsAccountedFor(_ seed: UInt64) async throws {
        var mutator = Mutator(seed: seed)
        var rows: [[UInt8]] = [
            Array("tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id".utf8)
        ]
        for index in 0..<300 {
            let row = Array(
                "\(1000 + index),user\(index % 7),True,Tue Oct 31 22:\(10 + index % 40):47 +0000 2017,@brand sinyal lemot \(index),,"
                    .utf8)
            rows.append(index % 4 == 0 ? row : mutator.mutate(row))
        }
        let data = rows.joined(separator: [0x0A]) + [0x0A]
        let test = try TestStore()
        let path = test.folder.appendingPathComponent("fuzz.csv").path
        try Data(data).write(to: URL(fileURLWithPath: path))
        var rejected = 0
        let summary = try await Importer(store: test.store).importFile(path, format: .twcs) { _ in rejected += 1 }
        #expect(summary.rejected == rejected)
        #expect(summary.read > 0 && summary.imported >= 50, "\(summary)")
        try await Self.check(test.store, summary)
    }
}

/// The service policy's TOML under mutation: each file is refused with a reason or gives a policy that works out
/// due times, never a trap.
@Suite struct PolicyFuzzTests {
    /// The README's example policy, mutated.
    static let valid = PolicyFileTests.example

    @Test(arguments: [UInt64(21), 22, 23, 24])
    func mutatedPoliciesAreRefusedOrWorkOutDueTimes(_ seed: UInt64) throws {
        var mutator = Mutator(seed: seed)
        #expect(try SLAPolicy(toml: Self.valid).hours != nil, "the file mutated is a policy")
        for _ in 0..<300 {
            let text = String(decoding: mutator.mutate(Array(Self.valid.utf8)), as: UTF8.self)
            guard let policy = try? SLAPolicy(toml: text) else { continue }
            #expect(policy.defaultTargetSeconds > 0)
            let awaiting = Make.start.milliseconds
            for priority in [Priority.urgent, .normal] {
                let due = policy.due(awaiting: awaiting, priority: priority, channel: .whatsapp)
                #expect(due >= awaiting, "\(text)")
            }
        }
    }
}

/// What the TOML parser would abort on (or, in a release build, read past) is refused first, with the line; what is
/// valid TOML, strings and comments included, is not.
@Suite struct TOMLTextTests {
    @Test(arguments: [
        ("a = 1\n[é]\n", "line 2: a table's name must start with a letter, a digit, _ or -, or be in quotes"),
        ("[[ \u{1}]]", "line 1: a table's name must start with a letter, a digit, _ or -, or be in quotes"),
        ("[[[", "line 1: a table's name must start with a letter, a digit, _ or -, or be in quotes"),
        ("a = 1\r\n[é]\r\n", "line 2: a table's name must start with a letter, a digit, _ or -, or be in quotes"),
        ("\u{FEFF}[é]", "line 1: a table's name must start with a letter, a digit, _ or -, or be in quotes"),
        ("t = [}", "line 1: '}' where a value of an array should be"),
        ("t = [\n  1, # one\n  }", "line 3: '}' where a value of an array should be"),
    ])
    func whatTheParserCannotTakeIsRefusedNamed(_ text: String, _ said: String) {
        #expect(throws: TOMLText.Problem.self) { try TOMLText.table(text) }
        do {
            _ = try TOMLText.table(text)
        } catch {
            #expect(error.description == said)
        }
    }

    @Test func validTOMLIsRead() throws {
        let text = """
            ["quoted é"]
            body = \"\"\"
            [é} is fine in a string, [}
            \"\"\"
            lit = '[}'  # and [} in a comment
            list = [1, 2]
            """
        let table = try TOMLText.table(text)
        #expect(table["quoted é"]?.table?["lit"]?.string == "[}")
    }
}
