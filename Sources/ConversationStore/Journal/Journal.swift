import Foundation
import Synchronization

/// The agent's local journal: an append-only file of ``JournalEntry`` lines, chained by hash, each flushed to disk
/// before the action it records is applied to the store.
///
/// Several processes of one agent (the console and a scripted `tanggap reply`) may write one journal: every append
/// holds an exclusive `flock` while it reads the last hash, writes its line and calls `fsync`. A line cut short by a
/// crash (no newline at the end) was never applied, since applying waits for the flush; the next append moves it to
/// `journal.jsonl.torn` beside the journal and goes on from the last whole line.
///
/// Which entries each store has already applied is remembered in `journal.jsonl.applied` (the byte offset up to
/// which every entry for that store is known applied), so recovery on start reads only the journal's tail.
public final class Journal: Sendable {
    public let path: String
    /// The host name written into every entry.
    public let host: String
    /// The agents' signing keys loaded so far (``AgentKey``: `keys/` beside the journal).
    private let keys = Mutex<[String: AgentKey]>([:])

    /// The keys this process has registered with each store, as `store agent key`.
    private let registered = Mutex<Set<String>>([])

    /// True the first time this process uses `key` for `agent` in `store` (it is then to be registered there).
    package func firstUse(of key: String, by agent: String, in store: String) -> Bool {
        registered.withLock { $0.insert("\(store) \(agent) \(key)").inserted }
    }

    /// Forgets a registration that failed, to be tried with the next action.
    package func forgetUse(of key: String, by agent: String, in store: String) {
        _ = registered.withLock { $0.remove("\(store) \(agent) \(key)") }
    }

    /// Where the agents' signing keys are kept: `keys/` beside the journal.
    public var keysFolder: String {
        ((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent("keys")
    }

    /// The agent's signing key, made on first use.
    public func key(of agent: String) throws -> AgentKey {
        if let key = keys.withLock({ $0[agent] }) { return key }
        let key = try AgentKey.loadOrCreate(agent: agent, folder: keysFolder)
        keys.withLock { $0[agent] = key }
        return key
    }

    /// Opens (creating, private to the user) the journal at `path`.
    public init(path: String, host: String = Journal.hostName()) throws {
        self.path = path
        self.host = host
        let folder = (path as NSString).deletingLastPathComponent
        try PrivateFolder.make(folder, for: "the journal")
        try PrivateFolder.checkOwned(folder, for: "the journal's folder")
        let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw Self.failure("cannot open the journal at \(path)") }
        close(descriptor)
        try PrivateFolder.checkOwned(path, for: "the journal")
    }

    /// `$XDG_STATE_HOME/tanggap/journal.jsonl`, else `~/.local/state/tanggap/journal.jsonl`.
    public static func defaultPath(environment: [String: String]) -> String {
        let state: String
        if let explicit = environment["XDG_STATE_HOME"], explicit.hasPrefix("/") {
            state = explicit
        } else {
            let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
            state = (home as NSString).appendingPathComponent(".local/state")
        }
        return ((state as NSString).appendingPathComponent("tanggap") as NSString).appendingPathComponent(
            "journal.jsonl")
    }

    public static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? "localhost" : name
    }

    /// Appends one entry and flushes it to disk; returns it once it is durable. `seen` is the conversation's
    /// revision the agent had read (see ``JournalEntry/seen``).
    public func append(
        _ action: JournalAction, conversation: ConversationID?, agent: String, store: String, at time: Date,
        seen: Int64? = nil
    ) throws -> JournalEntry {
        let signer = try key(of: agent)
        return try withLockedFile(writing: true) { descriptor in
            let last = try Self.lastEntry(descriptor: descriptor, path: path)
            let (entry, line) = JournalEntry.make(
                time: time, agent: agent, host: host, store: store, journal: last?.journal, action: action,
                conversation: conversation, previousHash: last?.hash ?? JournalEntry.genesisHash, seen: seen,
                signer: signer)
            let bytes = Array((line + "\n").utf8)
            var written = 0
            while written < bytes.count {
                let count = bytes[written...].withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
                if count < 0 {
                    if errno == EINTR { continue }
                    throw Self.failure("cannot write to the journal at \(path)")
                }
                written += count
            }
            guard fsync(descriptor) == 0 else { throw Self.failure("cannot flush the journal at \(path)") }
            return entry
        }
    }

