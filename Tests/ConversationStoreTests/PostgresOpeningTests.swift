import Foundation
import PostgresNIO
import Testing

@testable import ConversationStore
@testable import PostgresStore

/// Opening a PostgreSQL store: a new database is migrated once, however many open it at once.
@Suite(.serialized, .enabled(if: !PostgresServer.skipped, "TANGGAP_SKIP_POSTGRES=1: PostgreSQL tests skipped"))
struct PostgresOpeningTests {
    @Test func opensANewStoreAndMigratesOnce() async throws {
        let url = try await PostgresServer.freshDatabase()
        let first = try await PostgresServer.open(url)
        #expect(try await first.schemaVersions() == PostgresSchema.migrations.map(\.version))
        let id = try await first.storeID()
        #expect(id.count == 32)
        first.close()
        let again = try await PostgresServer.open(url)
        #expect(try await again.storeID() == id)
        #expect(try await again.schemaVersions() == PostgresSchema.migrations.map(\.version))
        again.close()
    }

    /// Many processes opening one new store at once: each migration is applied exactly once and all agree on the
    /// store's id.
    @Test func openersRacingOnANewStoreMigrateItOnce() async throws {
        let url = try await PostgresServer.freshDatabase()
        let ids = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    let backend = try await PostgresServer.open(url)
                    defer { backend.close() }
                    return try await backend.storeID()
                }
            }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(ids.count == 1)
        let backend = try await PostgresServer.open(url)
        #expect(try await backend.schemaVersions() == PostgresSchema.migrations.map(\.version))
        backend.close()
    }

    /// A migration longer than the time allowed to reach the server (a large store's upgrade, here another process
    /// holding the migration lock for 4 s on a store one version behind) is waited for: the timeout is for reaching
    /// the server, not for upgrading. (A store that is up to date opens without the lock.)
    @Test func aMigrationLongerThanTheConnectTimeoutIsWaitedFor() async throws {
        let url = try await PostgresServer.freshDatabase()
        let holder = try await PostgresServer.open(url)
        defer { holder.close() }
        try await PostgresIdentityTests.asAtVersion14(holder)
        let holding = Task {
            try await holder.client.withTransaction(logger: PostgresServer.logger) { connection in
                try await connection.query(
                    "SELECT pg_advisory_xact_lock(\(PostgresSchema.lockKey))", logger: PostgresServer.logger)
                try await Task.sleep(for: .seconds(4))
            }
        }
        // Opened once the lock is held (on a loaded machine the holder's transaction may start late).
        var taken = false
        for _ in 0..<200 where !taken {
            let locks = try await holder.client.query(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted", logger: PostgresServer.logger
            ).decode(Int.self).first { _ in true }
            taken = (locks ?? 0) > 0
            if !taken { try await Task.sleep(for: .milliseconds(50)) }
        }
        try #require(taken, "the migration lock was never taken")
        let started = ContinuousClock.now
        let opened = try await PostgresBackend.open(
            url: url, logger: PostgresServer.logger, connectTimeout: .seconds(1))
        defer { opened.close() }
        #expect(ContinuousClock.now - started > .seconds(1))
        #expect(try await opened.schemaVersions() == PostgresSchema.migrations.map(\.version))
        try await holding.value
    }
}

/// A store from before personal data was flagged is flagged once it is upgraded: the upgrade works the kinds out
/// for the conversations it holds.
@Suite(.serialized, .enabled(if: !PostgresServer.skipped, "TANGGAP_SKIP_POSTGRES=1: PostgreSQL tests skipped"))
struct PostgresUpgradeTests {
    @Test func anUpgradedStoreFlagsThePersonalDataItAlreadyHolds() async throws {
        let url = try await PostgresServer.freshDatabase()
        let backend = try await PostgresServer.open(url)
        let messages = [Make.inbound("u1", at: 0, from: "budi", text: "NIK aku 3201234508900001, tolong cek")]
        _ = try await backend.ingest(messages, facts: TextFacts(messages))
        // As the store was before the upgrade.
        for statement in [
            "ALTER TABLE conversation DROP COLUMN personal_data",
            "ALTER TABLE message DROP COLUMN masked_personal_data",
            "DELETE FROM schema_migration WHERE version = 8",
        ] {
            try await backend.client.query(PostgresQuery(unsafeSQL: statement), logger: PostgresServer.logger)
        }
        backend.close()
        let upgraded = try await PostgresServer.open(url)
        defer { upgraded.close() }
        let id = try #require(try await upgraded.conversation(containing: "u1"))
        #expect(try await upgraded.thread(id)?.conversation.personalData == [.nik])
    }

