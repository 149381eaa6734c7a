import Foundation
import Logging
import PostgresNIO

/// The store on a PostgreSQL server, for teams on many machines: the same model as the SQLite store, a pool of
/// connections per process.
///
/// It behaves as the SQLite store does (the tests feed both the same messages and actions and compare the results
/// whole); where SQLite serialises writers, claims lock the conversation's row, imports hold an advisory lock, and
/// live updates come through `LISTEN/NOTIFY`.
public final class PostgresBackend: StoreBackend, Sendable {
    let client: PostgresClient
    let logger: Logger
    public let policy: SLAPolicy
    private let running: Task<Void, Never>
    /// The store's id (`store_info`), read once at open: it never changes.
    let identity: String
    /// This process's name on the change channel: its own writes come back as not external.
    let instance = UUID().uuidString.lowercased()
    /// The channel every write transaction notifies at commit.
    static let changeChannel = "tanggap_changes"

    /// Connects to the server at `url` (`postgres://user[:password]@host[:port]/database[?sslmode=disable|require]`),
    /// waits until it answers (up to `connectTimeout`), and applies the migrations the database lacks.
    public static func open(
        url: String, policy: SLAPolicy = SLAPolicy(), logger: Logger, connectTimeout: Duration = .seconds(10)
    ) async throws -> PostgresBackend {
        var configuration = try Self.configuration(parsing: url)
        configuration.options.connectTimeout = connectTimeout
        // The pool's own chatter (a lease asked for a moment before its run loop starts, connection retries) is
        // not the user's business; errors still are.
        var background = logger
        background.logLevel = max(logger.logLevel, .error)
        let client = PostgresClient(configuration: configuration, backgroundLogger: background)
        let running = Task { await client.run() }
        let place = StoreLocation.postgres(url: url).description
        do {
            // The pool keeps trying a server it cannot reach; opening gives up after the timeout instead.
            try await withThrowingTaskGroup(of: Bool.self) { group in
                group.addTask {
                    try await PostgresSchema.migrate(client, logger: logger)
                    return true
                }
                group.addTask {
                    try await Task.sleep(for: connectTimeout + .seconds(1))
                    return false
                }
                let migrated = try await group.next() ?? false
                group.cancelAll()
                guard migrated else {
                    throw StoreError(
                        .storage,
                        "cannot open the store at \(place): the server did not answer within \(connectTimeout)")
                }
            }
            var identity: String?
            for try await value in try await client.query(
                "SELECT value FROM store_info WHERE key = 'id'", logger: logger
            ).decode(String.self) {
                identity = value
            }
            guard let identity else { throw StoreError(.storage, "the store at \(place) has no id") }
            return PostgresBackend(
                client: client, logger: logger, policy: policy, running: running, identity: identity)
        } catch let error as StoreError {
            running.cancel()
            throw error
        } catch {
            running.cancel()
            throw StoreError(.storage, "cannot open the store at \(place): \(Self.describe(error))")
        }
    }

    private init(
        client: PostgresClient, logger: Logger, policy: SLAPolicy, running: Task<Void, Never>, identity: String
    ) {
        self.client = client
        self.logger = logger
        self.policy = policy
        self.running = running
        self.identity = identity
    }

    deinit { running.cancel() }

    /// Closes the pool's connections.
    public func close() { running.cancel() }

    public func storeID() async throws -> String { identity }

