import ConversationStore
import Foundation
import Logging
import PostgresNIO
import Synchronization
import TextAnalysis

/// The store on a PostgreSQL server, for teams on many machines, with a pool of connections per process. It reads
/// and writes rows; what they become is decided by the core's rules (`Rules/`), so it behaves as every store does
/// (the conformance suite checks it). Claims lock the conversation's row, imports hold an advisory lock, and live
/// updates come through `LISTEN/NOTIFY`.
public final class PostgresBackend: StoreBackend, Sendable {
    let logger: Logger
    public let policy: SLAPolicy
    /// The policy a supervisor set in the store, read in each transaction that works by it.
    let storedPolicy: StoredPolicy
    /// The pool in use, and whether the server is away. After an outage a fresh pool replaces the old one rather
    /// than waiting out its growing back-off.
    private let link: Mutex<Link>
    private let configuration: PostgresClient.Configuration
    private let place: String
    /// The store's id (`store_info`), read once at open: it never changes.
    let identity: String
    /// This process's name on the change channel: its own writes come back as not external.
    let instance = UUID().uuidString.lowercased()
    /// The channel every write transaction notifies at commit.
    static let changeChannel = "tanggap_changes"

    /// Connects to the server at `url` (`postgres://user[:password]@host[:port]/database[?sslmode=disable|require]`),
    /// waits until it answers (up to `connectTimeout`), and applies the migrations the database lacks (as long as
    /// they take: upgrading a store of a million conversations rewrites tables for a minute, and another process
    /// opening it meanwhile waits for that one's migration).
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
                    for try await _ in try await client.query("SELECT 1", logger: logger) {}
                    return true
                }
                group.addTask {
                    try await Task.sleep(for: connectTimeout + .seconds(1))
                    return false
                }
                let answered = try await group.next() ?? false
                group.cancelAll()
                guard answered else {
                    throw StoreError(
                        .storage,
                        "cannot open the store at \(place): the server did not answer within \(connectTimeout)")
                }
            }
            try await PostgresSchema.migrate(client, logger: logger)
            var identity: String?
            for try await value in try await client.query(
                "SELECT value FROM store_info WHERE key = 'id'", logger: logger
            ).decode(String.self) {
                identity = value
            }
            guard let identity else { throw StoreError(.storage, "the store at \(place) has no id") }
            return PostgresBackend(
                client: client, configuration: configuration, place: place, logger: logger, policy: policy,
                running: running, identity: identity)
        } catch let error as StoreError {
            running.cancel()
            throw error
        } catch {
            running.cancel()
            throw StoreError(.storage, "cannot open the store at \(place): \(Self.describe(error))")
        }
    }

    private init(
        client: PostgresClient, configuration: PostgresClient.Configuration, place: String, logger: Logger,
        policy: SLAPolicy, running: Task<Void, Never>, identity: String
    ) {
        self.link = Mutex(Link(client: client, running: running))
        self.configuration = configuration
        self.place = place
        self.logger = logger
        self.policy = policy
        storedPolicy = StoredPolicy(fallback: policy)
        self.identity = identity
    }

    deinit { link.withLock { $0.running.cancel() } }

    /// Closes the pool's connections.
    public func close() { link.withLock { $0.running.cancel() } }

    struct Link: Sendable {
        var client: PostgresClient
        var running: Task<Void, Never>
        /// The server went away (a connection broke); operations fail at once until it answers again.
        var away = false
        var lastProbe: ContinuousClock.Instant?
    }

    /// The pool in use.
    var client: PostgresClient { link.withLock { $0.client } }

    /// Whether the server counts as away: operations fail at once, a fresh pool tried now and then, until it answers.
    var isAway: Bool { link.withLock { $0.away } }

    /// How long a fresh pool has to answer before the server counts as still away.
    static let probeTimeout: Duration = .seconds(3)
    /// How often a server that is away is tried again.
    static let probeInterval: Duration = .seconds(1)

    /// The pool to use: while the server is away, a fresh pool is tried (at most once a second) and kept when it
    /// answers; otherwise the operation fails at once as unavailable instead of waiting on a pool that backs off.
    func usableClient() async throws -> PostgresClient {
        let now = ContinuousClock.now
        enum Next { case use(PostgresClient), wait, probe }
        let next = link.withLock { link -> Next in
            guard link.away else { return .use(link.client) }
            if let last = link.lastProbe, now - last < Self.probeInterval { return .wait }
            link.lastProbe = now
            return .probe
        }
        switch next {
        case .use(let client): return client
        case .wait: throw unavailable(nil)
        case .probe: break
        }
        var background = logger
        background.logLevel = max(logger.logLevel, .error)
        let fresh = PostgresClient(configuration: configuration, backgroundLogger: background)
        let running = Task { await fresh.run() }
        let logger = logger
        // The first of the answer and the timeout. Not a task group: a group waits for all its children, and a query
        // waiting for a connection that cannot be made does not stop when cancelled, so the probe would last as long
        // as the pool's own retries rather than `probeTimeout`. The query is left to end with the pool.
        let answered = await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            let settled = Mutex(false)
            let settle: @Sendable (Bool) -> Void = { value in
                let first = settled.withLock { done in
                    defer { done = true }
                    return !done
                }
                if first { continuation.resume(returning: value) }
            }
            Task { settle((try? await fresh.query("SELECT 1", logger: logger)) != nil) }
            Task {
                try? await Task.sleep(for: Self.probeTimeout)
                settle(false)
            }
        }
        guard answered else {
            running.cancel()
            throw unavailable(nil)
        }
        let old = link.withLock { link -> Task<Void, Never> in
            let old = link.running
            link = Link(client: fresh, running: running)
            return old
        }
        old.cancel()
        logger.debug("the store at \(place) answers again")
        return fresh
    }

    /// Notes that the server went away when `error` says the connection broke; returns the error to throw. `client`
    /// is the pool the operation used: a pool already replaced by a fresh one (its connections closed when it was)
    /// says nothing about the server, so its errors never mark the fresh one away.
    func failure(_ error: any Error, doing: String, on client: PostgresClient? = nil) -> StoreError {
        if let error = error as? StoreError { return error }
        let markAway = {
            self.link.withLock { link in
                guard client.map({ $0 === link.client }) ?? true else { return }
                if !link.away {
                    link.away = true
                    link.lastProbe = nil
                }
            }
        }
        if error is CommitInDoubt {
            markAway()
            return StoreError(
                .outcomeUnknown,
                "the store at \(place) went away while committing (\(doing)); whether it was stored is not known yet")
        }
        if Self.isConnectionLoss(error) {
            markAway()
            return unavailable(error)
        }
        if Self.sqlState(of: error) == "42501" {
            // The server refused what the connection's role may not do (AgentIdentity): said as the server says it.
            return StoreError(.notPermitted, Self.describe(error))
        }
        return StoreError(.storage, "\(doing) failed: \(Self.describe(error))")
    }

    /// The server's SQLSTATE for a statement it refused.
    static func sqlState(of error: any Error) -> String? {
        if let error = error as? PostgresTransactionError {
            if let cause = error.closureError ?? error.beginError ?? error.commitError { return sqlState(of: cause) }
        }
        guard let error = error as? PSQLError, error.code == .server else { return nil }
        return error.serverInfo?[.sqlState]
    }

    private func unavailable(_ cause: (any Error)?) -> StoreError {
        let reason = cause.map { " (\(Self.describe($0)))" } ?? ""
        return StoreError(.unavailable, "the store at \(place) cannot be reached\(reason); trying again")
    }

    /// Whether an error means the connection or the server is gone, rather than that a statement failed.
    static func isConnectionLoss(_ error: any Error) -> Bool {
        if error is ConnectionClosed { return true }
        if let error = error as? PostgresTransactionError {
            if let cause = error.closureError ?? error.beginError ?? error.commitError {
                return isConnectionLoss(cause)
            }
            return false
        }
        // The pool's own errors (its circuit breaker tripped, a lease request dropped) are not public types.
        if String(reflecting: type(of: error)).hasSuffix("ConnectionPoolError") { return true }
        if let error = error as? PSQLError {
            switch error.code {
            case .serverClosedConnection, .connectionError, .uncleanShutdown, .clientClosedConnection, .poolClosed:
                return true
            case .server:
                // Class 08 (connection exception) and 57P (the server shutting down or starting up).
                let state = error.serverInfo?[.sqlState] ?? ""
                return state.hasPrefix("08") || state.hasPrefix("57P")
            default: return false
            }
        }
        if error is ChannelError || error is IOError { return true }
        return false
    }

    public func storeID() async throws -> String { identity }

    /// Runs `body` in a transaction: all of it is stored, or nothing, and the caller is told which. Should the
    /// connection break before the commit is sent, the call fails at once as unavailable (the server rolls the
    /// transaction back) rather than waiting on a connection that will not answer; and work the caller was already
    /// told failed (the wait for a connection ran out, the watch saw it close) never commits afterwards. Should the
    /// connection break while the commit is on its way, the outcome is not known, and the call says so
    /// (``StoreError/Code/outcomeUnknown``) for the caller to find out.
    @discardableResult
    func write<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        let client = try await usableClient()
        let instance = instance
        let logger = logger
        do {
            return try await Self.givingUpWhenClosed { watch, mayCommit in
                try await client.withConnection { connection in
                    watch(connection)
                    try await connection.query("BEGIN", logger: logger)
                    let result: T
                    do {
                        // Nothing slow may run while the transaction holds its row locks: the fence counts any
                        // analysis.
                        result = try await AnalysisFence.insideTask { try await body(connection) }
                        // Delivered when the transaction commits, never if it rolls back.
                        try await connection.query(
                            "SELECT pg_notify(\(Self.changeChannel), \(instance))", logger: logger)
                    } catch {
                        _ = try? await connection.query("ROLLBACK", logger: logger)
                        throw error
                    }
                    guard mayCommit() else {
                        // The caller has its answer (a failure) already: nothing may be stored now.
                        _ = try? await connection.query("ROLLBACK", logger: logger)
                        throw ConnectionClosed()
                    }
                    do {
                        try await connection.query("COMMIT", logger: logger)
                    } catch  where Self.isConnectionLoss(error) {
                        throw CommitInDoubt()
                    }
                    return result
                }
            }
        } catch {
            // The store's own refusals (a held claim, a missing conversation) come out as they went in.
            throw failure(error, doing: "store write", on: client)
        }
    }

    /// Runs `body` in one transaction without the watch on the connection, for a body that cannot leave this task
    /// (a store copy, whose failure rolls everything back anyway).
    func transaction<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        let client = try await usableClient()
        let logger = logger
        do {
            return try await client.withTransaction(logger: logger) { connection in
                try await AnalysisFence.insideTask { try await body(connection) }
            }
        } catch let error as PostgresTransactionError {
            if let refusal = error.closureError as? StoreError { throw refusal }
            throw failure(error, doing: "store write", on: client)
        } catch {
            throw failure(error, doing: "store write", on: client)
        }
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        let client = try await usableClient()
        do {
            return try await Self.givingUpWhenClosed { watch, _ in
                try await client.withConnection { connection in
                    watch(connection)
                    return try await body(connection)
                }
            }
        } catch {
            throw failure(error, doing: "store read", on: client)
        }
    }

    /// The connection an operation used was closed under it, or none could be had.
    struct ConnectionClosed: Error {}

    /// The connection broke after the commit was sent: the server may have committed or not.
    struct CommitInDoubt: Error {}

    /// How long an operation waits for a connection before the server counts as away.
    static let leaseTimeout: Duration = .seconds(5)

    /// Runs `work`, which hands over the connection it is given, and fails with ``ConnectionClosed`` as soon as that
    /// connection closes before the work is done (``CommitInDoubt`` once the work said it is committing). A query in
    /// flight on a connection that breaks can wait for ever in the driver; such work is left behind, holding nothing
    /// but its broken connection, and `mayCommit` tells it not to commit: true only while the caller has no answer
    /// yet, and from then on the caller waits for the commit's outcome.
    static func givingUpWhenClosed<T: Sendable>(
        _ work:
            @escaping @Sendable (
                _ watch: @escaping @Sendable (PostgresConnection) -> Void, _ mayCommit: @escaping @Sendable () -> Bool
            ) async throws -> T
    ) async throws -> T {
        let outcome = Outcome<T>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                outcome.begin(continuation)
                let worker = Task {
                    do {
                        let value = try await work(
                            { connection in
                                outcome.markLeased()
                                outcome.keep(
                                    Task {
                                        while !Task.isCancelled && !outcome.isSettled {
                                            if connection.isClosed {
                                                outcome.settle(
                                                    .failure(
                                                        outcome.isCommitting ? CommitInDoubt() : ConnectionClosed()))
                                                return
                                            }
                                            try? await Task.sleep(for: .milliseconds(200))
                                        }
                                    })
                            },
                            { outcome.beginCommit() })
                        outcome.settle(.success(value))
                    } catch {
                        outcome.settle(.failure(error))
                    }
                }
                outcome.onCancel = { worker.cancel() }
                // A server that is gone leaves the pool retrying with growing pauses: no connection soon means away.
                outcome.keep(
                    Task {
                        guard (try? await Task.sleep(for: leaseTimeout)) != nil, !outcome.isLeased else { return }
                        outcome.settle(.failure(ConnectionClosed()))
                        worker.cancel()
                    })
            }
        } onCancel: {
            outcome.cancel()
        }
    }

    /// The first of the work's result and the connection's closing.
    final class Outcome<T: Sendable>: Sendable {
        private struct State {
            var continuation: CheckedContinuation<T, any Error>?
            var settled = false
            var leased = false
            var committing = false
            var onCancel: (@Sendable () -> Void)?
            /// The watches, stopped once the work is settled so none lingers after a quick query.
            var watches: [Task<Void, Never>] = []
        }
        private let state = Mutex(State())

        var isSettled: Bool { state.withLock { $0.settled } }
        var isLeased: Bool { state.withLock { $0.leased } }
        func markLeased() { state.withLock { $0.leased = true } }
        var isCommitting: Bool { state.withLock { $0.committing } }

        /// Marks the work as committing, unless it is settled already (the caller was told it failed): then false,
        /// and the work must not commit.
        func beginCommit() -> Bool {
            state.withLock { state in
                guard !state.settled else { return false }
                state.committing = true
                return true
            }
        }

        var onCancel: (@Sendable () -> Void)? {
            get { state.withLock { $0.onCancel } }
            set { state.withLock { $0.onCancel = newValue } }
        }

        func begin(_ continuation: CheckedContinuation<T, any Error>) {
            state.withLock { $0.continuation = continuation }
        }

        /// Keeps a watch to stop when the work is settled (at once, if it already is).
        func keep(_ watch: Task<Void, Never>) {
            let settled = state.withLock { state -> Bool in
                if !state.settled { state.watches.append(watch) }
                return state.settled
            }
            if settled { watch.cancel() }
        }

        func settle(_ result: Result<T, any Error>) {
            let (continuation, watches) = state.withLock {
                state -> (CheckedContinuation<T, any Error>?, [Task<Void, Never>]) in
                guard !state.settled else { return (nil, []) }
                state.settled = true
                defer {
                    state.continuation = nil
                    state.watches = []
                }
                return (state.continuation, state.watches)
            }
            for watch in watches { watch.cancel() }
            continuation?.resume(with: result)
        }

        func cancel() {
            let cancel = state.withLock { $0.onCancel }
            cancel?()
        }
    }

    /// Every committed write to the store, from any process on any machine, through `LISTEN`: a dedicated
    /// connection listens, and listens again after a pause when the connection is lost.
    /// Notifications are gathered and passed on at most once a `pollInterval` (at least 100 ms), as SQLite's store
    /// polls: a console reloads its queue on each change, and a busy team's notifications (a hundred a second)
    /// had each console reading its queue as often, about a core of the server's time for one console.
    public func changes(pollInterval: Duration) -> AsyncStream<StoreChange> {
        let (stream, continuation) = AsyncStream<StoreChange>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let instance = instance
        let logger = logger
        let interval = max(pollInterval, .milliseconds(100))
        let heard = HeardChanges()
        let hear: @Sendable (Bool) -> Void = { heard.hear($0) }
        let ticker = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                if let external = heard.take() { continuation.yield(StoreChange(external: external)) }
            }
        }
        let listener = Task { [weak self] in
            var lost = false
            while !Task.isCancelled, let backend = self {
                var used: PostgresClient?
                do {
                    let client = try await backend.usableClient()
                    used = client
                    try await client.withConnection { connection in
                        try await connection.listen(on: Self.changeChannel) { notifications in
                            if lost {
                                // Back after an outage: what others wrote meanwhile was not heard.
                                lost = false
                                hear(true)
                            }
                            for try await notification in notifications { hear(notification.payload != instance) }
                        }
                    }
                } catch {
                    if !Task.isCancelled && !lost {
                        lost = true
                        logger.debug("change listener lost its connection: \(Self.describe(error))")
                        _ = backend.failure(error, doing: "listening", on: used)
                        // Those on screen find out by reading: the store answers that it cannot be reached.
                        hear(true)
                    }
                }
                try? await Task.sleep(for: interval)
            }
        }
        continuation.onTermination = { _ in
            listener.cancel()
            ticker.cancel()
        }
        return stream
    }

    /// What a change stream heard since it last passed a change on: nothing, or whether another process wrote.
    final class HeardChanges: Sendable {
        private let heard = Mutex<Bool?>(nil)

        func hear(_ external: Bool) { heard.withLock { $0 = ($0 ?? false) || external } }

        /// What was heard, and nothing from now on.
        func take() -> Bool? {
            heard.withLock { value in
                defer { value = nil }
                return value
            }
        }
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

    /// How many connections a process opens at most, unless the URL says (`pool_size=N`): each agent's read holds
    /// one for a few milliseconds, so twenty serve a console process of a team, a `serve` with its dispatcher, or an
    /// import; the change listener holds one more. The server's `max_connections` (100 by default) bounds the sum
    /// over every process.
    static let defaultPoolSize = 20

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
        var poolSize = defaultPoolSize
        for item in components.queryItems ?? [] {
            switch (item.name, item.value) {
            case ("sslmode", "disable"): tls = .disable
            case ("sslmode", "prefer"): tls = .prefer(.makeClientConfiguration())
            case ("sslmode", "require"): tls = .require(.makeClientConfiguration())
            case ("pool_size", let value?) where Int(value).map({ (1...1_000).contains($0) }) ?? false:
                poolSize = Int(value) ?? poolSize
            case ("pool_size", _):
                throw StoreError(
                    .invalidLocation,
                    "store url '\(shown)': pool_size must be a number of connections from 1 to 1000, such as pool_size=40"
                )
            default:
                throw StoreError(
                    .invalidLocation,
                    "store url '\(shown)': unknown option '\(item.name)=\(item.value ?? "")' (sslmode=disable|prefer|require, pool_size=N)"
                )
            }
        }
        var configuration = PostgresClient.Configuration(
            host: host, port: components.port ?? 5432, username: user,
            password: components.password.flatMap { $0.removingPercentEncoding }, database: database, tls: tls)
        configuration.options.maximumConnections = poolSize
        return configuration
    }

    static func describe(_ error: any Error) -> String {
        if error is ConnectionClosed { return "the connection broke" }
        if String(reflecting: type(of: error)).hasSuffix("ConnectionPoolError") { return "no connection could be made" }
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
