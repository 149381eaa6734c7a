import Foundation
import FuzzTesting
import Testing

@testable import ConversationStore

/// The same messages stored by every backend give the conversations SQLite gives: same ids, threads, merges and
/// derived columns, compared whole; and the same queue pages, counts, review lists, history, report facts and
/// reports.
@Suite(.serialized, .whenAnotherBackendIsTested)
struct DifferentialThreadingTests {
    /// Conversations with their revisions left out: a revision only grows with every write, and how many writes an
    /// import takes is each store's own (SQLite writes a conversation a batch starts once; PostgreSQL twice).
    static func masked(_ conversations: [Conversation]) -> [Conversation] {
        conversations.map { conversation in
            var conversation = conversation
            conversation.revision = 0
            return conversation
        }
    }

    /// Ingests `messages` in batches into a SQLite store and a store of `kind`, compares every conversation, and
    /// says how many messages' conversations it compared.
    static func compare(_ messages: [IncomingMessage], batch: Int, on kind: Backend) async throws -> Int {
        let referenceStore = try await Backend.sqlite.maker(SLAPolicy())
        let otherStore = try await kind.maker(SLAPolicy())
        defer {
            referenceStore.close()
            otherStore.close()
        }
        let reference = referenceStore.backend
        let other = otherStore.backend
        for start in stride(from: 0, to: messages.count, by: batch) {
            let slice = Array(messages[start..<min(messages.count, start + batch)])
            let facts = TextFacts(slice)
            let a = try await reference.ingest(slice, facts: facts)
            let b = try await other.ingest(slice, facts: facts)
            #expect(a == b)
        }
        let count = try await reference.conversationCount()
        #expect(try await other.conversationCount() == count)
        // Every queue view, page by page, with and without filters; the counts; the report's facts.
        let now = messages.map(\.createdAt).max() ?? Date()
        for view in QueueView.allCases {
            for filter in [QueueFilter(), try QueueFilter(parsing: "is:unclaimed"), try QueueFilter(parsing: "kak")] {
                var cursors: (QueueCursor?, QueueCursor?) = (nil, nil)
                repeat {
                    let a = try await reference.page(
                        view, filter: filter, agent: "ani", after: cursors.0, limit: 7, now: now)
                    let b = try await other.page(
                        view, filter: filter, agent: "ani", after: cursors.1, limit: 7, now: now)
                    #expect(Self.masked(b.conversations) == Self.masked(a.conversations), "\(view) \(filter)")
                    #expect(b.next == a.next)
                    cursors = (a.next, b.next)
                } while cursors.0 != nil && cursors.0 == cursors.1
            }
        }
        #expect(try await other.counts(agent: "ani", now: now) == reference.counts(agent: "ani", now: now))
        // The review list (newest activity first), with and without filters.
        var negative = ReviewFilter()
        negative.mood = "negative"
        var breached = ReviewFilter()
        breached.breachedOnly = true
        for filter in [ReviewFilter(), negative, breached] {
            #expect(
                Self.masked(try await other.handled(filter, limit: 250, now: now))
                    == Self.masked(try await reference.handled(filter, limit: 250, now: now)))
        }
        // The history of answered conversations finds a conversation by its words.
        try await reference.refreshStatistics()
        try await other.refreshStatistics()
        if let answered = try await reference.handled(ReviewFilter(), limit: 1, now: now).first,
            let thread = try await reference.thread(answered.id),
            let asked = thread.messages.first(where: { $0.direction == .inbound })
        {
            let terms = KnowledgeText.queryTerms(asked.text)
            let a = try await reference.similarAnswered(terms: terms, account: nil, excluding: nil, limit: 3)
            let b = try await other.similarAnswered(terms: terms, account: nil, excluding: nil, limit: 3)
            #expect(b.first?.conversation == answered.id || b.map(\.conversation) == a.map(\.conversation))
            #expect(b.first?.reply == a.first?.reply || b.first?.conversation == answered.id)
            // One brand account's history only: the same conversations on both stores.
            if let account = thread.conversation.account {
                let mine = try await reference.similarAnswered(
                    terms: terms, account: account, excluding: nil, limit: 50)
                let theirs = try await other.similarAnswered(terms: terms, account: account, excluding: nil, limit: 50)
                #expect(Set(theirs.map(\.conversation)) == Set(mine.map(\.conversation)), "account \(account)")
                #expect(!theirs.isEmpty)
            }
        }
        let facts = try await reference.reportFacts(since: nil, until: nil).sorted { $0.id < $1.id }
        #expect(try await other.reportFacts(since: nil, until: nil) == facts)
        #expect(
            try await other.reportFacts(since: messages.first?.createdAt, until: now)
                == reference.reportFacts(since: messages.first?.createdAt, until: now).sorted { $0.id < $1.id })
        // The reports summed from either store's facts are the same: every grouping, three time zones (one with
        // daylight saving), a period, and a target of its own.
        let groupings: [ReportQuery.Grouping?] = [nil] + ReportQuery.Grouping.allCases.map { $0 }
        for zone in ["UTC", "Asia/Jakarta", "America/New_York"] {
            for grouping in groupings {
                let query = ReportQuery(grouping: grouping, timeZone: try #require(TimeZone(identifier: zone)))
                let expected = Report(
                    facts: try await reference.reportFacts(since: nil, until: nil), query: query,
                    policy: reference.policy, now: now)
                let actual = Report(
                    facts: try await other.reportFacts(since: nil, until: nil), query: query, policy: other.policy,
                    now: now)
                #expect(actual == expected, "\(zone) \(String(describing: grouping))")
            }
        }
        let period = ReportQuery(
            since: messages.first?.createdAt, until: now.addingTimeInterval(-600), grouping: .hour,
            slaTargetSeconds: 300, timeZone: try #require(TimeZone(identifier: "Asia/Jakarta")))
        #expect(
            Report(
                facts: try await other.reportFacts(since: period.since, until: period.until), query: period,
                policy: other.policy, now: now)
                == Report(
                    facts: try await reference.reportFacts(since: period.since, until: period.until),
                    query: period, policy: reference.policy, now: now))
        var compared = 0
        for message in messages {
            let id = try #require(try await reference.conversation(containing: message.externalID))
            #expect(try await other.conversation(containing: message.externalID) == id)
            var expected = try await reference.thread(id)
            var actual = try await other.thread(id)
            expected?.conversation.revision = 0
            actual?.conversation.revision = 0
            #expect(actual == expected, "conversation \(id) holding \(message.externalID)")
            compared += 1
        }
        return compared
    }

    @Test(arguments: Backend.comparedWithSQLite, [0, 1, 2] as [UInt64])
    func importsAndMergesAsSQLiteDoes(_ backend: Backend, _ seed: UInt64) async throws {
        var generator = SeededGenerator(seed: seed)
        let lines = ImporterTests.lines.shuffled(using: &generator).joined(separator: "\n")
        var reader = JSONLReader(Data(lines.utf8), file: "test")
        var messages: [IncomingMessage] = []
        while let record = reader.next() {
            if case .message(let message, _) = record { messages.append(message) }
        }
        #expect(messages.count == 8)
        #expect(try await Self.compare(messages, batch: 2, on: backend) == 8)
    }

    @Test(
        .enabled(if: SharedData.available, "../shared/data is absent; skipping the TWCS comparison"),
        arguments: Backend.comparedWithSQLite)
    func theTwitterSupportSampleThreadsAsOnSQLite(_ backend: Backend) async throws {
        var (source, _) = try Importer.source(for: SharedData.file("twcs/twcs_head5000.csv"), format: .twcs)
        var messages: [IncomingMessage] = []
        while let record = source.next() {
            if case .message(let message, _) = record { messages.append(message) }
        }
        #expect(try await Self.compare(Array(messages.prefix(1500)), batch: 500, on: backend) == 1500)
    }
}
