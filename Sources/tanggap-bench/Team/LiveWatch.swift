import ConversationStore
import Foundation
import Synchronization

/// One more agent at the real console, in a pseudo-terminal, watched for how soon others' work shows on its screen.
///
/// Every couple of seconds a marker message from a new customer (`@live…`) is posted to serve, dated in 2001 so that
/// it is the most overdue conversation and sorts to the top of the needs-reply queue, where the console shows it
/// whatever else the team is doing. Measured: from serve's 202 to the customer's handle on the console's screen, and,
/// after the harness (as another agent, through the library) claims and resolves the conversation, from the
/// resolve's answer to the handle being gone from the screen. The screen is rebuilt from the console's output by
/// ``ScreenModel``, so both directions are read off what a person would see. The markers come on a channel the team
/// does not work (``markerChannel``).
final class LiveWatch: Sendable {
    struct Figures: Sendable {
        var appeared: [Double] = []
        var vanished: [Double] = []
        /// Markers that did not show (or did not go) within ten seconds.
        var missed = 0
        var errors: [String: Int] = [:]
    }

    /// The agent the harness pages as (the console itself acts as whoever runs the bench).
    static let agent = "watcher"
    /// The markers' channel, which the team does not work (`TeamAgent.channels`): as in a team whose Facebook page
    /// is another team's, no agent takes a marker.
    static let markerChannel = Channel.facebook
    static let width = 120
    static let height = 40

    private let terminal: PseudoTerminal
    private let screen = Mutex(ScreenModel(width: LiveWatch.width, height: LiveWatch.height))
    private let reading = Atomic<Bool>(true)
    private let figures = Mutex(Figures())

    init(binary: String, store: StoreLocation, folder: String) throws {
        terminal = try PseudoTerminal(
            // As whoever runs the bench: the login on SQLite, the URL's role on PostgreSQL (AgentIdentity).
            [binary, "--store", IntakeStream.argument(store)], width: Self.width,
            height: Self.height, environment: TerminalRun.environment(folder: folder))
        Thread { [self] in
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while reading.load(ordering: .relaxed) {
                var descriptor = pollfd(fd: terminal.master, events: Int16(POLLIN), revents: 0)
                guard poll(&descriptor, 1, 20) > 0 else { continue }
                let count = Foundation.read(terminal.master, &buffer, buffer.count)
                if count <= 0 { break }
                screen.withLock { $0.feed(buffer[0..<count]) }
            }
        }.start()
    }

    /// Waits until the screen satisfies `condition` or `limit` passes; when it did, the moment it was seen.
    func wait(limit: Duration = .seconds(10), until condition: (ScreenModel) -> Bool) async -> ContinuousClock.Instant?
    {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if screen.withLock({ condition($0) }) { return .now }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return nil
    }

    /// The console's first whole frame, before anything is measured.
    func ready() async throws {
        let shown = await wait(limit: .seconds(60)) { $0.shows("store ok") && $0.shows("Queue · needs-reply (") }
        guard shown != nil else {
            throw BenchError(
                "the console drew no complete frame within 60 s; its screen:\n"
                    + screen.withLock { $0.lines.joined(separator: "\n") })
        }
    }

    /// Posts a marker, waits for it to show, resolves it and waits for it to go, until `deadline`.
    func measure(intake: IntakeStream, store: Store, until deadline: ContinuousClock.Instant) async {
        var number = 0
        while ContinuousClock.now < deadline {
            number += 1
            let handle = "\(TeamAgent.markerPrefix)\(intake.runToken)_\(number)"
            let id = "l\(intake.runToken)-\(number)"
            let time = Timestamp.format(Date(timeIntervalSince1970: 978_307_200 + Double(number * 60)))
            let json =
                #"{"channel":"\#(Self.markerChannel.rawValue)","id":"\#(id)","direction":"inbound","author":{"id":"\#(handle)","handle":"\#(handle)"},"text":"@\#(Workload.brands[0].twitter) halo, tolong dicek","created_at":"\#(time)","account":"\#(Workload.brands[0].twitter)"}"#
            guard await intake.post([(id, json)]) else {
                fail("marker refused by serve")
                try? await Task.sleep(for: .seconds(1))
                continue
            }
            let accepted = ContinuousClock.now
            guard let shown = await wait(until: { $0.shows("@" + handle) }) else {
                figures.withLock { $0.missed += 1 }
                continue
            }
            figures.withLock { $0.appeared.append((shown - accepted).milliseconds) }
            do {
                guard let conversation = try await store.conversation(containing: id) else {
                    fail("marker not in the store")
                    continue
                }
                _ = try await store.perform(.claim(leaseSeconds: 60), on: conversation, by: Self.agent)
                _ = try await store.perform(.setStatus(.resolved), on: conversation, by: Self.agent)
            } catch {
                fail("watcher: \((error as? StoreError)?.code.description ?? "\(error)")")
                continue
            }
            let resolved = ContinuousClock.now
            guard let gone = await wait(until: { !$0.shows("@" + handle) }) else {
                figures.withLock { $0.missed += 1 }
                continue
            }
            figures.withLock { $0.vanished.append((gone - resolved).milliseconds) }
            try? await Task.sleep(for: .milliseconds(500))
        }
    }

    private func fail(_ what: String) {
        figures.withLock { $0.errors[what, default: 0] += 1 }
    }

    var results: Figures { figures.withLock { $0 } }

    func stop() {
        terminal.type("q")
        Thread.sleep(forTimeInterval: 0.3)
        reading.store(false, ordering: .relaxed)
        // The reader looks at the flag between polls of 20 ms.
        Thread.sleep(forTimeInterval: 0.1)
        terminal.stop()
    }
}