    /// Every whole entry in the journal, in order; lines that do not read as entries are left out (use
    /// ``JournalVerifier`` to find them).
    public func entries() throws -> [JournalEntry] {
        try entries(from: 0).entries
    }

    /// Entries after byte `offset`, with the offset just past the last whole line.
    func entries(from offset: Int) throws -> (entries: [JournalEntry], end: Int) {
        try withLockedFile(writing: false) { descriptor in
            let data = try Self.readAll(descriptor: descriptor, path: path)
            guard offset < data.count else { return ([], data.count) }
            let tail = data[offset...]
            guard let lastNewline = tail.lastIndex(of: UInt8(ascii: "\n")) else { return ([], offset) }
            let whole = data[offset...lastNewline]
            let entries = whole.split(separator: UInt8(ascii: "\n")).compactMap {
                try? JournalEntry.parse(line: String(decoding: $0, as: UTF8.self)).get()
            }
            return (entries, lastNewline + 1)
        }
    }

    /// Entries meant for `store` that the store may not have applied yet (those after the remembered offset), and the
    /// offset to remember once they are applied.
    public func pendingEntries(store: String) throws -> (entries: [JournalEntry], end: Int) {
        let offset = appliedOffsets()[store] ?? 0
        let (entries, end) = try entries(from: offset)
        return (entries.filter { $0.store == store }, end)
    }

