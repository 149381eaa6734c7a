import AgentConsole
import ConsoleRuntime
import ConversationStore
import Foundation
import Synchronization
import Terminal

/// Runs the console: one thread owns the terminal and the state, and loops over keys, a clock and a mailbox of
/// results. It only reads keys, paints frames and posts actions; the runtime does the store work, one effect at a
/// time, and its actions come back through the mailbox. Data flows one way: store → state → frame → terminal, and
/// key → action → update → effects.
final class ConsoleSession: @unchecked Sendable {
    let store: Store
    let settings: ConsoleSettings
    let runtime: ConsoleRuntime
    private let mailbox = Mutex<[ConsoleAction]>([])
    private let wake: (read: Int32, write: Int32)
    private var running = true
    private var tasks: [Task<Void, Never>] = []
    private let jobs = AsyncStream<@Sendable () async -> Void>.makeStream()

    init(store: Store, settings: ConsoleSettings) throws {
        self.store = store
        self.settings = settings
        runtime = ConsoleRuntime(
            store: store, agent: settings.agent, drafts: settings.drafts,
            responseRateTarget: settings.responseRateTarget)
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw ConfigError("cannot create a pipe: \(String(cString: strerror(errno)))") }
        _ = fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK)
        _ = fcntl(fds[1], F_SETFL, fcntl(fds[1], F_GETFL) | O_NONBLOCK)
        wake = (fds[0], fds[1])
    }

    /// Hands an action to the terminal thread from any thread.
    func post(_ action: ConsoleAction) {
        mailbox.withLock { pending in
            if case .storeChanged = action,
                pending.contains(where: { if case .storeChanged = $0 { true } else { false } })
            {
                return
            }
            pending.append(action)
        }
        var byte: UInt8 = 1
        _ = write(wake.write, &byte, 1)
    }

    /// Runs until the agent quits or the terminal goes away; blocks the calling thread.
    func run() throws {
        let screen = try TerminalScreen(theme: settings.theme, colour: settings.colour)
        defer { screen.close() }
        HangUp.install(wakeFD: wake.write)
        let (width, height) = screen.size
        let kind: ConsoleKind =
            settings.review.map { .review(ReviewDesk(filter: $0)) }
            ?? .agent(AgentDesk(drafts: settings.drafts.load()))
        var state = ConsoleState(
            agent: settings.agent, width: width, height: height, now: store.now(), keymap: settings.keymap, kind: kind)
        state.bellOnAlerts = settings.bell
        state.spikeThreshold = settings.spikeThreshold
        if !screen.unicode {
            state.flash = Flash(
                text: "no UTF-8 locale: showing ASCII only (set LANG to a UTF-8 locale)", isError: true,
                until: store.now().addingTimeInterval(10))
        }
        let renderer = ConsoleRenderer(glyphs: screen.unicode ? .unicode : .ascii)
        for effect in ConsoleUpdate.start(state) { execute(effect, screen: screen, state: &state) }
        let queue = jobs.stream
        tasks.append(
            Task {
                for await job in queue { await job() }
            })
        let changes = store.changes(pollInterval: .milliseconds(250))
        tasks.append(
            Task { [weak self] in
                for await _ in changes { self?.post(.storeChanged) }
            })
        defer {
            jobs.continuation.finish()
            for task in tasks { task.cancel() }
            // Others stop seeing this console in its conversation; waited for briefly, never held up by an outage.
            let runtime = runtime
            let left = DispatchSemaphore(value: 0)
            Task {
                await runtime.leave()
                left.signal()
            }
            _ = left.wait(timeout: .now() + 1)
        }

        var lastSecond = Int(store.now().timeIntervalSince1970)
        var dirty = true
        while running {
            if dirty {
                screen.paint(renderer.render(state))
                dirty = false
            }
            var descriptors = [
                pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
                pollfd(fd: wake.read, events: Int16(POLLIN), revents: 0),
            ]
            let now = store.now()
            let untilNextSecond = Int32(max(1, min(1000, 1000 - Int(now.timeIntervalSince1970 * 1000) % 1000)))
            let ready = poll(&descriptors, 2, untilNextSecond)
            if ready < 0 && errno != EINTR { break }

            // Keys first (and resizes, which arrive as a key after SIGWINCH interrupts poll).
            if descriptors[0].revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 {
                dispatch(.interrupted, screen: screen, state: &state)
                break
            }
            var readSomething = false
            while let input = screen.read() {
                readSomething = true
                switch input {
                case .key(let key):
                    if key == .control("l") { screen.invalidate() }
                    dispatch(.keyPressed(key), screen: screen, state: &state)
                case .resized(let width, let height):
                    dispatch(.resized(width: width, height: height), screen: screen, state: &state)
                case .closed:
                    dispatch(.interrupted, screen: screen, state: &state)
                case .ignored:
                    continue
                }
                dirty = true
                if !running { break }
            }
            // Readable, yet nothing to read: the terminal is gone. (A key read and ignored is no sign of that.)
            if descriptors[0].revents & Int16(POLLIN) != 0 && ready > 0 && !readSomething && isStdinClosed() {
                dispatch(.interrupted, screen: screen, state: &state)
                break
            }
            // Then results and changes from elsewhere.
            if descriptors[1].revents & Int16(POLLIN) != 0 {
                var buffer = [UInt8](repeating: 0, count: 64)
                while read(wake.read, &buffer, buffer.count) > 0 {}
            }
            if HangUp.happened {
                dispatch(.interrupted, screen: screen, state: &state)
                break
            }
            let actions = mailbox.withLock { pending -> [ConsoleAction] in
                defer { pending.removeAll() }
                return pending
            }
            for action in actions {
                dispatch(action, screen: screen, state: &state)
                dirty = true
            }
            let second = Int(store.now().timeIntervalSince1970)
            if second != lastSecond {
                lastSecond = second
                let before = (ConsoleRenderer.clockSignature(state), state.flash)
                dispatch(.clockTicked(store.now()), screen: screen, state: &state)
                // An idle screen is redrawn only when the time shown on it changes.
                if before != (ConsoleRenderer.clockSignature(state), state.flash) { dirty = true }
            }
        }
    }

    /// True when standard input reports readable but has nothing: the other end is gone.
    private func isStdinClosed() -> Bool {
        var available: Int32 = 0
        return ioctl(STDIN_FILENO, UInt(FIONREAD), &available) == 0 && available == 0
    }

    private func dispatch(_ action: ConsoleAction, screen: TerminalScreen, state: inout ConsoleState) {
        for effect in ConsoleUpdate.update(&state, action) {
            execute(effect, screen: screen, state: &state)
        }
    }

    /// Runs the terminal's own effects here, and hands every other one to the runtime.
    private func execute(_ effect: ConsoleEffect, screen: TerminalScreen, state: inout ConsoleState) {
        switch effect {
        case .openEditor(let id, let text):
            let edited = screen.suspend { Editor.edit(text) }
            dispatch(.editorClosed(id, text: edited), screen: screen, state: &state)
        case .quit:
            running = false
        case .bell:
            screen.bell()
        default:
            // Drafts are kept before the session ends, not queued behind store work that may never finish.
            if let actions = runtime.runAtOnce(effect) {
                for action in actions { dispatch(action, screen: screen, state: &state) }
                return
            }
            let runtime = runtime
            background { post in
                for action in await runtime.run(effect) { post(action) }
            }
        }
    }

    /// Queues store work. It runs one job at a time in the order asked, so results come back in order: a thread
    /// read after a write sees the write, and an older read never lands after a newer one.
    private func background(_ work: @escaping @Sendable (@Sendable (ConsoleAction) -> Void) async -> Void) {
        let post: @Sendable (ConsoleAction) -> Void = { [weak self] action in self?.post(action) }
        jobs.continuation.yield { await work(post) }
    }
}

