import Foundation
import GRDB
import PostgresNIO
import Stores
import Testing

@testable import ConversationStore
@testable import PostgresStore
@testable import SQLiteStore

/// `tanggap migrate`: a store copied to PostgreSQL and back comes out whole, and a copy that fails keeps nothing.
@Suite(.serialized, .enabled(if: !PostgresServer.skipped, "TANGGAP_SKIP_POSTGRES=1: PostgreSQL tests skipped"))
struct StoreCopyTests {
    /// A store holding a bit of everything: merged threads, agent actions through a journal (replies in the
    /// outbox, tags, a note, a private reply, a resolution), roles, a review note, articles and templates.
    static func richStore() async throws -> TestStore {
        let test = try TestStore()
        var reader = JSONLReader(Data(ImporterTests.lines.joined(separator: "\n").utf8), file: "test")
        var messages: [IncomingMessage] = []
        while let record = reader.next() {
            if case .message(let message, _) = record { messages.append(message) }
        }
        messages += [
            Make.inbound("m1", at: 0, from: "budi", text: "sinyal lemot bgt dr pagi, gak bisa buka apa2"),
            Make.inbound("m2", at: 1, from: "sari", text: "refund kapan masuk ya? udah 5 hari"),
            Make.inbound("m3", replyTo: "m2", at: 2, from: "sari", text: "halo??"),
            Make.inbound("m4", at: 3, from: "eko", text: "makasih min 🙏"),
        ]
        try await test.store.ingest(messages)
        // A reply that comes before its parent starts a conversation of its own, merged away when the parent comes.
        try await test.store.ingest([Make.inbound("p1", at: 4, from: "dewi", text: "paket saya hilang")])
        try await test.store.ingest([Make.inbound("p3", replyTo: "p2", at: 6, from: "dewi", text: "gimana min?")])
        try await test.store.ingest([Make.outbound("p2", replyTo: "p1", at: 5, text: "Kami cek ya kak")])
        let journal = try Journal(path: test.folder.appendingPathComponent("journal.jsonl").path, host: "ws-1")
        let store = test.store.journaled(by: journal)
        try await store.record(.setRole(agent: "ani", role: .supervisor), on: nil, by: "ani")
        let budi = try #require(try await test.backend.conversation(containing: "m1"))
        let sari = try #require(try await test.backend.conversation(containing: "m2"))
        let eko = try #require(try await test.backend.conversation(containing: "m4"))
        test.clock.advance(by: 60)
        try await store.perform(.claim(leaseSeconds: 600), on: budi, by: "ani")
        try await store.perform(
            .reply(text: "Halo Kak, coba restart modemnya ya", isPrivate: false), on: budi, by: "ani")
        try await store.perform(.tag(["sinyal", "jaringan"]), on: budi, by: "ani")
        try await store.perform(.reply(text: "Boleh DM nomor pesanannya?", isPrivate: true), on: sari, by: "rudi")
        try await store.perform(.note(text: "cek ledger dulu"), on: sari, by: "rudi")
        try await store.perform(.markNoReplyNeeded(reason: "thanks only"), on: eko, by: "ani")
        try await store.perform(.setStatus(.resolved), on: budi, by: "ani")
        try await store.record(.mapLogin(login: "desk-1", agents: ["ani", "rudi"]), on: nil, by: "ani")
        try await store.record(.reviewNote(text: "jawaban cepat, bagus"), on: budi, by: "ani")
        try await test.store.saveArticles([
            Article(
                id: "reset-modem", title: "Sinyal lemot: restart modem", body: "Cabut modem 10 detik.\nColok lagi.",
                tags: ["sinyal", "modem"], language: "id", updatedAt: Make.at(0)),
            Article(
                id: "refund-time", title: "When does a refund arrive?", body: "Refunds take 3-5 working days.",
                tags: ["refund"], language: "en", updatedAt: Make.at(1)),
        ])
        try await test.store.saveTemplates([
            ReplyTemplate(
                id: "greet", name: "Salam", body: "Halo {{customer.name}}, ada yang bisa dibantu?", language: "id",
                tags: ["salam"], setsStatus: .pending, addsTags: ["disapa"])
        ])
        try await test.backend.refreshStatistics()
        return test
    }

