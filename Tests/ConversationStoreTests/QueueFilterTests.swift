import Foundation
import Testing

@testable import ConversationStore
@testable import SQLiteStore

@Suite struct QueueFilterTests {
    @Test func parsesWhatAgentsType() throws {
        let filter = try QueueFilter(parsing: "status:open tag:Refund channel:whatsapp assignee:@ani paket belum")
        #expect(
            filter
                == QueueFilter(status: .open, tag: "refund", channel: .whatsapp, assignee: "ani", text: "paket belum"))
        #expect(filter.description == "status:open tag:refund channel:whatsapp assignee:ani paket belum")
        #expect(try QueueFilter(parsing: "").isEmpty)
        #expect(throws: StoreError.self) { try QueueFilter(parsing: "status:maybe") }
    }

    /// The code the queue shows for a channel (`wa`) filters as its name does; a key a letter or two off a filter's
    /// is a typo said as one, while other words with a colon stay words to search for.
    @Test func channelCodesFilterAndMisspeltKeysAreSaid() throws {
        for code in ["wa", "WA", "whatsapp"] {
            #expect(try QueueFilter(parsing: "channel:\(code)").channel == .whatsapp)
        }
        for (code, channel) in [("tw", Channel.twitter), ("fb", .facebook), ("ig", .instagram)] {
            #expect(try QueueFilter(parsing: "channel:\(code)").channel == channel)
            #expect(channel.code == code)
        }
        #expect(try QueueFilter(parsing: "channel:line").channel == Channel(rawValue: "line"))
        for (typed, says) in [
            ("chanel:wa", "unknown filter 'chanel:'; did you mean 'channel:'?"),
            ("stauts:open", "unknown filter 'stauts:'; did you mean 'status:'?"),
            ("asignee:ani", "unknown filter 'asignee:'; did you mean 'assignee:'?"),
        ] {
            #expect(throws: StoreError.self) { try QueueFilter(parsing: typed) }
            do {
                _ = try QueueFilter(parsing: typed)
            } catch let error as StoreError {
                #expect(error.message == says)
            }
        }
        #expect(try QueueFilter(parsing: "re:order jam 10:30 https://x.id").text == "re:order jam 10:30 https://x.id")
    }

    @Test func narrowsTheView() async throws {
        let test = try TestStore()
        try await test.store.ingest([
            Make.inbound("1", at: 0, from: "budi", text: "paket belum sampai"),
            Make.inbound(
                "2", at: 1, from: "sari", text: "refund 100% kapan?", channel: .whatsapp, visibility: .private),
            Make.inbound("3", at: 2, from: "eko", text: "sinyal_lemot"),
        ])
        let sari = try #require(try await test.store.conversation(holding: "2"))
        try await test.store.perform(.tag(["refund"]), on: sari.id, by: "ani")
        try await test.store.perform(.claim(leaseSeconds: 600), on: sari.id, by: "ani")
        func ids(_ query: String) async throws -> [String] {
            try await test.store.page(.all, filter: try QueueFilter(parsing: query), agent: "ani").conversations
                .map(\.externalID).sorted()
        }
        #expect(try await ids("paket") == ["1"])
        #expect(try await ids("BUDI") == ["1"])
        #expect(try await ids("tag:refund") == ["2"])
        #expect(try await ids("channel:whatsapp") == ["2"])
        #expect(try await ids("assignee:ani status:open") == ["2"])
        #expect(try await ids("status:new") == ["1", "3"])
        // LIKE wildcards in what the agent types are taken literally.
        #expect(try await ids("100%") == ["2"])
        #expect(try await ids("_lemot") == ["3"])
        #expect(try await ids("%") == ["2"])
    }
}
