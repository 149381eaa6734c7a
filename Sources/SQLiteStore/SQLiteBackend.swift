import ConversationStore
import Foundation
import GRDB
import Logging
import Synchronization
import TextAnalysis

/// The embedded store: one SQLite file in WAL mode, shared by every agent on a host and the supervisor over SSH.
///
/// Writes are serialised by SQLite's write lock, so of two processes racing for one claim exactly one commits
/// first and the other sees the claim. Another process's commits are noticed by polling `PRAGMA data_version` on
/// the writer connection.
public final class SQLiteBackend: StoreBackend {
    let pool: DatabasePool
    let path: String
    let logger: Logger
    public let policy: SLAPolicy
    /// The policy a supervisor set in the store, read in each transaction that works by it.
    let storedPolicy: StoredPolicy
    /// The store's id (`store_info`), read once: it never changes.
    let identity: String
    private let notifier = ChangeNotifier()
    /// How many answered conversations hold each word, remembered for a while: counting a common word walks its
    /// whole posting list, and the count only steers which words pick candidates.
    let answeredFrequencies = FrequencyCache(lifetime: .seconds(300))
    /// How many articles and passages hold each word, remembered while the knowledge base stays as it was: counting
    /// a word walks its posting list in FTS5's vocabulary, and was nine tenths of a knowledge-base search at 20,000
    /// articles. Exact, unlike `answeredFrequencies`: the counts weigh words in the ranking.
    let knowledgeFrequencies = VocabularyCounts()
    /// Whether the writer reads the file through a memory map (see `readByMapForImport`).
    let mappedForImport = Mutex(false)
    /// Why the store can only be read (its file or folder is not writable: a read-only mount, another user's file),
    /// or nil. Such a store is read as it stands, and a write is refused with this reason.
    let readOnly: String?

    /// Opens the store at `path`, creating it (mode 0600, folder 0700) and migrating it as needed.
    /// `busyTimeout` is how long one attempt of a write waits for another process's write lock (see `write`).
    public init(
        path: String, policy: SLAPolicy = SLAPolicy(), logger: Logger, busyTimeout: TimeInterval = 10
    ) throws {
        self.path = path
        self.policy = policy
        storedPolicy = StoredPolicy(fallback: policy)
        self.logger = logger
        readOnly = Self.readOnlyReason(at: path)
        if readOnly == nil { try Self.prepareFile(at: path) }
        var configuration = Configuration()
        // A writer waits this long for the lock before its transaction is tried again (see `write`).
        configuration.busyMode = .timeout(busyTimeout)
        configuration.readonly = readOnly != nil
        configuration.prepareDatabase { db in
            if !db.configuration.readonly { try db.execute(sql: "PRAGMA synchronous = NORMAL") }
        }
        do {
            try Self.refuseAnotherProgramsDatabase(at: path, busyTimeout: busyTimeout, readOnly: readOnly != nil)
            // Read-only, a store closed cleanly (no write-ahead log beside it) is read as it stands (`immutable`):
            // SQLite can make no lock or shared-memory file beside it, and without them it would refuse to read a
            // store in write-ahead-log mode at all. One another process has open is read through its log (`ro`).
            pool = try DatabasePool(
                path: readOnly == nil ? path : Self.readOnlyURI(path), configuration: configuration)
            let migrator = SQLiteSchema.migrator
            let superseded = try pool.read { db in try migrator.hasBeenSuperseded(db) }
            if superseded {
                let applied = try pool.read { db in try migrator.appliedIdentifiers(db) }
                // By number: "v10: …" is newer than "v9: …", though it sorts first as text.
                func version(_ identifier: String) -> Int {
                    Int(identifier.dropFirst().prefix { $0.isNumber }) ?? 0
                }
                let newest = applied.max { version($0) < version($1) } ?? "?"
                throw StoreError(
                    .schemaTooNew,
                    "store at \(path) was created by a newer tanggap (schema \(newest)); upgrade tanggap")
            }
            if let readOnly {
                guard try pool.read({ db in try migrator.hasCompletedMigrations(db) }) else {
                    throw StoreError(
                        .storage,
                        "the store at \(path) cannot be written (\(readOnly)), and this tanggap must upgrade it first: "
                            + "open it once where it can be written")
                }
            } else {
                try migrator.migrate(pool)
            }
            guard
                let id = try pool.read({ db in
                    try String.fetchOne(db, sql: "SELECT value FROM store_info WHERE key = 'id'")
                })
            else { throw StoreError(.storage, "the store at \(path) has no id; it was not migrated") }
            identity = id
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw StoreError(.storage, "\(path) is not a tanggap store (not a SQLite database)")
        } catch {
            throw StoreError(.storage, "cannot open store at \(path): \(Self.describe(error))")
        }
    }