    /// Remembers that every entry for `store` up to byte `offset` is applied.
    public func markApplied(store: String, upTo offset: Int) throws {
        try withLockedFile(writing: true) { _ in
            var offsets = appliedOffsets()
            guard (offsets[store] ?? 0) < offset else { return }
            offsets[store] = offset
            let text = JSONValue.object(offsets.mapValues { .int(Int64($0)) }).serialized() + "\n"
            let temporary = path + ".applied.tmp"
            guard
                FileManager.default.createFile(
                    atPath: temporary, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
            else { throw Self.failure("cannot write \(temporary)") }
            guard rename(temporary, path + ".applied") == 0 else { throw Self.failure("cannot write \(path).applied") }
        }
    }

    private func appliedOffsets() -> [String: Int] {
        guard let data = FileManager.default.contents(atPath: path + ".applied"),
            let members = JSONValue.parse(String(decoding: data, as: UTF8.self))?.objectValue
        else { return [:] }
        return members.compactMapValues { $0.intValue.map(Int.init) }
    }

    /// Appends a record withdrawing `entry`, which the store did not apply: recovery never applies it afterwards.
    @discardableResult
    public func withdraw(_ entry: JournalEntry, reason: String, at time: Date) throws -> JournalEntry {
        try append(
            .withdraw(entry: entry.id, reason: reason), conversation: entry.conversation, agent: entry.agent,
            store: entry.store, at: time)
    }

    /// Runs `body`, an action from journaling to its outcome, while recovery (``whileRecovering(_:)``) waits: no
    /// process applies an entry another is still working on. Any number of actions may be in flight at once.
    public func whileActing<T>(_ body: () async throws -> T) async throws -> T {
        try await holdingFlightLock(exclusive: false, patience: .seconds(60), body)
    }

    /// Runs `body`, recovery, alone: no action of this journal is in flight in any process meanwhile, and no other
    /// recovery runs, so each pending entry is applied by one process and that process alone reports it. Fails
    /// with a storage error when actions stay in flight for longer than `patience`.
    public func whileRecovering<T>(patience: Duration = .seconds(20), _ body: () async throws -> T) async throws -> T {
        try await holdingFlightLock(exclusive: true, patience: patience, body)
    }

    /// `flock` on `journal.jsonl.lock` (shared by actions, exclusive for recovery), asked for without blocking and
    /// tried again every 20 ms, so a waiting task holds no thread. The lock goes with the process, so a process
    /// killed mid-action leaves nothing held.
    private func holdingFlightLock<T>(
        exclusive: Bool, patience: Duration, _ body: () async throws -> T
    ) async throws -> T {
        let lockPath = path + ".lock"
        let descriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw Self.failure("cannot open \(lockPath)") }
        defer { close(descriptor) }
        let deadline = ContinuousClock.now + patience
        while flock(descriptor, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else { throw Self.failure("cannot lock \(lockPath)") }
            guard ContinuousClock.now < deadline else {
                throw StoreError(
                    .storage,
                    exclusive
                        ? "another tanggap of yours is still storing an action; its journal entries are applied later"
                        : "another tanggap of yours is applying your journal; try again in a moment")
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
        defer { flock(descriptor, LOCK_UN) }
        return try await body()
    }

    private func withLockedFile<T>(writing: Bool, _ body: (Int32) throws -> T) throws -> T {
        let descriptor = open(path, (writing ? O_RDWR | O_APPEND : O_RDONLY) | O_CLOEXEC)
        guard descriptor >= 0 else { throw Self.failure("cannot open the journal at \(path)") }
        defer { close(descriptor) }
        while flock(descriptor, writing ? LOCK_EX : LOCK_SH) != 0 {
            guard errno == EINTR else { throw Self.failure("cannot lock the journal at \(path)") }
        }
        defer { flock(descriptor, LOCK_UN) }
        return try body(descriptor)
    }

    /// The last whole entry (after moving a torn tail aside), read from the file's end.
    private static func lastEntry(descriptor: Int32, path: String) throws -> JournalEntry? {
        let size = Int(lseek(descriptor, 0, SEEK_END))
        guard size > 0 else { return nil }
        var chunk = 4096
        var tail = Data()
        var start = size
        // Read backwards until the chunk holds the newline before the last line (or the file's start).
        while true {
            start = max(0, size - chunk)
            tail = try read(descriptor: descriptor, from: start, count: size - start, path: path)
            let lineBreaks = tail.dropLast().lastIndex(of: UInt8(ascii: "\n"))
            if lineBreaks != nil || start == 0 { break }
            chunk *= 4
        }
        if tail.last != UInt8(ascii: "\n") {
            // A torn last line: keep it for inspection, then cut it off.
            let cut = tail.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? tail.startIndex
            let fragment = tail[cut...]
            let tornPath = path + ".torn"
            let torn = open(tornPath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
            if torn >= 0 {
                let record = Data(fragment) + Data("\n".utf8)
                _ = record.withUnsafeBytes { Foundation.write(torn, $0.baseAddress, $0.count) }
                fsync(torn)
                close(torn)
            }
            let keep = start + (cut - tail.startIndex)
            guard ftruncate(descriptor, off_t(keep)) == 0 else { throw failure("cannot trim a torn line from \(path)") }
            return try lastEntry(descriptor: descriptor, path: path)
        }
        let body = tail.dropLast()
        let lineStart = body.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? body.startIndex
        let lastLine = String(decoding: body[lineStart...], as: UTF8.self)
        guard case .success(let last) = JournalEntry.parse(line: lastLine) else {
            throw StoreError(
                .storage,
                "the journal's last line is damaged (\(path)); run `tanggap journal verify` before adding to it")
        }
        return last
    }

    private static func read(descriptor: Int32, from offset: Int, count: Int, path: String) throws -> Data {
        var buffer = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let got = buffer[done...].withUnsafeMutableBytes {
                pread(descriptor, $0.baseAddress, $0.count, off_t(offset + done))
            }
            if got < 0 {
                if errno == EINTR { continue }
                throw failure("cannot read the journal at \(path)")
            }
            if got == 0 { break }
            done += got
        }
        return Data(buffer[..<done])
    }

    static func readAll(descriptor: Int32, path: String) throws -> Data {
        let size = Int(lseek(descriptor, 0, SEEK_END))
        return try read(descriptor: descriptor, from: 0, count: max(0, size), path: path)
    }

    private static func failure(_ message: String) -> StoreError {
        StoreError(.storage, "\(message): \(String(cString: strerror(errno)))")
    }
}