    /// Everything a user sees of a store, to compare two stores whole.
    struct Seen: Equatable {
        var threads: [ConversationThread?] = []
        var pages: [[Conversation]] = []
        var counts: QueueCounts?
        var facts: [ConversationFacts] = []
        var events: [StoreEvent] = []
        var agents: [AgentRecord] = []
        var mappings: [LoginMapping] = []
        var templates: [ReplyTemplate] = []
        var hits: [[String]] = []
        var handled: [Conversation] = []
        var storeID = ""
    }

    static func seen(_ backend: any StoreBackend, now: Date) async throws -> Seen {
        var seen = Seen()
        let count = try await backend.conversationCount()
        for id in 1...Int64(count + 3) { seen.threads.append(try await backend.thread(ConversationID(id))) }
        for view in QueueView.allCases {
            seen.pages.append(
                try await backend.page(view, filter: QueueFilter(), agent: "ani", after: nil, limit: 100, now: now)
                    .conversations)
        }
        seen.counts = try await backend.counts(agent: "ani", now: now)
        seen.facts = try await backend.reportFacts(since: nil, until: nil).sorted { $0.id < $1.id }
        seen.events = try await backend.events(since: nil, until: nil, agent: nil, host: nil, limit: 1_000)
        seen.agents = try await backend.agents()
        seen.mappings = try await backend.loginMappings()
        seen.templates = try await backend.templates()
        for query in ["sinyal lemot", "refund arrive", "modem"] {
            seen.hits.append(
                try await backend.searchArticles(
                    terms: KnowledgeText.queryTerms(query), pairs: KnowledgeText.queryPairs(query), limit: 5
                ).map(\.article.id))
        }
        seen.handled = try await backend.handled(ReviewFilter(), limit: 100, now: now)
        seen.storeID = try await backend.storeID()
        return seen
    }

    @Test func aStoreGoesToPostgreSQLAndBackWhole() async throws {
        let original = try await Self.richStore()
        let url = try await PostgresServer.freshDatabase()
        let toServer = try await StoreCopy.copy(
            from: .sqlite(path: original.path), to: .postgres(url: url), logger: PostgresServer.logger,
            connectTimeout: PostgresServer.openTimeout)
        #expect(toServer.matches)
        #expect(toServer.rows(of: "conversation") == (try await original.backend.conversationCount()))
        #expect(toServer.rows(of: "event") == 10)
        #expect(toServer.rows(of: "conversation_alias") > 0, "the sample's merges are copied")
        let back = original.folder.appendingPathComponent("back/store.sqlite").path
        let fromServer = try await StoreCopy.copy(
            from: .postgres(url: url), to: .sqlite(path: back), logger: PostgresServer.logger,
            connectTimeout: PostgresServer.openTimeout)
        #expect(fromServer.matches)
        #expect(fromServer.lines.map(\.source.checksum) == toServer.lines.map(\.source.checksum))
        #expect(!FileManager.default.fileExists(atPath: back + ".copying"))

        let postgres = try await PostgresBackend.open(
            url: url, logger: PostgresServer.logger, connectTimeout: PostgresServer.openTimeout)
        defer { postgres.close() }
        let returned = try SQLiteBackend(path: back, logger: PostgresServer.logger)
        let now = original.clock.now.addingTimeInterval(3_600)
        let expected = try await Self.seen(original.backend, now: now)
        #expect(expected.threads.compactMap { $0 }.count >= 8)
        #expect(try await Self.seen(postgres, now: now) == expected)
        #expect(try await Self.seen(returned, now: now) == expected)

        // Ids go on from the copied ones: a new message gets the same conversation id in all three stores.
        let later = [Make.inbound("after-copy", at: 90, from: "new-customer", text: "paket belum sampai")]
        let ids = [
            try await original.backend.ingest(later, facts: TextFacts(later)),
            try await postgres.ingest(later, facts: TextFacts(later)),
            try await returned.ingest(later, facts: TextFacts(later)),
        ]
        #expect(ids[1] == ids[0] && ids[2] == ids[0])
        let newID = try #require(try await original.backend.conversation(containing: "after-copy"))
        #expect(try await postgres.conversation(containing: "after-copy") == newID)
        #expect(try await returned.conversation(containing: "after-copy") == newID)
        // The journal names the same store, and the copy knows every entry as applied: nothing is applied twice.
        let journal = try Journal(path: original.folder.appendingPathComponent("journal.jsonl").path, host: "ws-1")
        let recovered = try await Store(backend: postgres).journaled(by: journal).recoverJournal()
        #expect(recovered.applied == 0 && recovered.refused == 0)
    }