/// Notices SIGHUP (the SSH connection dropped) and wakes the loop, so the draft is saved before exiting.
enum HangUp {
    nonisolated(unsafe) private static var wakeFD: Int32 = -1
    private static let flag = Atomic<Bool>(false)

    static var happened: Bool { flag.load(ordering: .relaxed) }

    static func install(wakeFD fd: Int32) {
        wakeFD = fd
        // A parent may hand down a mask that blocks hang-ups and resizes; the console needs both.
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        for signal in [SIGHUP, SIGTERM, SIGWINCH, SIGCONT, SIGTSTP] { sigaddset(&unblocked, signal) }
        pthread_sigmask(SIG_UNBLOCK, &unblocked, nil)
        signal(SIGHUP) { _ in
            HangUp.flag.store(true, ordering: .relaxed)
            var byte: UInt8 = 1
            _ = write(HangUp.wakeFD, &byte, 1)
        }
        signal(SIGTERM) { _ in
            HangUp.flag.store(true, ordering: .relaxed)
            var byte: UInt8 = 1
            _ = write(HangUp.wakeFD, &byte, 1)
        }
    }
}

/// Edits text in `$VISUAL` or `$EDITOR` (else `vi`) through a private temporary file.
///
/// The editor runs in the console's own process group, the terminal's foreground one, as `system(3)` runs a
/// command: an interactive editor reads the terminal (started in a group of its own, as `Process` starts programs,
/// it could not, and vi gave up with "Error reading input"). Meanwhile the console ignores the interrupt and quit
/// keys the editor may pass on, and afterwards it drops whatever the terminal still sends (its answers to the
/// editor's questions, such as a cursor position `…;1R`), so none of it is read as keys.
enum Editor {
    static func edit(_ text: String) -> String? {
        let environment = ProcessInfo.processInfo.environment
        let editor = [environment["VISUAL"], environment["EDITOR"]].compactMap { $0 }.first { !$0.isEmpty } ?? "vi"
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "tanggap-draft-\(UUID().uuidString).txt"
        ).path
        // Ends with a newline, as a text file does: a line an editor or a script appends starts a line of its own.
        let contents = text.isEmpty || text.hasSuffix("\n") ? text : text + "\n"
        guard
            FileManager.default.createFile(
                atPath: path, contents: Data(contents.utf8), attributes: [.posixPermissions: 0o600])
        else {
            return nil
        }
        defer { try? FileManager.default.removeItem(atPath: path) }
        guard run(["/bin/sh", "-c", "\(editor) \"$1\"", "editor", path]) == 0 else { return nil }
        return try? String(contentsOfFile: path, encoding: .utf8)
    }

    /// Runs `arguments` in this process's group with the terminal as it is, and returns its exit status (-1 when it
    /// could not start or was killed).
    private static func run(_ arguments: [String]) -> Int32 {
        var ignore = sigaction()
        ignore.__sigaction_handler.sa_handler = SIG_IGN
        var savedInterrupt = sigaction()
        var savedQuit = sigaction()
        sigaction(SIGINT, &ignore, &savedInterrupt)
        sigaction(SIGQUIT, &ignore, &savedQuit)
        defer {
            sigaction(SIGINT, &savedInterrupt, nil)
            sigaction(SIGQUIT, &savedQuit, nil)
            // The terminal's late answers to the editor's questions arrive just after it exits.
            usleep(50_000)
            tcflush(STDIN_FILENO, TCIFLUSH)
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGQUIT, SIGHUP, SIGTERM, SIGWINCH, SIGTSTP, SIGCONT, SIGPIPE] {
            sigaddset(&defaults, signal)
        }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        let argv = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var child: pid_t = 0
        guard posix_spawn(&child, arguments[0], nil, &attributes, argv, environ) == 0 else { return -1 }
        var status: Int32 = 0
        while waitpid(child, &status, 0) < 0 {
            guard errno == EINTR else { return -1 }
        }
        // WIFEXITED / WEXITSTATUS.
        return status & 0x7F == 0 ? (status >> 8) & 0xFF : -1
    }
}
