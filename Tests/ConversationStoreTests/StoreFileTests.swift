import Foundation
import GRDB
import Logging
import Stores
import Testing

@testable import ConversationStore

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
