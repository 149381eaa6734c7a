import Foundation
import GRDB
import Testing

@testable import ConversationStore
@testable import SQLiteStore

@Suite struct QueueTests {
    @Test(arguments: Backend.tested) func needsReplyIsOrderedByDueTimeThenPriority(_ backend: Backend) async throws {
        let test = try await TestStore.make(backend)
        try await test.store.ingest([
            Make.inbound("late", at: 10), Make.inbound("early", at: 0), Make.inbound("tie", at: 10, from: "c2"),
            Make.inbound("answered", at: 1, from: "c3"), Make.outbound("reply", replyTo: "answered", at: 2),
        ])
        let tie = try #require(try await test.store.conversation(holding: "tie"))
        try await test.store.perform(.setPriority(.urgent), on: tie.id, by: "ani")

        let page = try await test.store.page(.needsReply, agent: "ani")
        let order = page.conversations.map(\.externalID)
        #expect(order == ["early", "tie", "late"])
        #expect(page.conversations.first?.slaDueAt == Make.at(30))
        #expect(page.next == nil)
    }

    @Test(arguments: Backend.tested) func slaTargetFollowsThePolicy(_ backend: Backend) async throws {
        let test = try await TestStore.make(
            backend, policy: SLAPolicy(defaultTargetSeconds: 3600, priorityTargets: [.urgent: 600]))
        try await test.store.ingest([Make.inbound("1", at: 0)])
        var conversation = try #require(try await test.store.conversation(holding: "1"))
        #expect(conversation.slaDueAt == Make.at(60))
        conversation = try await test.store.perform(.setPriority(.urgent), on: conversation.id, by: "ani")
        #expect(conversation.slaDueAt == Make.at(10))
    }

    @Test(arguments: Backend.tested, [QueueView.needsReply, .all, .unassigned])
    func keysetPagingVisitsEveryConversationOnce(_ backend: Backend, _ view: QueueView) async throws {
        let test = try await TestStore.make(backend)
        // Many equal due times, so the id must break ties for paging to be exact.
        try await test.store.ingest((0..<103).map { Make.inbound("m\($0)", at: Double($0 / 10), from: "c\($0)") })
        var seen: [ConversationID] = []
        var cursor: QueueCursor?
        repeat {
            let page = try await test.store.page(view, agent: "ani", after: cursor, limit: 10)
            #expect(page.conversations.count <= 10)
            seen += page.conversations.map(\.id)
            cursor = page.next
            if let next = cursor { #expect(QueueCursor(next.description) == next) }
        } while cursor != nil
        #expect(seen.count == 103)
        #expect(Set(seen).count == 103)
    }

    @Test(arguments: Backend.tested) func cursorOfAnotherViewIsRefused(_ backend: Backend) async throws {
        let test = try await TestStore.make(backend)
        let error = await #expect(throws: StoreError.self) {
            _ = try await test.store.page(.mine, agent: "ani", after: QueueCursor(view: .all, keys: [1, 2]))
        }
        #expect(error?.code == .invalidAction)
    }

    @Test(arguments: Backend.tested) func viewsHoldWhatTheirNamesSay(_ backend: Backend) async throws {
        let test = try await TestStore.make(backend)
        try await test.store.ingest((1...5).map { Make.inbound("m\($0)", at: Double($0), from: "c\($0)") })
        func id(_ external: String) async throws -> ConversationID {
            try #require(try await test.store.conversation(holding: external)).id
        }
        try await test.store.perform(.claim(leaseSeconds: 600), on: try await id("m1"), by: "ani")
        try await test.store.perform(.claim(leaseSeconds: 600), on: try await id("m2"), by: "budi")
        try await test.store.perform(.setStatus(.pending), on: try await id("m3"), by: "ani")
        try await test.store.perform(.snooze(until: Make.at(120)), on: try await id("m4"), by: "ani")
        try await test.store.perform(.setStatus(.resolved), on: try await id("m5"), by: "ani")

        func view(_ view: QueueView) async throws -> [String] {
            try await test.store.page(view, agent: "ani").conversations.map(\.externalID)
        }
        #expect(try await view(.mine) == ["m1"])
        #expect(try await view(.needsReply) == ["m1", "m2"])
        #expect(try await view(.unassigned) == [])
        #expect(try await view(.pending) == ["m3"])
        #expect(try await view(.snoozed) == ["m4"])
        #expect(try await view(.resolved) == ["m5"])
        #expect(try await view(.unhappy) == ["m1", "m2"])  // "sinyal lemot": slow signal
        #expect(Set(try await view(.all)) == ["m1", "m2", "m3", "m4", "m5"])
        let counts = try await test.store.counts(agent: "ani")
        #expect(counts == QueueCounts(needsReply: 2, breaching: 0, mine: 1))
    }

    @Test(arguments: Backend.tested) func breachingCountsConversationsPastTheirDueTime(_ backend: Backend) async throws
    {
        let test = try await TestStore.make(backend)
        try await test.store.ingest([Make.inbound("1", at: 0), Make.inbound("2", at: 20, from: "c2")])
        test.clock.advance(by: 40 * 60)
        #expect(try await test.store.counts(agent: "ani").breaching == 1)
    }

    /// The queue pages must come from an index in sort order: no table scan, no sort of the whole table.
    @Test(arguments: QueueView.allCases)
    func everyViewReadsAnIndexInOrder(_ view: QueueView) async throws {
        let test = try TestStore()
        try await test.store.ingest((0..<50).map { Make.inbound("m\($0)", at: Double($0), from: "c\($0)") })
        let plan = SQLiteBackend.plan(view)
        let (sortKeys, descending) = view.ordering
        let columns = sortKeys.map { "c.\($0.rawValue)" } + ["c.id"]
        let direction = descending ? "DESC" : "ASC"
        let order = columns.map { "\($0) \(direction)" }.joined(separator: ", ")
        let sql = """
            EXPLAIN QUERY PLAN SELECT c.id FROM conversation c INDEXED BY \(plan.index)
            WHERE \(plan.filter.replacingOccurrences(of: ":agent", with: "'ani'"))
              AND (\(columns.joined(separator: ", "))) \(descending ? "<" : ">") (\(columns.map { _ in "0" }.joined(separator: ", ")))
            ORDER BY \(order) LIMIT 50
            """
        let details = try await test.backend.pool.read { db in
            try Row.fetchAll(db, sql: sql).map { $0["detail"] as String }
        }
        let text = details.joined(separator: " | ")
        #expect(!text.contains("TEMP B-TREE"), "\(view.rawValue) sorts instead of reading an index: \(text)")
        #expect(text.contains("INDEX"), "\(view.rawValue) scans the table: \(text)")
    }
}

@Suite struct UnhappyViewTests {
    @Test(arguments: Backend.tested) func unhappyCustomersWaitingFirst(_ backend: Backend) async throws {
        let test = try await TestStore.make(backend)
        try await test.store.ingest([
            Make.inbound("calm", at: 0, from: "a", text: "kapan paketnya dikirim?"),
            Make.inbound("angry", at: 5, from: "b", text: "parah, udah seminggu gak sampe, kecewa banget"),
            Make.inbound("thanks", at: 6, from: "c", text: "makasih ya min, mantap"),
        ])
        let page = try await test.store.page(.unhappy, agent: "ani").conversations
        #expect(page.map(\.externalID) == ["angry"], "\(page.map { ($0.externalID, $0.sentiment ?? 9) })")
    }
}
