import Foundation
import Testing

@testable import ConversationStore
@testable import SQLiteStore

@Suite("The journal")
struct JournalTests {
    /// A store with a journal in the same temporary folder, and one conversation from a customer.
    struct Fixture {
        let test: TestStore
        let journal: Journal
        let store: Store
        let conversation: ConversationID

        init(_ backend: Backend = .sqlite) async throws {
            test = try await TestStore.make(backend)
            journal = try Journal(
                path: test.folder.appendingPathComponent("state/tanggap/journal.jsonl").path, host: "ws-1")
            store = test.store.journaled(by: journal)
            try await store.ingest([Make.inbound("t1", at: 0)])
            conversation = try #require(try await store.page(.all, agent: "ani").conversations.first?.id)
            // Ani has acted through this journal's process before: the store knows the key ani signs with.
            try await test.store.backend.registerKey(try journal.key(of: "ani").publicKey, of: "ani", at: Make.at(0))
        }

        var data: Data { FileManager.default.contents(atPath: journal.path) ?? Data() }

        func write(_ lines: [String]) throws {
            try (lines.joined(separator: "\n") + "\n").write(toFile: journal.path, atomically: false, encoding: .utf8)
        }

        var lines: [String] {
            String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
        }

        func notes() async throws -> [String] {
            try await store.thread(conversation)?.messages.filter { $0.direction == .note }.map(\.text) ?? []
        }
    }

