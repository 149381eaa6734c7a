import ConversationStore
import Foundation
import Logging
import PostgresStore
import SQLiteStore

extension Store {
    /// Opens (and creates or migrates) the store at a location.
    public static func open(
        _ location: StoreLocation, policy: SLAPolicy = SLAPolicy(), now: @escaping @Sendable () -> Date = Date.init,
        logger: Logger = Logger(label: "tanggap.store")
    ) async throws -> Store {
        switch location {
        case .sqlite(let path):
            let backend = try SQLiteBackend(path: path, policy: policy, logger: logger)
            return Store(backend: backend, now: now)
        case .postgres(let url):
            let backend = try await PostgresBackend.open(url: url, policy: policy, logger: logger)
            return Store(backend: backend, now: now)
        }
    }
}