    @Test func anUpgradedStoresConversationsGetTheirIntent() async throws {
        let url = try await PostgresServer.freshDatabase()
        let backend = try await PostgresServer.open(url)
        let messages = [
            Make.inbound("n1", at: 0, from: "budi", text: "paket blm sampe2 udah 2 hari"),
            Make.outbound("n2", replyTo: "n1", at: 5, text: "Mohon maaf kak, kami cek ya"),
            Make.inbound("n3", replyTo: "n2", at: 9, from: "budi", text: "ok makasih min"),
            // Unanswered, then an acknowledgement: the complaint still waits.
            Make.inbound("n5", at: 11, from: "rina", text: "kode promo gak bisa dipake"),
            Make.inbound("n6", replyTo: "n5", at: 12, from: "rina", text: "ok deh"),
        ]
        _ = try await backend.ingest(messages, facts: TextFacts(messages))
        // As the store was before the upgrade.
        for statement in [
            "ALTER TABLE conversation DROP COLUMN intent", "ALTER TABLE conversation DROP COLUMN reply_expected",
            "ALTER TABLE conversation DROP COLUMN first_intent",
            "DELETE FROM schema_migration WHERE version IN (12, 13)",
        ] {
            try await backend.client.query(PostgresQuery(unsafeSQL: statement), logger: PostgresServer.logger)
        }
        backend.close()
        let upgraded = try await PostgresServer.open(url)
        defer { upgraded.close() }
        let id = try #require(try await upgraded.conversation(containing: "n1"))
        let conversation = try #require(try await upgraded.thread(id)).conversation
        #expect(conversation.intent == .thanks && !conversation.replyExpected)
        let waitingID = try #require(try await upgraded.conversation(containing: "n5"))
        let waiting = try #require(try await upgraded.thread(waitingID)).conversation
        #expect(waiting.intent == .thanks && waiting.replyExpected, "version 13: the unanswered complaint still waits")
    }
}

/// A store from before brand replies were told from agents writes its imported first responders as `@handle`.
@Suite(.serialized, .enabled(if: !PostgresServer.skipped, "TANGGAP_SKIP_POSTGRES=1: PostgreSQL tests skipped"))
struct PostgresResponderUpgradeTests {
    @Test func anUpgradedStoreTellsBrandRepliesFromAgents() async throws {
        let url = try await PostgresServer.freshDatabase()
        let backend = try await PostgresServer.open(url)
        let messages = [
            Make.inbound("i1", at: 0, from: "budi", account: "brand"), Make.outbound("o1", replyTo: "i1", at: 5),
        ]
        _ = try await backend.ingest(messages, facts: TextFacts(messages))
        for statement in [
            "UPDATE conversation SET first_responder = 'brand'", "DELETE FROM schema_migration WHERE version = 9",
        ] {
            try await backend.client.query(PostgresQuery(unsafeSQL: statement), logger: PostgresServer.logger)
        }
        backend.close()
        let upgraded = try await PostgresServer.open(url)
        defer { upgraded.close() }
        let id = try #require(try await upgraded.conversation(containing: "i1"))
        #expect(try await upgraded.thread(id)?.conversation.firstResponder == "@brand")
    }
}

/// URLs and servers a PostgreSQL store cannot be opened from: errors a person can act on. These need no server, so
/// they run even when the PostgreSQL tests are skipped.
struct PostgresLocationErrorTests {
    @Test(arguments: [
        ("mysql://u@h/db", "not a postgres:// url"),
        ("postgres://h/db", "names no user"),
        ("postgres://u@h/", "names no database"),
        ("postgres://u@h/db?sslmode=maybe", "unknown option 'sslmode=maybe'"),
        ("postgres://u:secret@/db", "names no host"),
    ])
    func unusableURLsAreClearErrors(_ url: String, _ says: String) throws {
        let error = try #require(throws: StoreError.self) { try PostgresBackend.configuration(parsing: url) }
        #expect(error.code == .invalidLocation)
        #expect(error.message.contains(says), "\(error.message)")
        #expect(!error.message.contains("secret"))
    }

    @Test func anUnreachableServerIsAClearError() async throws {
        // A port nothing listens on.
        let error = try await #require(throws: StoreError.self) {
            _ = try await PostgresBackend.open(
                url: "postgres://tanggap:pw@127.0.0.1:9/none", logger: PostgresServer.logger,
                connectTimeout: .seconds(2))
        }
        #expect(error.message.contains("cannot open the store at postgres://tanggap:***@127.0.0.1:9/none"))
    }
}