    @Test("every action is journaled, chained, and mirrored in the store", arguments: Backend.tested)
    func journalsAndMirrors(_ backend: Backend) async throws {
        let fixture = try await Fixture(backend)
        let store = fixture.store
        try await store.perform(.claim(leaseSeconds: 600), on: fixture.conversation, by: "ani")
        try await store.perform(
            .reply(text: "Halo kak, kami cek ya", isPrivate: true), on: fixture.conversation, by: "ani")
        try await store.record(.suggestionTaken(source: "kb", reference: "sinyal"), on: fixture.conversation, by: "ani")
        let entries = try fixture.journal.entries()
        #expect(entries.map(\.action) == ["claim", "private-reply", "suggestion-taken"])
        #expect(entries[0].previousHash == JournalEntry.genesisHash)
        #expect(entries[1].previousHash == entries[0].hash)
        #expect(Set(entries.map(\.journal)) == [entries[0].id])
        #expect(entries.allSatisfy { $0.host == "ws-1" && $0.agent == "ani" })
        let events = try await store.events(conversation: fixture.conversation)
        #expect(events.map(\.entry.id) == entries.map(\.id))
        #expect(events.map(\.entry.hash) == entries.map(\.hash))
        #expect(JournalVerifier.verify(fixture.data).isIntact)
        let attributes = try FileManager.default.attributesOfItem(atPath: fixture.journal.path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let folder = try FileManager.default.attributesOfItem(
            atPath: (fixture.journal.path as NSString).deletingLastPathComponent)
        #expect((folder[.posixPermissions] as? Int) == 0o700)
    }

    @Test("an entry journaled but never applied is applied on recovery, exactly once", arguments: Backend.tested)
    func recoversUnappliedEntries(_ backend: Backend) async throws {
        let fixture = try await Fixture(backend)
        let identity = try await fixture.test.store.backend.storeID()
        // The process stopped right after the flush: the entry is in the journal, not in the store.
        _ = try fixture.journal.append(
            .agent(.note(text: "cek ulang sinyal")), conversation: fixture.conversation, agent: "ani", store: identity,
            at: Make.at(5))
        #expect(try await fixture.notes() == [])
        let first = try await fixture.store.recoverJournal()
        #expect(first.applied == 1)
        #expect(try await fixture.notes() == ["cek ulang sinyal"])
        // Recovering again, or from a second process whose remembered offset is lost, applies nothing twice.
        try FileManager.default.removeItem(atPath: fixture.journal.path + ".applied")
        let again = try await fixture.store.recoverJournal()
        #expect(again.applied == 0)
        #expect(try await fixture.notes() == ["cek ulang sinyal"])
    }

    @Test("entries meant for another store are left for it", arguments: Backend.tested)
    func recoveryKeepsToItsStore(_ backend: Backend) async throws {
        let fixture = try await Fixture(backend)
        _ = try fixture.journal.append(
            .agent(.note(text: "untuk toko lain")), conversation: fixture.conversation, agent: "ani",
            store: "another-store", at: Make.at(5))
        #expect(try await fixture.store.recoverJournal().applied == 0)
        #expect(try await fixture.notes() == [])
    }

    /// A desk's journal holds the entries of each agent its login acts as: a process the login runs may act as each
    /// of them and applies them all, in journal order. A process that may act only as ani (the login was mapped to
    /// ani alone since) leaves budi's, unapplied and unmarked, for a process acting as budi, and says so. Budi's entry
    /// is dated against the journal's last applied entry like any other: taken while within the tolerance, refused
    /// (with why) once entries applied since are later by more, as a line added later and backdated would be.
    @Test("another agent's entries wait in the journal for a process acting as them", arguments: Backend.tested)
    func anotherAgentsEntriesWaitForThem(_ backend: Backend) async throws {
        let fixture = try await Fixture(backend)
        let identity = try await fixture.test.store.backend.storeID()
        try await fixture.test.store.backend.registerKey(
            try fixture.journal.key(of: "budi").publicKey, of: "budi", at: Make.at(0))
        func note(_ text: String, by agent: String, at minutes: Double) throws {
            _ = try fixture.journal.append(
                .agent(.note(text: text)), conversation: fixture.conversation, agent: agent, store: identity,
                at: Make.at(minutes))
        }
        // The desk's process stopped after journaling a note of budi's, then one of ani's.
        try note("budi 1", by: "budi", at: 5)
        try note("ani 1", by: "ani", at: 7)
        let asAni = try await fixture.store.recoverJournal(actingAs: "ani", permitted: ["ani"])
        #expect(asAni == JournalRecovery(applied: 1, waiting: ["budi": 1]))
        #expect(try await fixture.notes() == ["ani 1"])
        // It keeps waiting, and is counted each time, until a process acting as budi runs.
        let again = try await fixture.store.recoverJournal(actingAs: "ani", permitted: ["ani"])
        #expect(again == JournalRecovery(waiting: ["budi": 1]))
        let asBudi = try await fixture.store.recoverJournal(actingAs: "budi", permitted: ["budi"])
        #expect(asBudi == JournalRecovery(applied: 1))
        #expect(Set(try await fixture.notes()) == ["ani 1", "budi 1"])
        #expect(try await fixture.store.recoverJournal(actingAs: "ani", permitted: ["ani"]) == JournalRecovery())

        // The desk's own process applies both agents' entries.
        try note("budi 2", by: "budi", at: 10)
        try note("ani 2", by: "ani", at: 11)
        let desk = try await fixture.store.recoverJournal(actingAs: "ani", permitted: ["ani", "budi"])
        #expect(desk == JournalRecovery(applied: 2))

        // Left behind entries applied half an hour later, budi's is refused when budi comes, saying why.
        try note("budi 3", by: "budi", at: 20)
        try note("ani 3", by: "ani", at: 50)
        #expect(
            try await fixture.store.recoverJournal(actingAs: "ani", permitted: ["ani"])
                == JournalRecovery(applied: 1, waiting: ["budi": 1]))
        #expect(
            try await fixture.store.recoverJournal(actingAs: "budi", permitted: ["budi"])
                == JournalRecovery(refused: 1))
        let refusal = try #require(try await fixture.store.events(agent: "budi").last)
        #expect(refusal.outcome == .refused)
        #expect(refusal.error?.contains("dated before the last entry the store applied") == true, "\(refusal)")
        #expect(!(try await fixture.notes()).contains("budi 3"))
    }

    @Test("a refused entry is mirrored as refused and not retried", arguments: Backend.tested)
    func refusalsAreKept(_ backend: Backend) async throws {
        let fixture = try await Fixture(backend)
        try await fixture.store.perform(.claim(leaseSeconds: 600), on: fixture.conversation, by: "budi")
        await #expect(throws: StoreError.self) {
            try await fixture.store.perform(.reply(text: "halo", isPrivate: false), on: fixture.conversation, by: "ani")
        }
        let events = try await fixture.store.events(conversation: fixture.conversation)
        #expect(events.map(\.outcome) == [.applied, .refused])
        #expect(events.last?.error?.contains("claimed by budi") == true)
        let recovered = try await fixture.store.recoverJournal()
        #expect(recovered.applied == 0 && recovered.refused == 0)
        // Another process applying the same entry (recovering a journal it shares) is refused as the first was:
        // the same code and holder, so the command exits 3 naming budi, not 1.
        let entry = try #require(try fixture.journal.entries().last)
        let again = await #expect(throws: StoreError.self) {
            _ = try await fixture.test.store.backend.apply(
                .reply(text: "halo", isPrivate: false), on: fixture.conversation, by: "ani", at: entry.time,
                entry: entry)
        }
        #expect(again?.code == .claimHeld && again?.holder == "budi", "\(String(describing: again))")
    }

    @Test(
        "an action whose apply failed is withdrawn, told as failed, and never applied later", arguments: Backend.tested)
    func failedActionsAreWithdrawn(_ backend: Backend) async throws {
        let fixture = try await Fixture(backend)
        var store = fixture.store
        store.faults.beforeApplying = { throw StoreError(.storage, "database is locked") }
        let failed = await #expect(throws: StoreError.self) {
            try await store.perform(.reply(text: "halo kak", isPrivate: false), on: fixture.conversation, by: "ani")
        }
        #expect(failed?.code == .storage && failed?.message.contains("was not stored") == true)
        let entries = try fixture.journal.entries()
        #expect(entries.map(\.action) == ["reply", "withdraw"])
        #expect(entries[1].journalAction == .withdraw(entry: entries[0].id, reason: "database is locked"))
        #expect(JournalVerifier.verify(fixture.data).isIntact)
        // A withdrawal of an entry the journal does not hold before it is named by verify.
        _ = try fixture.journal.append(
            .withdraw(entry: "no-such-entry", reason: "x"), conversation: fixture.conversation, agent: "ani",
            store: entries[0].store, at: Make.at(9))
        #expect(JournalVerifier.verify(fixture.data).finding?.kind == .malformed)
        #expect(JournalVerifier.verify(fixture.data).finding?.line == 3)
        // The next command's recovery leaves it be: no reply is stored or queued to the customer.
        let recovered = try await fixture.store.recoverJournal()
        #expect(recovered.applied == 0 && recovered.refused == 0)
        #expect(try await fixture.store.thread(fixture.conversation)?.messages.count == 1)
        #expect(try await fixture.store.queuedReplies().isEmpty)
    }

    @Test("an action stored although the answer was lost is told as done", arguments: Backend.tested)
    func actionsAppliedInDoubtAreDone(_ backend: Backend) async throws {
        let fixture = try await Fixture(backend)
        var store = fixture.store
        store.faults.afterApplying = { throw StoreError(.outcomeUnknown, "the connection broke while committing") }
        let conversation = try await store.perform(
            .claim(leaseSeconds: 600), on: fixture.conversation, by: "ani")
        #expect(conversation.assignee == "ani")
        #expect(try fixture.journal.entries().map(\.action) == ["claim"])
    }

    @Test(
        "an action the store could not be reached for is kept for later, told so, and stored once",
        arguments: Backend.tested)
    func unreachableActionsAreKeptForLater(_ backend: Backend) async throws {
        let fixture = try await Fixture(backend)
        var store = fixture.store
        store.faults.beforeApplying = { throw StoreError(.unavailable, "the store cannot be reached") }
        let kept = await #expect(throws: StoreError.self) {
            try await store.perform(.note(text: "cek nanti"), on: fixture.conversation, by: "ani")
        }
        #expect(kept?.code == .keptForLater && kept?.isRefusal == false)
        #expect(kept?.message.contains("kept in your journal") == true)
        #expect(try await fixture.store.recoverJournal().applied == 1)
        #expect(try await fixture.notes() == ["cek nanti"])
    }

    @Test("recoveries running at once apply each entry once, and only the one that applied it counts it")
    func concurrentRecoveriesCountOnce() async throws {
        let fixture = try await Fixture(.sqlite)
        let identity = try await fixture.test.store.backend.storeID()
        for minute in 1...6 {
            _ = try fixture.journal.append(
                .agent(.note(text: "catatan \(minute)")), conversation: fixture.conversation, agent: "ani",
                store: identity, at: Make.at(Double(minute)))
        }
        // Four processes of one agent starting at once, each with its own handle on the journal.
        let stores = try (0..<4).map { _ in
            fixture.test.store.journaled(by: try Journal(path: fixture.journal.path, host: "ws-1"))
        }
        let counts = try await withThrowingTaskGroup(of: Int.self) { group in
            for store in stores { group.addTask { try await store.recoverJournal().applied } }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(counts.reduce(0, +) == 6)
        #expect(counts.filter { $0 > 0 }.count == 1)
        #expect(try await fixture.notes().count == 6)
    }

    @Test("a line cut short by a crash is moved aside and the chain goes on", arguments: Backend.tested)
    func tornLineIsSetAside(_ backend: Backend) async throws {
        let fixture = try await Fixture(backend)
        try await fixture.store.perform(.note(text: "satu"), on: fixture.conversation, by: "ani")
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: fixture.journal.path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("{\"action\":\"note\",\"agent\":\"an".utf8))
        try handle.close()
        let torn = JournalVerifier.verify(fixture.data)
        #expect(torn.finding?.kind == .torn)
        #expect(torn.finding?.line == 2)
        try await fixture.store.perform(.note(text: "dua"), on: fixture.conversation, by: "ani")
        #expect(JournalVerifier.verify(fixture.data).isIntact)
        #expect(try fixture.journal.entries().count == 2)
        #expect(FileManager.default.fileExists(atPath: fixture.journal.path + ".torn"))
    }

    /// A journal of five notes, to tamper with.
    private func fiveEntries() async throws -> Fixture {
        let fixture = try await Fixture()
        for text in ["satu", "dua", "tiga", "empat", "lima"] {
            try await fixture.store.perform(.note(text: text), on: fixture.conversation, by: "ani")
        }
        #expect(JournalVerifier.verify(fixture.data).isIntact)
        return fixture
    }

    @Test("an edited line is named")
    func catchesEdits() async throws {
        let fixture = try await fiveEntries()
        var lines = fixture.lines
        lines[2] = lines[2].replacingOccurrences(of: "tiga", with: "TIGA")
        try fixture.write(lines)
        let report = JournalVerifier.verify(fixture.data)
        #expect(report.finding?.kind == .altered)
        #expect(report.finding?.line == 3)
    }

    @Test("an edited line with its hash recomputed is named: unsigned, or signed by another key it breaks the chain")
    func catchesRehashedEdits() async throws {
        let fixture = try await fiveEntries()
        let pristine = fixture.lines
        var lines = pristine
        let original = try JournalEntry.parse(line: lines[1]).get()
        let forged = JournalEntry.make(
            id: original.id, time: original.time, agent: "budi", host: original.host, store: original.store,
            journal: original.journal, action: .agent(.note(text: "dua")), conversation: original.conversation,
            previousHash: original.previousHash)
        lines[1] = forged.line
        try fixture.write(lines)
        var report = JournalVerifier.verify(fixture.data)
        #expect(report.finding?.kind == .unsigned)
        #expect(report.finding?.line == 2)
        // Signed with a key of the forger's own, the line itself reads well; the next line no longer follows it.
        let other = try AgentKey.loadOrCreate(
            agent: "budi", folder: fixture.test.folder.appendingPathComponent("x").path)
        lines[1] =
            JournalEntry.make(
                id: original.id, time: original.time, agent: "budi", host: original.host, store: original.store,
                journal: original.journal, action: .agent(.note(text: "dua")), conversation: original.conversation,
                previousHash: original.previousHash, signer: other
            ).line
        try fixture.write(lines)
        report = JournalVerifier.verify(fixture.data)
        #expect(report.finding?.kind == .removed)
        #expect(report.finding?.line == 3)
        // Signed by ani's own key but altered after: the signature no longer matches.
        lines = pristine
        lines[3] = pristine[3].replacingOccurrences(of: "\"sig\":\"", with: "\"sig\":\"AA")
        try fixture.write(lines)
        #expect(JournalVerifier.verify(fixture.data).finding?.kind == .forged)
    }

    /// The forgery a probe made: a line appended with its hash worked out again, another agent's name and a
    /// backdated time. Its signature is the forger's own; the store knows no such key for that agent, so
    /// `journal verify` with the store names it and recovery never applies it. A line ani's own key signed but
    /// dated before the last entry the store applied (a replay) is refused the same way.
    @Test("a forged or replayed line is named by verify and never applied", arguments: Backend.tested)
    func forgedLinesAreRefused(_ backend: Backend) async throws {
        let fixture = try await Fixture(backend)
        _ = try await fixture.store.perform(.note(text: "asli"), on: fixture.conversation, by: "ani")
        let identity = try await fixture.test.store.backend.storeID()
        let last = try #require(try fixture.journal.entries().last)
        let forger = try AgentKey.loadOrCreate(
            agent: "budi", folder: fixture.test.folder.appendingPathComponent("elsewhere").path)
        let forged = JournalEntry.make(
            time: Make.at(-600), agent: "budi", host: last.host, store: identity, journal: last.journal,
            action: .agent(.setStatus(.resolved)), conversation: fixture.conversation, previousHash: last.hash,
            signer: forger)
        try fixture.write(fixture.lines + [forged.line])
        #expect(JournalVerifier.verify(fixture.data).isIntact, "the line reads well on its own")
        let mirrored = try await fixture.store.events(agent: "ani").map(\.entry)
        let trust = try await fixture.store.journalTrust(journals: [last.journal])
        let report = JournalVerifier.verify(
            fixture.data, mirrored: mirrored, keys: trust.keys, lastApplied: trust.lastApplied)
        #expect(report.finding?.kind == .untrusted)
        #expect(
            report.finding?.detail.contains("a key budi has not acted with") == true,
            "\(report.finding.map(\.detail) ?? "")")
        let recovered = try await fixture.store.recoverJournal()
        #expect(recovered.applied == 0 && recovered.refused == 1)
        #expect(try #require(try await fixture.store.thread(fixture.conversation)).conversation.status != .resolved)
        // Mirrored as refused, with why, for the review.
        let refusal = try #require(try await fixture.store.events(agent: "budi").first)
        #expect(refusal.outcome == .refused && refusal.error?.contains("has not acted with") == true)

        // Ani's own key, a second before the last entry applied (a bulk run's order): taken.
        _ = try fixture.journal.append(
            .agent(.note(text: "sejenak")), conversation: fixture.conversation, agent: "ani", store: identity,
            at: last.time.addingTimeInterval(-1))
        #expect(try await fixture.store.recoverJournal().applied == 1)

        // Ani's own key, a time before the last entry applied: a replay, refused.
        _ = try fixture.journal.append(
            .agent(.note(text: "ulang")), conversation: fixture.conversation, agent: "ani", store: identity,
            at: Make.at(-1_000))
        #expect(try await fixture.store.recoverJournal().applied == 0)
        #expect(try await fixture.notes().sorted() == ["asli", "sejenak"])
    }

    @Test("a deleted line is named")
    func catchesDeletions() async throws {
        let fixture = try await fiveEntries()
        var lines = fixture.lines
        lines.remove(at: 1)
        try fixture.write(lines)
        let report = JournalVerifier.verify(fixture.data)
        #expect(report.finding?.kind == .removed)
        #expect(report.finding?.line == 2)
        var headless = fixture.lines
        headless.removeFirst()
        try fixture.write(headless)
        #expect(JournalVerifier.verify(fixture.data).finding?.line == 1)
    }

    @Test("reordered lines are named")
    func catchesReordering() async throws {
        let fixture = try await fiveEntries()
        var lines = fixture.lines
        lines.swapAt(2, 3)
        try fixture.write(lines)
        let report = JournalVerifier.verify(fixture.data)
        #expect(report.finding?.kind == .reordered)
        #expect(report.finding?.line == 3)
    }

    @Test("lines cut from the end are caught against the store's mirror")
    func catchesTruncation() async throws {
        let fixture = try await fiveEntries()
        try fixture.write(Array(fixture.lines.prefix(3)))
        // The file alone is a sound chain…
        #expect(JournalVerifier.verify(fixture.data).isIntact)
        // …but the store applied two entries it no longer has.
        let mirrored = try await fixture.store.events(host: "ws-1").map(\.entry)
        let report = JournalVerifier.verify(fixture.data, mirrored: mirrored)
        #expect(report.finding?.kind == .truncated)
        #expect(report.finding?.line == 4)
        #expect(report.finding?.detail.hasPrefix("2 entries") == true)
    }

    @Test("roles: the first supervisor bootstraps, then only supervisors give roles", arguments: Backend.tested)
    func roles(_ backend: Backend) async throws {
        let fixture = try await Fixture(backend)
        let store = fixture.store
        await #expect(throws: StoreError.self) {
            try await store.record(.setRole(agent: "budi", role: .agent), on: nil, by: "sari")
        }
        try await store.record(.setRole(agent: "sari", role: .supervisor), on: nil, by: "sari")
        try await store.record(.setRole(agent: "budi", role: .agent), on: nil, by: "sari")
        await #expect(throws: StoreError.self) {
            try await store.record(.setRole(agent: "budi", role: .supervisor), on: nil, by: "budi")
        }
        #expect(try await store.role(of: "sari") == .supervisor)
        #expect(try await store.role(of: "budi") == .agent)
        #expect(try await store.role(of: "nobody") == .agent)
        await #expect(throws: StoreError.self) {
            try await store.record(.reviewScore(6), on: fixture.conversation, by: "sari")
        }
    }

    @Test("every action reads back from its journal name and payload")
    func actionsRoundTrip() {
        let actions: [JournalAction] = [
            .agent(.claim(leaseSeconds: 600)), .agent(.release), .agent(.reply(text: "a", isPrivate: false)),
            .agent(.reply(text: "b", isPrivate: true)), .agent(.note(text: "c")), .agent(.tag(["x"])),
            .agent(.untag(["y"])), .agent(.setStatus(.pending)), .agent(.setPriority(.urgent)),
            .agent(.snooze(until: Make.at(60))), .agent(.markNoReplyNeeded(reason: "spam")),
            .suggestionsShown(["kb:a", "template:b"]), .suggestionTaken(source: "kb", reference: "a"),
            .articleInserted(id: "a"), .reviewNote(text: "bagus"), .reviewScore(4),
            .setRole(agent: "sari", role: .supervisor), .mapLogin(login: "desk", agents: ["ani", "budi"]),
            .mapLogin(login: "desk", agents: []),
        ]
        for action in actions {
            #expect(JournalAction(name: action.name, payload: action.payload) == action)
        }
        // What only a supervisor may do, by name as the PostgreSQL server refuses it: exactly the core's.
        let supervisors = (actions + [.redacted(before: Make.at(0), messages: 1, findings: 1), .setPolicy(toml: "")])
            .filter(\.needsSupervisor).map(\.name)
        #expect(Set(supervisors) == Set(JournalAction.supervisorActionNames))
        #expect(!JournalAction.setRole(agent: "a", role: .agent).needsSupervisor, "roles have a rule of their own")
    }
}

