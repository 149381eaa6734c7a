import AgentConsole
import ConsoleConfig
import ConversationStore
import Foundation
import Synchronization
import TanggapThemes
import Terminal

/// The console's own path in process: the pure update, rendering into a frame, and ncurses painting the difference
/// onto a pseudo-terminal whose output is read and thrown away, as a terminal emulator would consume it.
enum ConsoleMeasurement {
    struct Figures {
        var queueStep: Percentiles
        var openThread: Percentiles
    }

    static func run(store: Store) async throws -> Figures {
        let (master, path) = try PseudoTerminal.open(width: 120, height: 40)
        let slave = open(path, O_RDWR | O_NOCTTY)
        guard slave >= 0 else { throw BenchError("cannot open the pseudo-terminal's other end") }
        let reading = Atomic<Bool>(true)
        let reader = Thread {
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while reading.load(ordering: .relaxed) {
                var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
                if poll(&descriptor, 1, 50) > 0 { _ = Foundation.read(master, &buffer, buffer.count) }
            }
        }
        reader.start()
        defer {
            reading.store(false, ordering: .relaxed)
            close(master)
        }
        setenv("LANG", "C.UTF-8", 1)
        let theme = try Theme(toml: BundledThemes.text(named: "dark") ?? "", name: "dark")
        let screen = try TerminalScreen(theme: theme, colour: true, terminal: slave)
        defer { screen.close() }
        let renderer = ConsoleRenderer()
        var state = ConsoleState(agent: "bench", width: 120, height: 40, now: store.now())

        func perform(_ action: ConsoleAction) async throws {
            var queue = [action]
            while !queue.isEmpty {
                let next = queue.removeFirst()
                for effect in ConsoleUpdate.update(&state, next) {
                    switch effect {
                    case .loadQueue(let view, let filter, let limit):
                        let page = try await store.page(view, filter: filter, agent: "bench", limit: limit)
                        queue.append(.queueLoaded(page, try await store.counts(agent: "bench"), appended: false))
                    case .loadMore(let view, let filter, let cursor, let limit):
                        let page = try await store.page(
                            view, filter: filter, agent: "bench", after: cursor, limit: limit)
                        queue.append(.queueLoaded(page, try await store.counts(agent: "bench"), appended: true))
                    default:
                        break
                    }
                }
            }
            screen.paint(renderer.render(state))
        }

        try await perform(.resized(width: 120, height: 40))
        let page = try await store.page(.needsReply, agent: "bench", limit: ConsoleUpdate.pageSize)
        try await perform(.queueLoaded(page, try await store.counts(agent: "bench"), appended: false))
        var steps: [Double] = []
        for step in 0..<2_000 {
            let started = ContinuousClock.now
            try await perform(.keyPressed(.character(step % 500 < 450 ? "j" : "k")))
            steps.append((ContinuousClock.now - started).milliseconds)
        }

        // The long threads are the first conversations of the workload.
        var longThreads: [ConversationID] = []
        for index in 0..<Workload.longThreads {
            if let id = try await store.conversation(containing: "b\(index)-0") { longThreads.append(id) }
        }
        guard !longThreads.isEmpty else { throw BenchError("the workload's long threads are missing") }
        var opens: [Double] = []
        for round in 0..<300 {
            let id = longThreads[round % longThreads.count]
            let started = ContinuousClock.now
            guard let thread = try await store.thread(id) else { continue }
            state.selected = id
            state.opened = id
            _ = ConsoleUpdate.update(&state, .threadLoaded(thread, [], []))
            state.focus = .conversation
            screen.paint(renderer.render(state))
            if round >= 10 { opens.append((ContinuousClock.now - started).milliseconds) }
        }
        return Figures(queueStep: Percentiles(steps), openThread: Percentiles(opens))
    }
}
