import Foundation
import GRDB
import Testing

@testable import ConversationStore
@testable import SQLiteStore

@Suite struct ThreadingTests {
    @Test(arguments: Backend.tested) func replyJoinsItsParentsConversation(_ backend: Backend) async throws {
        let test = try await TestStore.make(backend)
        try await test.store.ingest([Make.inbound("1", at: 0), Make.outbound("2", replyTo: "1", at: 5)])
        #expect(try await test.store.threadShapes() == [["1", "2"]])
    }

    @Test(arguments: Backend.tested) func messageWithoutParentStartsNewConversation(_ backend: Backend) async throws {
        let test = try await TestStore.make(backend)
        try await test.store.ingest([Make.inbound("1", at: 0), Make.inbound("2", at: 1)])
        #expect(try await test.store.threadShapes() == [["1"], ["2"]])
    }

    @Test(arguments: Backend.tested) func replyThatArrivesBeforeItsParentIsLinkedWhenTheParentComes(
        _ backend: Backend
    ) async throws {
        let test = try await TestStore.make(backend)
        let early = try await test.store.ingest([Make.outbound("2", replyTo: "1", at: 5)])
        let orphanID = try #require(early.conversations.first)
        #expect(try await test.store.threadShapes() == [["2"]])

        try await test.store.ingest([Make.inbound("1", at: 0)])
        #expect(try await test.store.threadShapes() == [["1", "2"]])
        let merged = try #require(try await test.store.thread(orphanID))
        #expect(merged.messages.map(\.externalID) == ["1", "2"])
        #expect(merged.conversation.needsResponse)
        #expect(merged.conversation.firstResponseAt == Make.at(5))
        #expect(try await test.store.conversationCount() == 1)
    }

    /// The id of a conversation merged away keeps naming its survivor: a conversation started afterwards gets an id
    /// of its own, not the one just freed.
    /// A merge deletes the conversation merged away, and SQLite then looks for rows still naming it in every table
    /// that refers to conversations (a merge also re-points its aliases): each such table needs an index led by
    /// that column, or every merge reads the whole table. A file newest first, all replies before their parents,
    /// merged ever more slowly while the aliases lacked one (100,000 messages: 132 s, now 7.8 s).
    @Test func everyTableNamingAConversationIsIndexedByIt() async throws {
        let test = try TestStore()
        let missing = try await test.backend.pool.read { db -> [String] in
            var missing: [String] = []
            for table in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'") {
                for key in try Row.fetchAll(
                    db, sql: #"SELECT "from", "table" FROM pragma_foreign_key_list(?)"#, arguments: [table])
                where (key["table"] as String) == "conversation" {
                    let column: String = key["from"]
                    let isRowID =
                        try Bool.fetchOne(
                            db, sql: "SELECT pk = 1 AND type = 'INTEGER' FROM pragma_table_info(?) WHERE name = ?",
                            arguments: [table, column]) ?? false
                    let leading = try String.fetchAll(
                        db,
                        sql: """
                            SELECT info.name FROM pragma_index_list(?) AS list
                            JOIN pragma_index_info(list.name) AS info WHERE info.seqno = 0
                            """, arguments: [table])
                    if !isRowID && !leading.contains(column) { missing.append("\(table).\(column)") }
                }
            }
            return missing
        }
        #expect(missing.isEmpty, "found by a full scan: \(missing)")
    }

    @Test(arguments: Backend.tested) func aMergedAwayIdIsNeverGivenAgain(_ backend: Backend) async throws {
        let test = try await TestStore.make(backend)
        try await test.store.ingest([Make.outbound("2", replyTo: "1", at: 5)])
        let parent = try await test.store.ingest([Make.inbound("1", at: 0)])
        let survivor = try #require(parent.conversations.first)
        let merged = ConversationID(survivor.rawValue + 1)
        #expect(try await test.store.thread(merged)?.conversation.id == survivor)
        let later = try await test.store.ingest([Make.inbound("3", at: 60, from: "c2")])
        let newcomer = try #require(later.conversations.first)
        #expect(newcomer != merged && newcomer != survivor)
        #expect(try await test.store.thread(merged)?.messages.map(\.externalID) == ["1", "2"])
    }

    @Test(arguments: Backend.tested) func parentThatNeverArrivesLeavesTheReplyOnItsOwn(_ backend: Backend) async throws
    {
        let test = try await TestStore.make(backend)
        try await test.store.ingest([
            Make.inbound("2", replyTo: "missing", at: 0), Make.outbound("3", replyTo: "2", at: 4),
        ])
        let conversation = try #require(try await test.store.conversation(holding: "2"))
        #expect(try await test.store.threadShapes() == [["2", "3"]])
        #expect(conversation.externalID == "2")
        #expect(conversation.needsResponse)
        #expect(conversation.firstResponseAt == Make.at(4))
    }