    /// Runs `body` in a transaction: all of it is stored, or nothing.
    @discardableResult
    func write<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        do {
            let instance = instance
            let logger = logger
            return try await client.withTransaction(logger: logger) { connection in
                let result = try await body(connection)
                // Delivered when the transaction commits, never if it rolls back.
                try await connection.query(
                    "SELECT pg_notify(\(Self.changeChannel), \(instance))", logger: logger)
                return result
            }
        } catch let error as StoreError {
            throw error
        } catch let error as PostgresTransactionError {
            // The store's own refusals (a held claim, a missing conversation) come out as they went in.
            if let refusal = error.closureError as? StoreError { throw refusal }
            throw StoreError(.storage, "store write failed: \(Self.describe(error))")
        } catch {
            throw StoreError(.storage, "store write failed: \(Self.describe(error))")
        }
    }

    func read<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await client.withConnection { connection in try await body(connection) }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.storage, "store read failed: \(Self.describe(error))")
        }
    }

    /// Every committed write to the store, from any process on any machine, through `LISTEN`: a dedicated
    /// connection listens, and listens again after a pause when the connection is lost.
    public func changes(pollInterval: Duration) -> AsyncStream<StoreChange> {
        let (stream, continuation) = AsyncStream<StoreChange>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let client = client
        let instance = instance
        let logger = logger
        let listener = Task {
            while !Task.isCancelled {
                do {
                    try await client.withConnection { connection in
                        try await connection.listen(on: Self.changeChannel) { notifications in
                            for try await notification in notifications {
                                continuation.yield(StoreChange(external: notification.payload != instance))
                            }
                        }
                    }
                } catch {
                    logger.debug("change listener lost its connection: \(Self.describe(error))")
                }
                try? await Task.sleep(for: max(pollInterval, .milliseconds(100)))
            }
        }
        continuation.onTermination = { _ in listener.cancel() }
        return stream
    }

    /// The schema versions applied, oldest first.
    func schemaVersions() async throws -> [Int] {
        var versions: [Int] = []
        for try await version in try await client.query(
            "SELECT version FROM schema_migration ORDER BY version", logger: logger
        ).decode(Int.self) {
            versions.append(version)
        }
        return versions
    }

    /// The client configuration a `postgres://` URL names; a clear error for anything it cannot use.
    static func configuration(parsing url: String) throws -> PostgresClient.Configuration {
        let shown = StoreLocation.postgres(url: url).description
        guard let components = URLComponents(string: url),
            components.scheme == "postgres" || components.scheme == "postgresql"
        else { throw StoreError(.invalidLocation, "'\(shown)' is not a postgres:// url") }
        guard let host = components.host, !host.isEmpty else {
            throw StoreError(.invalidLocation, "store url '\(shown)' names no host")
        }
        guard let user = components.user, !user.isEmpty else {
            throw StoreError(.invalidLocation, "store url '\(shown)' names no user (postgres://user@host/database)")
        }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else {
            throw StoreError(.invalidLocation, "store url '\(shown)' names no database (postgres://user@host/database)")
        }
        var tls = PostgresClient.Configuration.TLS.disable
        for item in components.queryItems ?? [] {
            switch (item.name, item.value) {
            case ("sslmode", "disable"): tls = .disable
            case ("sslmode", "prefer"): tls = .prefer(.makeClientConfiguration())
            case ("sslmode", "require"): tls = .require(.makeClientConfiguration())
            default:
                throw StoreError(
                    .invalidLocation,
                    "store url '\(shown)': unknown option '\(item.name)=\(item.value ?? "")' (sslmode=disable|prefer|require)"
                )
            }
        }
        return PostgresClient.Configuration(
            host: host, port: components.port ?? 5432, username: user,
            password: components.password.flatMap { $0.removingPercentEncoding }, database: database, tls: tls)
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? PostgresTransactionError {
            if let cause = error.closureError ?? error.beginError ?? error.commitError { return describe(cause) }
        }
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] { return message.lowercased() }
            switch error.code {
            case .connectionError: return "the server cannot be reached"
            default: return "\(error.code)".lowercased()
            }
        }
        return (error as NSError).localizedDescription
    }
}

extension PostgresConnection {
    /// The first column of the query's first row, if any.
    func first<T: PostgresDecodable>(_ query: PostgresQuery, as: T.Type, logger: Logger) async throws -> T? {
        try await all(query, as: T.self, logger: logger).first
    }

    /// The first column of every row.
    func all<T: PostgresDecodable>(_ query: PostgresQuery, as: T.Type, logger: Logger) async throws -> [T] {
        var values: [T] = []
        for try await value in try await self.query(query, logger: logger).decode(T.self) { values.append(value) }
        return values
    }
}