    /// Refuses a file that holds another program's database, before anything writes to it (opening it as a store would
    /// switch its journal mode and add a migration table before failing on a table of the same name): a database with
    /// tables but no migration record of ours is not a store.
    /// Waits for the file's lock as the store's own connections do: another process closing the store holds it for a
    /// moment while it folds the write-ahead log back into the file.
    private static func refuseAnotherProgramsDatabase(
        at path: String, busyTimeout: TimeInterval, readOnly: Bool
    ) throws {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        guard size > 0 else { return }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(busyTimeout)
        let queue = try DatabaseQueue(path: readOnly ? readOnlyURI(path) : path, configuration: configuration)
        defer { try? queue.close() }
        let tables = try queue.read { db in
            try String.fetchAll(
                db,
                sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        }
        guard !tables.isEmpty, !tables.contains("grdb_migrations") else { return }
        let named = tables.prefix(5).joined(separator: ", ") + (tables.count > 5 ? ", …" : "")
        throw StoreError(
            .storage,
            "\(path) holds another program's database (tables: \(named)), not a tanggap store; it was left as it was")
    }

    /// Why an existing store cannot be written by this process, or nil: its file, or the folder SQLite makes its
    /// lock and log files in, is not writable (a read-only mount, another user's store).
    static func readOnlyReason(at given: String) -> String? {
        let files = FileManager.default
        guard files.fileExists(atPath: given) else { return nil }
        // SQLite keeps its log and lock files beside the file a link points to.
        let path = URL(fileURLWithPath: given).resolvingSymlinksInPath().path
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        if access(path, W_OK) != 0 { return "the file is read-only: \(String(cString: strerror(errno)))" }
        if access(folder, W_OK) != 0 {
            // A store whose write-ahead log files are there already can be read and written with the folder shut.
            if files.fileExists(atPath: path + "-shm"), access(path + "-shm", W_OK) == 0 { return nil }
            return "its folder is read-only: \(String(cString: strerror(errno)))"
        }
        return nil
    }

    /// The store's file as a read-only URI: read as it stands (`immutable`, no lock or shared-memory file beside
    /// it) when no write-ahead log holds changes, else read-only through the log another process keeps.
    static func readOnlyURI(_ path: String) -> String {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
        let encoded =
            absolute.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["?", "#", "%"]))
            ?? absolute
        let log = (try? FileManager.default.attributesOfItem(atPath: absolute + "-wal")[.size] as? Int) ?? 0
        return "file:\(encoded)?" + (log > 0 ? "mode=ro" : "immutable=1")
    }

    /// Creates the folder (0700) and an empty file (0600) so the store is private to the user from the first byte.
    private static func prepareFile(at path: String) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        let files = FileManager.default
        try PrivateFolder.make(folder, for: "the store")
        var isFolder: ObjCBool = false
        if files.fileExists(atPath: path, isDirectory: &isFolder) {
            if isFolder.boolValue { throw StoreError(.storage, "store path \(path) is a folder; name a file") }
            return
        }
        let descriptor = open(path, O_CREAT | O_WRONLY | O_EXCL, 0o600)
        if descriptor < 0 && errno != EEXIST {
            throw StoreError(.storage, "cannot create store at \(path): \(String(cString: strerror(errno)))")
        }
        if descriptor >= 0 { close(descriptor) }
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError {
            return (error.message ?? "\(error.resultCode)").lowercased()
        }
        return (error as NSError).localizedDescription
    }

    /// Runs a write transaction and tells this process's change listeners afterwards (unless the write changes
    /// nothing they show: `notifying` false).
    ///
    /// Every process writing the file takes SQLite's one write lock (`BEGIN IMMEDIATE`), waiting up to the busy
    /// timeout for it. Should another process still hold it then, the whole transaction is tried again, up to
    /// ``writeAttempts`` times: nothing of a failed attempt was stored, so trying again is safe, and the caller is told
    /// of a failure only when no attempt committed.
    func write<T: Sendable>(
        notifying: Bool = true, _ body: @escaping @Sendable (Database) throws -> T
    ) async throws -> T {
        if let readOnly {
            throw StoreError(
                .readOnly, "the store at \(path) can only be read (\(readOnly)); this needs to write to it")
        }
        var attempt = 1
        while true {
            do {
                // Nothing slow may run while the write lock is held: the fence counts any analysis done inside.
                let probe = AnalysisFence.probe
                let result = try await pool.write { db in
                    try AnalysisFence.inside(watchedBy: probe) { try body(db) }
                }
                if notifying { notifier.notify(StoreChange(external: false)) }
                return result
            } catch let error as StoreError {
                throw error
            } catch let error as DatabaseError
                where (error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED)
                && attempt < Self.writeAttempts
            {
                attempt += 1
                logger.notice("the store's write lock stayed busy (\(Self.describe(error))); trying again")
                try? await Task.sleep(for: .milliseconds(Int.random(in: 5...50)))
            } catch {
                throw StoreError(.storage, "store write failed: \(Self.describe(error))")
            }
        }
    }

    /// How many times a write waits its busy timeout for the lock before it fails.
    static let writeAttempts = 3

    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.read(body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.storage, "store read failed: \(Self.describe(error))")
        }
    }

    public func changes(pollInterval: Duration) -> AsyncStream<StoreChange> {
        let (stream, continuation) = AsyncStream<StoreChange>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let token = notifier.add(continuation)
        let pool = pool
        let poller = Task {
            var lastVersion: Int?
            while !Task.isCancelled {
                let version = try? await pool.writeWithoutTransaction { db in
                    try Int.fetchOne(db, sql: "PRAGMA data_version")
                }
                if let version {
                    if let lastVersion, version != lastVersion { continuation.yield(StoreChange(external: true)) }
                    lastVersion = version
                }
                try? await Task.sleep(for: pollInterval)
            }
        }
        let notifier = notifier
        continuation.onTermination = { _ in
            poller.cancel()
            notifier.remove(token)
        }
        return stream
    }

    public func conversationCount() async throws -> Int {
        try await read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM conversation") ?? 0 }
    }
}

