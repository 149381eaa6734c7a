import Foundation
import OutageTesting
import PostgresNIO
import Synchronization
import Testing

@testable import ConversationStore
@testable import PostgresStore

/// The PostgreSQL server out of reach (through a proxy the test cuts and restores): nothing half stored, every call
/// answering at once that the store is away, and the same store object working again once it is back.
@Suite(.serialized, .enabled(if: !PostgresServer.skipped, "TANGGAP_SKIP_POSTGRES=1: PostgreSQL tests skipped"))
struct PostgresOutageTests {
    /// Rows in the conversation, message, customer and event tables.
    /// A fresh store, reached directly and through an outage proxy.
    static func proxiedStore() async throws -> (
        url: String, direct: PostgresBackend, proxy: OutageProxy, backend: PostgresBackend
    ) {
        let url = try await PostgresServer.freshDatabase()
        let direct = try await PostgresServer.open(url)
        let proxy = try OutageProxy(to: url)
        return (url, direct, proxy, try await PostgresServer.open(proxy.url))
    }

    static func close(_ direct: PostgresBackend, _ proxy: OutageProxy, _ backend: PostgresBackend) {
        backend.close()
        proxy.stop()
        direct.close()
    }

    /// How many sessions wait for an advisory lock (a batch waiting for the intake lock).
    static func lockWaiters(_ backend: PostgresBackend) async throws -> Int {
        for try await count in try await backend.client.query(
            "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
        ).decode(Int.self) {
            return count
        }
        return 0
    }

    static func counts(_ backend: PostgresBackend) async throws -> [Int] {
        var counts: [Int] = []
        for table in ["conversation", "message", "customer", "event"] {
            for try await count in try await backend.client.query(
                PostgresQuery(unsafeSQL: "SELECT COUNT(*) FROM \(table)")
            ).decode(Int.self) {
                counts.append(count)
            }
        }
        return counts
    }

    /// A pool replaced by a fresh one once the server answered again has its connections closed: what then fails on
    /// it (the change listener, work left behind) says nothing about the server, and must not mark the store away
    /// (the next write then failed at once with "cannot be reached" although the server was back). A failure on the
    /// pool in use does.
    @Test func aFailureOnAReplacedPoolLeavesTheStoreReachable() async throws {
        let url = try await PostgresServer.freshDatabase()
        let backend = try await PostgresServer.open(url)
        defer { backend.close() }
        let replaced = PostgresClient(
            configuration: .init(host: "127.0.0.1", username: "nobody", password: nil, database: nil, tls: .disable),
            backgroundLogger: PostgresServer.logger)
        _ = backend.failure(PostgresBackend.ConnectionClosed(), doing: "listening", on: replaced)
        #expect(!backend.isAway)
        _ = backend.failure(PostgresBackend.ConnectionClosed(), doing: "listening", on: backend.client)
        #expect(backend.isAway)
    }

