import Foundation
import Logging
import PostgresNIO
import Testing

@testable import ConversationStore
@testable import PostgresStore

/// A PostgreSQL server for the tests: `TANGGAP_TEST_POSTGRES` names it (`.ci/with-postgres` starts a throwaway
/// one). Without it the tests fail, saying how to run them, unless `TANGGAP_SKIP_POSTGRES=1` skips them on purpose.
enum PostgresServer {
    /// Tests expect connection failures; the pool's retries are not news.
    static let logger: Logger = {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return logger
    }()
    static let url = ProcessInfo.processInfo.environment["TANGGAP_TEST_POSTGRES"]
    /// The whole suite shares two cores: opening may wait behind heavy tests.
    static let openTimeout: Duration = .seconds(60)
    static let skipped = ProcessInfo.processInfo.environment["TANGGAP_SKIP_POSTGRES"] == "1"

    /// A new, empty database on the server; its URL.
    static func freshDatabase() async throws -> String {
        guard let url else {
            Issue.record(
                "no PostgreSQL server for the tests: run them through .ci/with-postgres (it starts one), set TANGGAP_TEST_POSTGRES=postgres://…, or skip them with TANGGAP_SKIP_POSTGRES=1"
            )
            throw StoreError(.invalidLocation, "no test server")
        }
        let name = "tanggap_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let client = PostgresClient(
            configuration: try PostgresBackend.configuration(parsing: url), backgroundLogger: PostgresServer.logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            try await client.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"))
            group.cancelAll()
        }
        var components = try #require(URLComponents(string: url))
        components.path = "/" + name
        return try #require(components.string)
    }

    /// Opens the store at `url` as the tests do: quietly, and patient with a busy machine.
    static func open(_ url: String, policy: SLAPolicy = SLAPolicy()) async throws -> PostgresBackend {
        try await PostgresBackend.open(url: url, policy: policy, logger: logger, connectTimeout: openTimeout)
    }
}
