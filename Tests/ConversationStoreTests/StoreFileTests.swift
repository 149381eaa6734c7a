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

    @Test func aFileThatIsNotAStoreIsAClearError() async throws {
        let path = try folder().appendingPathComponent("notes.txt").path
        try String(repeating: "not a database\n", count: 200).write(toFile: path, atomically: true, encoding: .utf8)
        let error = await #expect(throws: StoreError.self) { _ = try await Store.open(.sqlite(path: path)) }
        #expect(error?.message == "\(path) is not a tanggap store (not a SQLite database)")
        #expect(try String(contentsOfFile: path, encoding: .utf8).hasPrefix("not a database"))
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

    /// Holds the neighbour's write lock for `seconds` on a thread of its own; returns once the lock is taken.
    func holdWriteLock(_ neighbour: DatabaseQueue, for seconds: TimeInterval) async -> Task<Void, any Error> {
        let taken = AsyncStream<Void>.makeStream()
        let holder = Task.detached {
            try neighbour.inDatabase { db in
                try db.execute(sql: "BEGIN IMMEDIATE")
                taken.continuation.yield()
                Thread.sleep(forTimeInterval: seconds)
                try db.execute(sql: "ROLLBACK")
            }
        }
        for await _ in taken.stream { break }
        return holder
    }

    @Test func aClaimWaitsOutAnotherProcesssWriteLockLongerThanOneBusyTimeout() async throws {
        let (store, neighbour) = try await storeAndNeighbour(busyTimeout: 0.2)
        // The other process holds the lock for 0.5 s: more than two of this store's busy timeouts.
        let holder = await holdWriteLock(neighbour, for: 0.5)
        let claimed = try await store.perform(.claim(leaseSeconds: 600), on: ConversationID(1), by: "ani")
        try await holder.value
        #expect(claimed.assignee == "ani")
    }

    @Test func aWriteLockHeldPastEveryAttemptFailsClearlyAndStoresNothing() async throws {
        let (store, neighbour) = try await storeAndNeighbour(busyTimeout: 0.1)
        let holder = await holdWriteLock(neighbour, for: 1.5)
        let error = await #expect(throws: StoreError.self) {
            _ = try await store.perform(.claim(leaseSeconds: 600), on: ConversationID(1), by: "ani")
        }
        try await holder.value
        #expect(error?.message.contains("database is locked") == true)
        #expect(try await store.thread(ConversationID(1))?.conversation.assignee == nil)
    }
}