    /// The network breaks in the middle of an import: nothing of it is stored; while the server is away every call
    /// says so at once; once it is back the same store object works again, and the import goes through whole.
    @Test func aConnectionDroppedMidTransactionStoresNothingAndTheStoreComesBack() async throws {
        let (url, direct, proxy, backend) = try await Self.proxiedStore()
        defer { Self.close(direct, proxy, backend) }
        let first = (0..<20).map { Make.inbound("before-\($0)", at: Double($0), from: "c\($0)") }
        _ = try await backend.ingest(first, facts: TextFacts(first))
        let before = try await Self.counts(direct)
        #expect(before == [20, 20, 20, 0])
        var changes = backend.changes(pollInterval: .milliseconds(100)).makeAsyncIterator()
        try await Task.sleep(for: .milliseconds(300))

        // Many statements a message: the import is under way when the proxy cuts it.
        let batch = (0..<600).map { Make.inbound("during-\($0)", at: 100 + Double($0) / 10, from: "d\($0 % 90)") }
        let importing = Task { try await backend.ingest(batch, facts: TextFacts(batch)) }
        var holding = false
        for _ in 0..<200 where !holding {
            try await Task.sleep(for: .milliseconds(10))
            for try await count in try await direct.client.query(
                "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
            ).decode(Int.self) {
                holding = count > 0
            }
        }
        #expect(holding, "the import never took its lock")
        try await Task.sleep(for: .milliseconds(100))
        proxy.cut()
        let cutAt = ContinuousClock.now
        let refusal = await #expect(throws: StoreError.self) { _ = try await importing.value }
        #expect(refusal?.code == .unavailable, "\(String(describing: refusal))")
        #expect(ContinuousClock.now - cutAt < .seconds(5))
        // The server rolled the transaction back: not one of the 600.
        #expect(try await Self.counts(direct) == before)

        // While away, calls say so rather than hang.
        for _ in 0..<3 {
            let asked = ContinuousClock.now
            let away = await #expect(throws: StoreError.self) { _ = try await backend.conversationCount() }
            #expect(away?.code == .unavailable && away?.message.contains("cannot be reached") == true)
            #expect(ContinuousClock.now - asked < .seconds(5))
        }
        // The change stream told the console to look (and find the store away).
        #expect(await changes.next() != nil)

        proxy.restore()
        let restored = ContinuousClock.now
        var back = false
        while !back && ContinuousClock.now - restored < .seconds(10) {
            back = (try? await backend.conversationCount()) != nil
            if !back { try await Task.sleep(for: .milliseconds(200)) }
        }
        #expect(back, "the store did not come back within 10 s")
        FileHandle.standardError.write(
            Data("reconnected \(ContinuousClock.now - restored) after the network came back\n".utf8))
        // Listening again, the stream says what was missed may have changed.
        #expect(await changes.next() != nil)
        let result = try await backend.ingest(batch, facts: TextFacts(batch))
        #expect(result.inserted == 600 && result.duplicates == 0)
        #expect(try await Self.counts(direct)[1] == 620)
    }