    /// A copy that fails half-way keeps nothing: PostgreSQL rolls it back, and no SQLite file appears.
    /// A text holding a NUL (as a store written before NULs were refused may) is copied whole to a SQLite file, and
    /// the check reads every byte of it; PostgreSQL cannot store it, so that copy is refused, naming the row.
    @Test func aTextWithANULIsCopiedWholeOrRefusedNamed() async throws {
        let original = try await Self.richStore()
        let writer = try DatabaseQueue(path: original.path)
        try await writer.write { db in
            try db.execute(sql: "UPDATE message SET text = 'vis' || char(0) || 'HIDDEN' WHERE external_id = 'm4'")
        }
        try writer.close()
        let file = original.folder.appendingPathComponent("whole/store.sqlite").path
        let report = try await StoreCopy.copy(
            from: .sqlite(path: original.path), to: .sqlite(path: file), logger: PostgresServer.logger)
        #expect(report.matches)
        let copied = try DatabaseQueue(path: file)
        let bytes = try await copied.read { db in
            try Data.fetchOne(db, sql: "SELECT CAST(text AS BLOB) FROM message WHERE external_id = 'm4'")
        }
        try copied.close()
        #expect(bytes == Data("vis\u{0}HIDDEN".utf8), "the copy holds the whole text")

        let url = try await PostgresServer.freshDatabase()
        let refused = await #expect(throws: StoreError.self) {
            _ = try await StoreCopy.copy(
                from: .sqlite(path: original.path), to: .postgres(url: url), logger: PostgresServer.logger,
                connectTimeout: PostgresServer.openTimeout)
        }
        #expect(refused?.message.contains("holds a NUL character (U+0000)") == true, "\(refused?.message ?? "")")
        #expect(refused?.message.hasPrefix("message row ") == true, "\(refused?.message ?? "")")
    }

    @Test func aFailedCopyKeepsNothing() async throws {
        let original = try await Self.richStore()
        let url = try await PostgresServer.freshDatabase()
        let target = try await PostgresBackend.open(
            url: url, logger: PostgresServer.logger, connectTimeout: PostgresServer.openTimeout)
        defer { target.close() }
        // The server refuses one message late in the copy, after conversations and customers went in.
        try await target.client.query("ALTER TABLE message ADD CONSTRAINT no_restart CHECK (text NOT LIKE '%restart%')")
        await #expect(throws: StoreError.self) {
            _ = try await StoreCopy.copy(
                from: .sqlite(path: original.path), to: .postgres(url: url), logger: PostgresServer.logger,
                connectTimeout: PostgresServer.openTimeout)
        }
        for table in StoreCopy.dataTables {
            var rows = -1
            for try await count in try await target.client.query(
                PostgresQuery(unsafeSQL: "SELECT COUNT(*) FROM \(table)")
            ).decode(Int.self) {
                rows = count
            }
            #expect(rows == 0, "\(table) holds rows after a failed copy")
        }
        try await target.client.query("ALTER TABLE message DROP CONSTRAINT no_restart")
        _ = try await StoreCopy.copy(
            from: .sqlite(path: original.path), to: .postgres(url: url), logger: PostgresServer.logger,
            connectTimeout: PostgresServer.openTimeout)

        // Reading the source fails after the messages were written to the new file.
        try await target.client.query("ALTER TABLE event RENAME COLUMN error TO failure")
        let file = original.folder.appendingPathComponent("copy.sqlite").path
        await #expect(throws: StoreError.self) {
            _ = try await StoreCopy.copy(
                from: .postgres(url: url), to: .sqlite(path: file), logger: PostgresServer.logger,
                connectTimeout: PostgresServer.openTimeout)
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: original.folder.path)
        #expect(!left.contains { $0.hasPrefix("copy.sqlite") }, "\(left)")
    }

    @Test func aCopyNeverLandsOnAStore() async throws {
        let original = try await Self.richStore()
        let url = try await PostgresServer.freshDatabase()
        _ = try await StoreCopy.copy(
            from: .sqlite(path: original.path), to: .postgres(url: url), logger: PostgresServer.logger,
            connectTimeout: PostgresServer.openTimeout)
        let again = await #expect(throws: StoreError.self) {
            _ = try await StoreCopy.copy(
                from: .sqlite(path: original.path), to: .postgres(url: url), logger: PostgresServer.logger,
                connectTimeout: PostgresServer.openTimeout)
        }
        #expect(again?.message.contains("already holds data") == true)
        let onFile = await #expect(throws: StoreError.self) {
            _ = try await StoreCopy.copy(
                from: .postgres(url: url), to: .sqlite(path: original.path), logger: PostgresServer.logger,
                connectTimeout: PostgresServer.openTimeout)
        }
        #expect(onFile?.message.contains("already exists") == true)
        let same = await #expect(throws: StoreError.self) {
            _ = try await StoreCopy.copy(
                from: .sqlite(path: original.path), to: .sqlite(path: original.path), logger: PostgresServer.logger,
                connectTimeout: PostgresServer.openTimeout)
        }
        #expect(same?.message.contains("the same store") == true)
        let missing = original.folder.appendingPathComponent("none.sqlite").path
        let none = await #expect(throws: StoreError.self) {
            _ = try await StoreCopy.copy(
                from: .sqlite(path: missing), to: .postgres(url: url), logger: PostgresServer.logger,
                connectTimeout: PostgresServer.openTimeout)
        }
        #expect(none?.code == .notFound)
        #expect(!FileManager.default.fileExists(atPath: missing), "a missing source is not created")
    }

    /// Every column of every table a store keeps is copied, on both backends; what is not copied is derived and
    /// rebuilt, or (presence: which console has what open this minute) not the store's data at all. A column added by a later migration and forgotten here fails this test.
    @Test func theCopyCoversEveryTableAndColumn() async throws {
        let test = try TestStore()
        let copied = Dictionary(uniqueKeysWithValues: StoreCopy.tables.map { ($0.name, Set($0.columnNames)) })
        let sqliteTables = try await test.backend.pool.read { db in
            var tables: [String: Set<String>] = [:]
            for name in try String.fetchAll(
                db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'")
            {
                tables[name] = Set(try db.columns(in: name).map(\.name))
            }
            return tables
        }
        let sqliteDerived: Set<String> = [
            "grdb_migrations", "article_passage", "search_stats", "answered_term", "sqlite_sequence", "presence",
        ]
        for (name, columns) in sqliteTables where !sqliteDerived.contains(name) && !name.contains("_search_") {
            #expect(copied[name] == columns, "SQLite table \(name)")
        }
        let postgres = try await PostgresBackend.open(
            url: try await PostgresServer.freshDatabase(), logger: PostgresServer.logger,
            connectTimeout: PostgresServer.openTimeout)
        defer { postgres.close() }
        var postgresTables: [String: Set<String>] = [:]
        for try await (table, column) in try await postgres.client.query(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'"
        ).decode((String, String).self) {
            postgresTables[table, default: []].insert(column)
        }
        let postgresDerived: Set<String> = [
            "schema_migration", "article_passage", "search_term", "search_stats", "presence",
        ]
        for (name, columns) in postgresTables where !postgresDerived.contains(name) {
            // Derived in the server: a text vector, an article's row number, and the account beside each answered
            // conversation (kept by triggers from its conversation's).
            var derived: Set<String> = ["search"]
            if name == "article" { derived.insert("seq") }
            if name == "answered" { derived.insert("account_id") }
            let kept = columns.subtracting(derived)
            #expect(copied[name] == kept, "PostgreSQL table \(name)")
        }
    }
}