/// A journal (and its keys) is its user's alone: a folder another user owns or can write is refused, so nobody can
/// leave lines signed with a key of their making for another agent's process to apply.
struct JournalFolderTests {
    func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("journal-folder-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func aFolderOthersCanWriteIsRefused() throws {
        let state = try folder().appendingPathComponent("tanggap")
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
        try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: state.path)
        let shared = #expect(throws: StoreError.self) {
            _ = try Journal(path: state.appendingPathComponent("journal.jsonl").path)
        }
        #expect(
            shared?.message == "\(state.path) (the journal's folder) can be written by other users; it must be yours "
                + "alone: chmod 700 \(state.path)")
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: state.path)
        let journal = try Journal(path: state.appendingPathComponent("journal.jsonl").path)
        // A key file someone else could have written is refused too.
        let keys = state.appendingPathComponent("keys")
        _ = try journal.key(of: "ani")
        try FileManager.default.setAttributes(
            [.posixPermissions: 0o666], ofItemAtPath: keys.appendingPathComponent("ani.key").path)
        #expect(throws: StoreError.self) { _ = try AgentKey.loadOrCreate(agent: "ani", folder: keys.path) }
    }

    @Test(.enabled(if: geteuid() == 0, "only root can give a folder to another user"))
    func aFolderOfAnotherUserIsRefused() throws {
        let state = try folder().appendingPathComponent("tanggap")
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
        try FileManager.default.setAttributes(
            [.posixPermissions: 0o700, .ownerAccountID: 65534], ofItemAtPath: state.path)
        let theirs = #expect(throws: StoreError.self) {
            _ = try Journal(path: state.appendingPathComponent("journal.jsonl").path)
        }
        #expect(theirs?.message.contains("belongs to another user (uid 65534)") == true, "\(theirs?.message ?? "")")
    }
}