    /// A reply sent while the server is away is kept in the agent's journal and stored once, when it is back.
    @Test func aReplyMadeWhileTheStoreIsAwayIsStoredOnceItIsBack() async throws {
        let url = try await PostgresServer.freshDatabase()
        let proxy = try OutageProxy(to: url)
        defer { proxy.stop() }
        let backend = try await PostgresServer.open(proxy.url)
        defer { backend.close() }
        let messages = [Make.inbound("q1", at: 0, from: "budi", text: "paket belum sampai")]
        _ = try await backend.ingest(messages, facts: TextFacts(messages))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tanggap-away-\(UUID().uuidString)")
        let journal = try Journal(path: folder.appendingPathComponent("journal.jsonl").path, host: "ws-1")
        let store = Store(backend: backend).journaled(by: journal)
        let id = ConversationID(1)
        try await store.perform(.claim(leaseSeconds: 600), on: id, by: "ani")
        proxy.cut()
        let kept = await #expect(throws: StoreError.self) {
            try await store.perform(.reply(text: "Sudah kami cek ya kak", isPrivate: false), on: id, by: "ani")
        }
        #expect(kept?.code == .keptForLater)
        #expect(kept?.message.contains("kept in your journal") == true)
        // Recovery while the store is away stores nothing and forgets nothing: the entry stays pending.
        let early = await #expect(throws: StoreError.self) { _ = try await store.recoverJournal() }
        #expect(early?.code == .unavailable && early?.isRefusal == false)
        proxy.restore()
        var recovered: JournalRecovery?
        let restored = ContinuousClock.now
        while recovered == nil && ContinuousClock.now - restored < .seconds(10) {
            recovered = try? await store.recoverJournal()
            if recovered == nil { try await Task.sleep(for: .milliseconds(200)) }
        }
        #expect(recovered?.applied == 1)
        #expect(try await store.recoverJournal().applied == 0)
        let thread = try #require(try await store.thread(id))
        #expect(thread.messages.filter { $0.direction == .outbound }.map(\.text) == ["Sudah kami cek ya kak"])
    }

    /// What `serve` stores for a webhook: its messages and its delivery reports in one transaction. The connection
    /// breaks while it waits: the caller is told the store is away (`serve` answers 503) and nothing of the request
    /// is stored, not the messages and not the report; stored again once the store is back, all of it goes in once.
    @Test func aBatchRefusedAsUnavailableStoresNeitherItsMessagesNorItsReports() async throws {
        let (url, direct, proxy, backend) = try await Self.proxiedStore()
        defer { Self.close(direct, proxy, backend) }
        let first = [Make.inbound("w1", at: 0, from: "budi", channel: .whatsapp)]
        _ = try await backend.ingest(first, facts: TextFacts(first))
        let store = Store(backend: backend)
        try await store.perform(.reply(text: "Halo kak", isPrivate: false), on: ConversationID(1), by: "ani")
        let reply = try #require(try await store.queuedReplies().first)
        try await backend.recordDelivery(of: reply.id, state: .sent, externalID: "wamid.1", error: nil)
        let before = try await Self.counts(direct)

        // Another import holds the intake lock, so the request waits inside its transaction when the network breaks.
        // Each step waits for what it needs (the lock held, the request waiting for it), never for a fixed time.
        let holder = try await PostgresServer.open(url)
        defer { holder.close() }
        let logger = holder.logger
        let held = AsyncStream<Void>.makeStream()
        let release = AsyncStream<Void>.makeStream()
        let locked = Task {
            try await holder.write { connection in
                try await connection.query(
                    "SELECT pg_advisory_xact_lock(\(PostgresBackend.ingestLockKey))", logger: logger)
                held.continuation.yield()
                for await _ in release.stream { break }
            }
        }
        for await _ in held.stream { break }
        let batch = (0..<5).map { Make.inbound("w-new-\($0)", at: 10 + Double($0), from: "c\($0)", channel: .whatsapp) }
        let report = DeliveryReport(
            channel: .whatsapp, externalID: "wamid.1", state: .failed, error: "number not on WhatsApp")
        let storing = Task { try await backend.ingest(batch, facts: TextFacts(batch), reports: [report]) }
        let asked = ContinuousClock.now
        while try await Self.lockWaiters(direct) == 0 && ContinuousClock.now - asked < .seconds(60) {
            try await Task.sleep(for: .milliseconds(20))
        }
        proxy.cut()
        let refusal = await #expect(throws: StoreError.self) { _ = try await storing.value }
        #expect(refusal?.code == .unavailable, "\(String(describing: refusal))")
        release.continuation.finish()
        _ = try? await locked.value
        #expect(try await Self.counts(direct) == before)
        let unchanged = try await direct.thread(ConversationID(1))?.messages.first { $0.direction == .outbound }
        #expect(unchanged?.delivery == .sent)

        proxy.restore()
        var result: IngestResult?
        let restored = ContinuousClock.now
        while result == nil && ContinuousClock.now - restored < .seconds(10) {
            result = try? await backend.ingest(batch, facts: TextFacts(batch), reports: [report])
            if result == nil { try await Task.sleep(for: .milliseconds(200)) }
        }
        #expect(result?.inserted == 5 && result?.duplicates == 0 && result?.reportsMatched == 1)
        let after = try await direct.thread(ConversationID(1))?.messages.first { $0.direction == .outbound }
        #expect(after?.delivery == .failed)
    }
}

/// The PostgreSQL write's guard against late commits, without a server: work whose caller was already told it
/// failed (no connection within the lease timeout) is told not to commit when it gets that far.
@Suite struct PostgresLateCommitTests {
    @Test func workTheCallerWasToldFailedIsNotAllowedToCommitAfterwards() async throws {
        let allowed = Mutex<Bool?>(nil)
        let failure = await #expect(throws: (any Error).self) {
            try await PostgresBackend.givingUpWhenClosed { _, mayCommit in
                // The connection comes after the caller gave up on it, and cancellation does not stop the work.
                await withCheckedContinuation { (resumed: CheckedContinuation<Void, Never>) in
                    DispatchQueue.global().asyncAfter(deadline: .now() + 7) { resumed.resume() }
                }
                allowed.withLock { $0 = mayCommit() }
                return 1
            }
        }
        #expect(failure is PostgresBackend.ConnectionClosed)
        let waited = ContinuousClock.now
        while allowed.withLock({ $0 }) == nil && ContinuousClock.now - waited < .seconds(15) {
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(allowed.withLock { $0 } == false)
    }
}
