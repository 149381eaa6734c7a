import Foundation
import Logging
import Synchronization
import Testing

@testable import ConversationStore
@testable import PostgresStore
@testable import SQLiteStore

/// Makes fresh stores of one kind. The conformance checks take one, so a store that conforms to `StoreBackend`
/// joins them by giving its maker.
typealias BackendMaker = @Sendable (SLAPolicy) async throws -> FreshBackend

/// A new, empty store made for one check: its first connection, more connections as other processes would open
/// them, and a folder for the files a check keeps beside the store (a journal).
final class FreshBackend: Sendable {
    /// One connection to the store and how to let it go (a PostgreSQL connection runs a pool of its own).
    struct Connection: Sendable {
        let backend: any StoreBackend
        let close: @Sendable () -> Void
    }

    /// The first connection.
    let backend: any StoreBackend
    let folder: URL
    private let connector: @Sendable () async throws -> Connection
    private let opened: Mutex<[Connection]>

    init(folder: URL, connector: @escaping @Sendable () async throws -> Connection) async throws {
        let first = try await connector()
        backend = first.backend
        self.folder = folder
        self.connector = connector
        opened = Mutex([first])
    }

    /// Another connection to the same store, as a second process would open it.
    func connect() async throws -> any StoreBackend {
        let connection = try await connector()
        opened.withLock { $0.append(connection) }
        return connection.backend
    }

    /// Lets go of every connection opened to the store.
    func close() {
        for connection in opened.withLock({ $0 }) { connection.close() }
    }
}

extension Backend {
    /// Fresh stores of this kind: a SQLite file in its own temporary folder, or a new database on the test server.
    var maker: BackendMaker {
        switch self {
        case .sqlite:
            return { policy in
                let folder = try Self.temporaryFolder()
                let path = folder.appendingPathComponent("store.sqlite").path
                return try await FreshBackend(folder: folder) {
                    let backend = try SQLiteBackend(path: path, policy: policy, logger: Logger(label: "test"))
                    return FreshBackend.Connection(backend: backend, close: {})
                }
            }
        case .postgres:
            return { policy in
                let url = try await PostgresServer.freshDatabase()
                return try await FreshBackend(folder: try Self.temporaryFolder()) {
                    let backend = try await PostgresServer.open(url, policy: policy)
                    return FreshBackend.Connection(backend: backend, close: { backend.close() })
                }
            }
        }
    }

    /// The backends the differential tests compare with SQLite, the reference: every other one tested.
    static var comparedWithSQLite: [Backend] { tested.filter { $0 != .sqlite } }

    private static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tanggap-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }
}

extension Trait where Self == ConditionTrait {
    /// A differential suite runs when a backend besides SQLite is tested, to compare it with SQLite.
    static var whenAnotherBackendIsTested: Self {
        .enabled(
            if: !Backend.comparedWithSQLite.isEmpty,
            "only SQLite is tested (TANGGAP_SKIP_POSTGRES=1): nothing to compare it with")
    }
}
