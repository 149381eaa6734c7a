import Foundation
import GRDB
import Logging
import Stores
import Testing

@testable import ConversationStore
@testable import SQLiteStore

@Suite struct StoreFileTests {
    func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tanggap-file-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func newStoreIsPrivateToTheUser() async throws {
        let path = try folder().appendingPathComponent("new/inner/store.sqlite").path
        _ = try await Store.open(.sqlite(path: path))
        let file = try FileManager.default.attributesOfItem(atPath: path)
        let parent = try FileManager.default.attributesOfItem(atPath: (path as NSString).deletingLastPathComponent)
        #expect((file[.posixPermissions] as? Int) == 0o600)
        #expect((parent[.posixPermissions] as? Int) == 0o700)
    }

    @Test func storeFromANewerVersionIsAClearError() async throws {
        let path = try folder().appendingPathComponent("store.sqlite").path
        _ = try await Store.open(.sqlite(path: path))
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99: from the future')")
        }
        let error = await #expect(throws: StoreError.self) { _ = try await Store.open(.sqlite(path: path)) }
        #expect(error?.code == .schemaTooNew)
        #expect(
            error?.message
                == "store at \(path) was created by a newer tanggap (schema v99: from the future); upgrade tanggap")
    }

    /// A store from before conversations kept their intent gets it worked out for every conversation as it opens.
    @Test func anOlderStoresConversationsGetTheirIntentOnOpening() async throws {
        let path = try folder().appendingPathComponent("store.sqlite").path
        let store = try await Store.open(.sqlite(path: path))
        try await store.ingest([
            Make.inbound("o1", at: 0, from: "budi", text: "paket blm sampe2 udah 2 hari"),
            Make.outbound("o2", replyTo: "o1", at: 5, text: "Mohon maaf kak, kami cek ya"),
            Make.inbound("o3", replyTo: "o2", at: 9, from: "budi", text: "ok makasih min"),
            Make.inbound("o4", at: 10, from: "sari", text: "halo"),
            // Unanswered, then an acknowledgement: the complaint still waits.
            Make.inbound("o5", at: 11, from: "rina", text: "kode promo gak bisa dipake"),
            Make.inbound("o6", replyTo: "o5", at: 12, from: "rina", text: "ok deh"),
        ])
        let queue = try DatabaseQueue(path: path)
        // As it stood before version 19.
        try await queue.write { db in
            try db.execute(
                sql: """
                    ALTER TABLE conversation DROP COLUMN intent;
                    ALTER TABLE conversation DROP COLUMN reply_expected;
                    ALTER TABLE conversation DROP COLUMN first_intent;
                    DELETE FROM grdb_migrations WHERE identifier = 'v19: intent';
                    DELETE FROM grdb_migrations WHERE identifier LIKE 'v20:%';
                    """)
        }
        try queue.close()
        let reopened = try await Store.open(.sqlite(path: path))
        let thankedID = try #require(try await reopened.conversation(containing: "o1"))
        let thanked = try #require(try await reopened.thread(thankedID))
        #expect(thanked.conversation.intent == .thanks && !thanked.conversation.replyExpected)
        let helloID = try #require(try await reopened.conversation(containing: "o4"))
        let hello = try #require(try await reopened.thread(helloID))
        #expect(hello.conversation.intent == nil && hello.conversation.replyExpected, "no cue: a reply is expected")
        let waitingID = try #require(try await reopened.conversation(containing: "o5"))
        let waiting = try #require(try await reopened.thread(waitingID)).conversation
        #expect(waiting.intent == .thanks && waiting.replyExpected, "version 20: the unanswered complaint still waits")
        let check = try DatabaseQueue(path: path)
        let first = try await check.read { db in
            try String.fetchOne(
                db, sql: "SELECT first_intent FROM conversation WHERE id = ?",
                arguments: [thanked.conversation.id.rawValue])
        }
        #expect(first == "complaint")
    }

    /// A store from before logins were mapped opens, its agents and roles as they were, every login acting as
    /// itself until a supervisor maps it.
    @Test func anOlderStoreOpensWithEveryLoginActingAsItself() async throws {
        let path = try folder().appendingPathComponent("store.sqlite").path
        let store = try await Store.open(.sqlite(path: path))
        try await store.record(.setRole(agent: "sari", role: .supervisor), on: nil, by: "sari")
        let queue = try DatabaseQueue(path: path)
        // As it stood before version 22.
        try await queue.write { db in
            try db.execute(
                sql: """
                    DROP TABLE login_agent;
                    DELETE FROM grdb_migrations WHERE identifier LIKE 'v22:%';
                    """)
        }
        try queue.close()
        let reopened = try await Store.open(.sqlite(path: path))
        #expect(try await reopened.role(of: "sari") == .supervisor)
        #expect(try await reopened.actingAgent(login: "sari", requested: nil) == "sari")
        await #expect(throws: StoreError.self) { _ = try await reopened.actingAgent(login: "sari", requested: "ani") }
        try await reopened.record(.mapLogin(login: "desk", agents: ["ani"]), on: nil, by: "sari")
        #expect(try await reopened.actingAgent(login: "desk", requested: nil) == "ani")
    }

    @Test func aFileThatIsNotAStoreIsAClearError() async throws {
        let path = try folder().appendingPathComponent("notes.txt").path
        try String(repeating: "not a database\n", count: 200).write(toFile: path, atomically: true, encoding: .utf8)
        let error = await #expect(throws: StoreError.self) { _ = try await Store.open(.sqlite(path: path)) }
        #expect(error?.message == "\(path) is not a tanggap store (not a SQLite database)")
        #expect(try String(contentsOfFile: path, encoding: .utf8).hasPrefix("not a database"))
    }

    /// Another program's SQLite database is refused before anything touches it: no migration table, no tables of
    /// ours, its journal mode as it was.
    @Test func anotherProgramsDatabaseIsRefusedAndLeftAsItWas() async throws {
        let path = try folder().appendingPathComponent("other.sqlite").path
        let other = try DatabaseQueue(path: path)
        try await other.write { db in
            try db.execute(sql: "CREATE TABLE message (id INTEGER PRIMARY KEY, body TEXT)")
            try db.execute(sql: "INSERT INTO message (body) VALUES ('theirs')")
        }
        try other.close()
        let error = await #expect(throws: StoreError.self) { _ = try await Store.open(.sqlite(path: path)) }
        #expect(
            error?.message
                == "\(path) holds another program's database (tables: message), not a tanggap store; it was left as it was"
        )
        let after = try DatabaseQueue(path: path)
        let (tables, mode, bodies) = try await after.read { db in
            (
                try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'"),
                try String.fetchOne(db, sql: "PRAGMA journal_mode"),
                try String.fetchAll(db, sql: "SELECT body FROM message")
            )
        }
        #expect(tables == ["message"])
        #expect(mode == "delete")
        #expect(bodies == ["theirs"])
        try after.close()
    }

    /// A store from before personal data was flagged is flagged once it is upgraded: the upgrade works the kinds out
    /// for the conversations it holds.
    @Test func anUpgradedStoreFlagsThePersonalDataItAlreadyHolds() async throws {
        let path = try folder().appendingPathComponent("store.sqlite").path
        let store = try await Store.open(.sqlite(path: path))
        _ = try await store.ingest([
            Make.inbound("u1", at: 0, from: "budi", text: "NIK aku 3201234508900001, tolong cek")
        ])
        // As the store was before the upgrade.
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            try db.execute(sql: "ALTER TABLE conversation DROP COLUMN personal_data")
            try db.execute(sql: "ALTER TABLE message DROP COLUMN masked_personal_data")
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier LIKE 'v15:%'")
        }
        try queue.close()
        let upgraded = try await Store.open(.sqlite(path: path))
        let id = try #require(try await upgraded.conversation(containing: "u1"))
        #expect(try await upgraded.thread(id)?.conversation.personalData == [.nik])
    }

    /// A store from before brand replies were told from agents writes its imported first responders as `@handle` as
    /// it upgrades, and leaves the agents' alone.
    @Test func anUpgradedStoreTellsBrandRepliesFromAgents() async throws {
        let path = try folder().appendingPathComponent("store.sqlite").path
        let store = try await Store.open(.sqlite(path: path))
        // Before now (the store's clock is the real one), so the agent's reply comes after them.
        _ = try await store.ingest([
            Make.inbound("i1", at: -100_000, from: "budi", account: "brand"),
            Make.outbound("o1", replyTo: "i1", at: -99_995), Make.inbound("i2", at: -99_990, from: "sari"),
        ])
        let agentAnswered = try #require(try await store.conversation(containing: "i2"))
        _ = try await store.perform(.reply(text: "Halo kak", isPrivate: false), on: agentAnswered, by: "ani")
        // As the store was before the upgrade.
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            try db.execute(sql: "UPDATE conversation SET first_responder = 'brand' WHERE first_responder = '@brand'")
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier LIKE 'v16:%'")
        }
        try queue.close()
        let upgraded = try await Store.open(.sqlite(path: path))
        let imported = try #require(try await upgraded.conversation(containing: "i1"))
        #expect(try await upgraded.thread(imported)?.conversation.firstResponder == "@brand")
        #expect(try await upgraded.thread(agentAnswered)?.conversation.firstResponder == "ani")
    }

    @Test func aPostgresURLWithoutAUserIsAClearError() async throws {
        let error = await #expect(throws: StoreError.self) {
            _ = try await Store.open(.postgres(url: "postgres://localhost/tanggap"))
        }
        #expect(error?.code == .invalidLocation)
        #expect(
            error?.message == "store url 'postgres://localhost/tanggap' names no user (postgres://user@host/database)")
    }
}

