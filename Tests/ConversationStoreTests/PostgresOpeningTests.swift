import Foundation
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