/// Counts per word, each kept for `lifetime`; bounded, it starts again empty when full.
final class FrequencyCache: Sendable {
    private let entries = Mutex<[String: (count: Int, at: ContinuousClock.Instant)]>([:])
    private let lifetime: Duration
    static let capacity = 50_000

    init(lifetime: Duration) { self.lifetime = lifetime }

    /// The counts of `words`, asking `count` for those unknown or expired.
    func counts(_ words: [String], count: (String) throws -> Int) rethrows -> [String: Int] {
        let now = ContinuousClock.now
        var known: [String: Int] = [:]
        entries.withLock { table in
            for word in words {
                if let entry = table[word], now - entry.at < lifetime { known[word] = entry.count }
            }
        }
        var fresh: [String: (count: Int, at: ContinuousClock.Instant)] = [:]
        for word in words where known[word] == nil {
            let value = try count(word)
            known[word] = value
            fresh[word] = (value, now)
        }
        if !fresh.isEmpty {
            entries.withLock { table in
                if table.count + fresh.count > Self.capacity { table.removeAll() }
                table.merge(fresh) { $1 }
            }
        }
        return known
    }
}

/// Document counts per word of the knowledge base's FTS5 vocabularies, kept for one generation of the knowledge base
/// (`SQLiteBackend.knowledgeGeneration`) and forgotten as soon as a search sees another; bounded, it starts again
/// empty when full.
final class VocabularyCounts: Sendable {
    private let state = Mutex<(generation: Int, counts: [String: [String: Int]])>((-1, [:]))
    static let capacity = 50_000

    /// The counts of `terms` in `vocabulary` (an fts5vocab table of type `row`), at `generation`; read in `db`'s
    /// transaction when not known.
    func counts(_ terms: [String], in vocabulary: String, generation: Int, db: Database) throws -> [String: Int] {
        var known: [String: Int] = [:]
        state.withLock { state in
            if state.generation != generation { state = (generation, [:]) }
            for term in terms { if let count = state.counts[vocabulary]?[term] { known[term] = count } }
        }
        let missing = terms.filter { known[$0] == nil }
        guard !missing.isEmpty else { return known }
        let counted = try SQLiteBackend.documentFrequencies(missing, vocabulary: vocabulary, db: db)
        known.merge(counted) { $1 }
        state.withLock { state in
            guard state.generation == generation else { return }
            if state.counts.values.reduce(0, { $0 + $1.count }) + counted.count > Self.capacity {
                state.counts.removeAll()
            }
            state.counts[vocabulary, default: [:]].merge(counted) { $1 }
        }
        return known
    }
}

/// The listeners for this process's own writes.
final class ChangeNotifier: Sendable {
    private let listeners = Mutex<[Int: AsyncStream<StoreChange>.Continuation]>([:])
    private let nextToken = Atomic<Int>(0)

    package func add(_ continuation: AsyncStream<StoreChange>.Continuation) -> Int {
        let token = nextToken.add(1, ordering: .relaxed).newValue
        listeners.withLock { $0[token] = continuation }
        return token
    }

    func remove(_ token: Int) {
        _ = listeners.withLock { $0.removeValue(forKey: token) }
    }

    func notify(_ change: StoreChange) {
        let current = listeners.withLock { Array($0.values) }
        for continuation in current { continuation.yield(change) }
    }
}