/// Several processes write one store file: a writer that finds another process holding SQLite's write lock waits,
/// and tries its whole transaction again, rather than telling the agent "database is locked".
@Suite struct SharedStoreFileTests {
    /// Opens a store whose writes wait `busyTimeout` seconds an attempt, and a second connection to the same file (as
    /// another process has).
    func storeAndNeighbour(busyTimeout: TimeInterval) async throws -> (Store, DatabaseQueue) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tanggap-shared-\(UUID())")
        let path = folder.appendingPathComponent("store.sqlite").path
        let backend = try SQLiteBackend(path: path, logger: Logger(label: "test"), busyTimeout: busyTimeout)
        let store = Store(backend: backend)
        try await store.ingest([Make.inbound("1", at: 0, from: "budi", text: "sinyal lemot")])
        return (store, try DatabaseQueue(path: path))
    }

    /// The neighbour's write lock, held on a thread of its own (as another process holds it) until released.
    final class HeldLock: Sendable {
        private let release = DispatchSemaphore(value: 0)
        private let done = DispatchSemaphore(value: 0)

        /// Returns once the lock is taken; after `seconds` it is let go by itself, when given.
        static func take(_ neighbour: DatabaseQueue, releasingAfter seconds: TimeInterval? = nil) async -> HeldLock {
            let lock = HeldLock()
            let taken = AsyncStream<Void>.makeStream()
            let thread = Thread {
                try? neighbour.inDatabase { db in
                    try db.execute(sql: "BEGIN IMMEDIATE")
                    taken.continuation.yield()
                    _ = lock.release.wait(timeout: .now() + (seconds ?? 60))
                    try db.execute(sql: "ROLLBACK")
                }
                lock.done.signal()
            }
            thread.start()
            for await _ in taken.stream { break }
            return lock
        }

        /// Lets the lock go and waits until it is.
        func letGo() async {
            release.signal()
            await withCheckedContinuation { continuation in
                DispatchQueue.global().async {
                    self.done.wait()
                    continuation.resume()
                }
            }
        }
    }

    @Test func aClaimWaitsOutAnotherProcesssWriteLockLongerThanOneBusyTimeout() async throws {
        let (store, neighbour) = try await storeAndNeighbour(busyTimeout: 0.2)
        // The other process holds the lock for 0.5 s: more than two of this store's busy timeouts.
        let lock = await HeldLock.take(neighbour, releasingAfter: 0.5)
        let claimed = try await store.perform(.claim(leaseSeconds: 600), on: ConversationID(1), by: "ani")
        await lock.letGo()
        #expect(claimed.assignee == "ani")
    }

    /// A process closing the store holds the whole file for a moment (folding the write-ahead log back into it):
    /// another process opening the store then waits for it, rather than failing with "database is locked" (eight
    /// agents' commands starting and ending at once met this).
    @Test func openingTheStoreWaitsForAProcessHoldingTheWholeFile() async throws {
        let (_, neighbour) = try await storeAndNeighbour(busyTimeout: 5)
        let path = neighbour.path
        try neighbour.close()
        let held = AsyncStream<Void>.makeStream()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            defer { done.signal() }
            guard let other = try? DatabaseQueue(path: path) else { return held.continuation.finish() }
            // With this locking mode a write keeps the file's exclusive lock until the connection closes.
            try? other.inDatabase { db in
                try db.execute(sql: "PRAGMA locking_mode = EXCLUSIVE")
                try db.execute(sql: "BEGIN EXCLUSIVE; UPDATE store_info SET value = value WHERE key = 'id'; COMMIT")
            }
            held.continuation.yield()
            Thread.sleep(forTimeInterval: 0.5)
            try? other.close()
        }
        thread.start()
        for await _ in held.stream { break }
        let opened = try SQLiteBackend(path: path, logger: Logger(label: "test"), busyTimeout: 5)
        #expect(try await Store(backend: opened).thread(ConversationID(1)) != nil)
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                done.wait()
                continuation.resume()
            }
        }
    }

    @Test func aWriteLockHeldPastEveryAttemptFailsClearlyAndStoresNothing() async throws {
        let (store, neighbour) = try await storeAndNeighbour(busyTimeout: 0.1)
        let lock = await HeldLock.take(neighbour)
        let error = await #expect(throws: StoreError.self) {
            _ = try await store.perform(.claim(leaseSeconds: 600), on: ConversationID(1), by: "ani")
        }
        await lock.letGo()
        #expect(error?.message.contains("database is locked") == true)
        #expect(try await store.thread(ConversationID(1))?.conversation.assignee == nil)
    }
}