    /// Two branches answered separately, joined only by the root.
    static let tree: [IncomingMessage] = [
        Make.inbound("r", at: 0, text: "root"),
        Make.outbound("a", replyTo: "r", at: 3),
        Make.inbound("b", replyTo: "a", at: 7, text: "masih gak bisa"),
        Make.outbound("c", replyTo: "r", at: 9),
        Make.inbound("d", replyTo: "c", at: 12, text: "ok makasih"),
    ]

    @Test(arguments: permutations(of: Array(0..<5)))
    func sameMessagesInAnyOrderGiveTheSameConversation(_ order: [Int]) async throws {
        // Every order on SQLite; PostgreSQL threads the same orders alike in the differential tests.
        let test = try TestStore()
        for index in order { try await test.store.ingest([Self.tree[index]]) }
        #expect(try await test.store.threadShapes() == [["r", "a", "b", "c", "d"]])
        let conversation = try #require(try await test.store.conversation(holding: "r"))
        #expect(conversation.externalID == "r")
        #expect(conversation.firstInboundAt == Make.at(0))
        #expect(conversation.firstResponseAt == Make.at(3))
        #expect(conversation.lastInboundAt == Make.at(12))
        #expect(conversation.awaitingReplySince == Make.at(12))
        #expect(conversation.snippet == "ok makasih")
        #expect(conversation.messageCount == 5)
        #expect(conversation.customer?.conversationCount == 1)
    }

    @Test(arguments: Backend.tested) func privateMessagesJoinTheCustomersOpenPrivateConversation(
        _ backend: Backend
    ) async throws {
        let test = try await TestStore.make(backend)
        try await test.store.ingest([
            Make.inbound("dm1", at: 0, channel: .whatsapp, visibility: .private),
            Make.inbound("dm2", at: 1, channel: .whatsapp, visibility: .private),
            Make.inbound("other", at: 2, from: "c2", channel: .whatsapp, visibility: .private),
        ])
        #expect(try await test.store.threadShapes() == [["dm1", "dm2"], ["other"]])

        let conversation = try #require(try await test.store.conversation(holding: "dm1"))
        try await test.store.perform(.setStatus(.resolved), on: conversation.id, by: "ani")
        try await test.store.ingest([Make.inbound("dm3", at: 30, channel: .whatsapp, visibility: .private)])
        #expect(try await test.store.threadShapes() == [["dm1", "dm2"], ["dm3"], ["other"]])
    }

    @Test(arguments: Backend.tested) func reimportingIsANoOp(_ backend: Backend) async throws {
        let test = try await TestStore.make(backend)
        let first = try await test.store.ingest(Self.tree)
        let second = try await test.store.ingest(Self.tree)
        #expect(first.inserted == 5 && first.duplicates == 0)
        #expect(second.inserted == 0 && second.duplicates == 5)
        #expect(try await test.store.conversationCount() == 1)
    }

    @Test(arguments: Backend.tested) func sameIdOnAnotherChannelIsAnotherMessage(_ backend: Backend) async throws {
        let test = try await TestStore.make(backend)
        let result = try await test.store.ingest([
            Make.inbound("1", at: 0, channel: .twitter), Make.inbound("1", at: 0, channel: .facebook),
        ])
        #expect(result.inserted == 2)
    }

    @Test(arguments: Backend.tested) func conversationStartedByTheBrandNeedsNoResponse(_ backend: Backend) async throws
    {
        let test = try await TestStore.make(backend)
        try await test.store.ingest([Make.outbound("1", at: 0), Make.inbound("2", replyTo: "1", at: 3)])
        let conversation = try #require(try await test.store.conversation(holding: "1"))
        #expect(!conversation.needsResponse)
        #expect(conversation.needsReply)
    }

    @Test(arguments: Backend.tested) func accountComesFromTheMentionWhenTheSourceNamesNone(
        _ backend: Backend
    ) async throws {
        let test = try await TestStore.make(backend)
        try await test.store.ingest([Make.outbound("0", at: 0, account: "TelkomCare")])
        try await test.store.ingest([Make.inbound("1", at: 1, text: "@TelkomCare sinyal hilang", account: nil)])
        let conversation = try #require(try await test.store.conversation(holding: "1"))
        #expect(conversation.account == "TelkomCare")
    }

    @Test(arguments: Backend.tested) func repeatCustomersAreCounted(_ backend: Backend) async throws {
        let test = try await TestStore.make(backend)
        try await test.store.ingest([
            Make.inbound("1", at: 0), Make.inbound("2", at: 60), Make.inbound("3", at: 90, from: "c2"),
        ])
        let conversation = try #require(try await test.store.conversation(holding: "2"))
        #expect(conversation.customer?.conversationCount == 2)
        #expect(conversation.customer?.firstSeenAt == Make.at(0))
    }
}

/// Every ordering of `items`.
func permutations<T>(of items: [T]) -> [[T]] {
    guard items.count > 1 else { return [items] }
    return items.indices.flatMap { index -> [[T]] in
        var rest = items
        let head = rest.remove(at: index)
        return permutations(of: rest).map { [head] + $0 }
    }
}
