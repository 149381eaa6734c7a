import Foundation
import Testing

/// The real binary in a real terminal: tmux runs it, keys go in with send-keys, the screen comes back with
/// capture-pane.
struct Tmux {
    static var available: Bool {
        FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux")
            || FileManager.default.isExecutableFile(atPath: "/usr/local/bin/tmux")
    }

    let session = "tanggap-\(UUID().uuidString.prefix(8))"
    let socket: String

    init(command: String, width: Int, height: Int, folder: URL) throws {
        socket = folder.appendingPathComponent("tmux.sock").path
        try tmux(["new-session", "-d", "-s", session, "-x", "\(width)", "-y", "\(height)", command])
    }

    /// Runs one tmux command and waits for it. Spawned directly and reaped with waitpid: the server that
    /// new-session starts outlives the client, and Foundation's Process waits for every descriptor it holds.
    @discardableResult
    func tmux(_ arguments: [String]) throws -> String {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("tmux-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        let argv = ["tmux", "-S", socket, "-f", "/dev/null"] + arguments
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        // The test runner's threads block most signals; tmux and the console must start with none blocked, as they
        // would from a shell.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
        var pid: pid_t = 0
        let cStrings = argv.map { strdup($0) } + [nil]
        defer { for pointer in cStrings { free(pointer) } }
        let result = posix_spawnp(&pid, "tmux", &actions, &attributes, cStrings, environ)
        guard result == 0 else { throw CocoaError(.fileNoSuchFile) }
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        return (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
    }

    func keys(_ keys: String...) throws { try tmux(["send-keys", "-t", session] + keys) }

    func type(_ text: String) throws { try tmux(["send-keys", "-t", session, "-l", text]) }

    func screen() throws -> String { try tmux(["capture-pane", "-t", session, "-p"]) }

    func resize(_ width: Int, _ height: Int) throws {
        try tmux(["resize-window", "-t", session, "-x", "\(width)", "-y", "\(height)"])
    }

    /// Waits up to `seconds` for the screen to show `text`; returns the screen either way. The default is generous:
    /// the whole suite shares two cores, and a wait that is met returns at once.
    @discardableResult
    func waitFor(_ text: String, seconds: Double = 30) throws -> String {
        try waitUntil(seconds: seconds) { $0.contains(text) }
    }

    /// Waits up to `seconds` for the screen to satisfy `condition`; returns the screen either way.
    @discardableResult
    func waitUntil(seconds: Double = 30, _ condition: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if condition(last) { return last }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return last
    }

    func kill() { _ = try? tmux(["kill-server"]) }
}

/// Messages written to be hostile to a terminal: escape sequences, a bidi override, CJK and emoji.
let hostileLog =
    [
        #"{"channel":"twitter","id":"h1","direction":"inbound","author":{"id":"hx","handle":"hostile_user","name":"H\u001b[2JX"},"text":"@TelkomCare \u001b[31mMERAH\u001b[0m sinyal \u202Egnp.exe 日本語 テスト 😡👍🏽 🇮🇩 zwj\u200Dhere done","created_at":"2026-11-22T09:00:00Z","account":"TelkomCare"}"#
    ].joined(separator: "\n") + "\n"

@Suite(.serialized, .enabled(if: Tmux.available, "tmux is not installed; skipping the console runs"))
struct ConsoleEndToEndTests {
    func demoStore() throws -> CLI {
        let cli = try CLI()
        let built = try CLI.execute([
            "demo", "--dir", cli.folder.path, "--no-console", "--agent", "ani", "--conversations", "120",
        ])
        #expect(built.status == 0, "\(built.stderr)")
        let file = try cli.write("hostile.jsonl", hostileLog)
        #expect(try cli.run(["import", file]).status == 0)
        return cli
    }

    /// The console as agent ani in tmux on the test's store (or `store`), once its queue shows.
    func console(
        _ cli: CLI, width: Int, height: Int, extra: String = "", store: String? = nil, agent: String = "ani"
    ) throws -> Tmux {
        let home = cli.folder.appendingPathComponent(agent == "ani" ? "home" : "home-\(agent)").path
        let command =
            "env LANG=C.UTF-8 TERM=xterm-256color XDG_STATE_HOME=\(home)/state XDG_CONFIG_HOME=\(home)/config \(extra) "
            + "\(CLI.binary) --store \(try cli.location(of: store ?? cli.store, actingAs: agent)) --agent \(agent); "
            + "echo EXIT:$?; sleep 30"
        let tmux = try Tmux(command: command, width: width, height: height, folder: cli.folder)
        try tmux.waitFor("Queue · needs-reply")
        return tmux
    }

    /// The journal of the console's agent, as text.
    func journalText(_ cli: CLI) -> String {
        let journal = cli.folder.appendingPathComponent("home/state/tanggap/journal.jsonl").path
        return (try? String(contentsOfFile: journal, encoding: .utf8)) ?? ""
    }

    /// Opens the next conversation that needs a reply and starts a reply in it.
    func startReplyToNext(_ tmux: Tmux) throws {
        try tmux.keys("n")
        try tmux.waitFor("claimed by you")
        try tmux.keys("r")
        try tmux.waitFor("┌─ Reply ")
    }

    @Test func anAgentWorksTheQueueAtSeveralSizes() throws {
        let cli = try demoStore()
        let tmux = try console(cli, width: 120, height: 40)
        defer { tmux.kill() }

        var screen = try tmux.waitFor("Queue · needs-reply")
        for title in ["Queue", "Conversation", "Suggested replies", "Knowledge base", "Compose", "need reply"] {
            #expect(screen.contains(title), "no \(title) at 120×40:\n\(screen)")
        }

        // The hostile message: found with the filter, drawn harmlessly.
        try tmux.keys("/")
        try tmux.type("hostile_user")
        try tmux.keys("Enter")
        try tmux.waitUntil { $0.contains("/hostile_user") && $0.contains("@hostile_user @TelkomCare") }
        try tmux.keys("Enter")
        screen = try tmux.waitFor("claimed by you")
        #expect(screen.contains("claimed by you"), "\(screen)")
        #expect(screen.contains("^[[31mMERAH^[[0m"), "\(screen)")
        #expect(screen.contains("日本語 テスト"), "\(screen)")
        #expect(screen.contains("H^[[2JX"), "\(screen)")
        // A flag keeps both letters; a joiner outside an emoji never reaches the terminal.
        #expect(screen.contains("🇮🇩 zwjhere"), "\(screen)")
        for line in screen.split(separator: "\n") where line.hasPrefix("│") || line.hasPrefix("┌") {
            #expect(
                line.hasSuffix("│") || line.hasSuffix("┐") || line.hasSuffix("┘"),
                "a row lost its right border: \(line)")
        }

        // Back to the queue, clear the filter, take the next conversation that needs a reply and answer it with a
        // suggestion.
        try tmux.keys("Escape")
        try tmux.keys("Escape")
        try tmux.waitFor("Queue · needs-reply (")
        try tmux.keys("n")
        // Wait for the next conversation, not the hostile one still on screen.
        screen = try tmux.waitUntil { $0.contains("claimed by you") && !$0.contains("MERAH") }
        #expect(screen.contains("claimed by you"))
        try tmux.keys("r")
        try tmux.waitFor("┌─ Reply ")
        try tmux.type("Halo kak, kami bantu cek ya")
        try tmux.waitFor("Halo kak, kami bantu cek ya")
        try tmux.keys("Enter")
        screen = try tmux.waitUntil { $0.contains(" queued") && $0.contains("(ani)") }
        // The message names the conversation the reply went to.
        #expect(screen.range(of: #"reply to \d+ queued"#, options: .regularExpression) != nil, "\(screen)")
        #expect(screen.contains("(ani)"), "\(screen)")

        // Resize: the medium layout, then too small, then back.
        try tmux.resize(80, 24)
        screen = try tmux.waitFor("knowledge base (s)")
        #expect(screen.contains("Suggested replies │ knowledge base (s)"), "\(screen)")
        try tmux.resize(38, 10)
        screen = try tmux.waitFor("Terminal too small")
        #expect(screen.contains("Terminal too small"), "\(screen)")
        try tmux.resize(120, 40)
        try tmux.waitFor("Knowledge base")

        try tmux.keys("?")
        screen = try tmux.waitFor("Keys")
        #expect(screen.contains("take suggested reply 1–9 into the draft"), "\(screen)")
        try tmux.keys("Escape")

        try tmux.keys("q")
        screen = try tmux.waitFor("EXIT:")
        #expect(screen.contains("EXIT:0"), "\(screen)")

        // The reply is in the store, written by ani, waiting in the outbox.
        let mine = json(try cli.run(["queue", "--view", "mine", "--json"]).stdout) as? [[String: Any]] ?? []
        var replies: [[String: Any]] = []
        for row in mine {
            guard let id = row["id"] as? Int else { continue }
            let shown = json(try cli.run(["show", "\(id)", "--json"]).stdout) as? [String: Any]
            replies += (shown?["messages"] as? [[String: Any]] ?? []).filter { $0["agent"] as? String == "ani" }
        }
        #expect(replies.map { $0["text"] as? String } == ["Halo kak, kami bantu cek ya"])
        #expect(replies.first?["delivery"] as? String == "queued")
    }

    @Test func aDraftSurvivesAHangUp() throws {
        let cli = try demoStore()
        let tmux = try console(cli, width: 100, height: 30)
        try startReplyToNext(tmux)
        try tmux.type("draf yang belum dikirim")
        try tmux.waitFor("draf yang belum dikirim")
        tmux.kill()  // the terminal goes away: SIGHUP
        let drafts = cli.folder.appendingPathComponent("home/state/tanggap/drafts.json").path
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline, !((try? String(contentsOfFile: drafts, encoding: .utf8)) ?? "").contains("draf yang") {
            Thread.sleep(forTimeInterval: 0.1)
        }
        #expect(((try? String(contentsOfFile: drafts, encoding: .utf8)) ?? "").contains("draf yang belum dikirim"))

        let again = try console(cli, width: 100, height: 30)
        defer { again.kill() }
        try again.keys("n")
        try again.waitFor("claimed by you")
        try again.keys("r")
        let screen = try again.waitFor("draf yang belum dikirim")
        #expect(screen.contains("draf yang belum dikirim"), "\(screen)")
        try again.keys("Escape", "q")
        #expect(try again.waitFor("EXIT:").contains("EXIT:0"))
    }

    @Test func themesListAndNoColour() throws {
        let list = try CLI.execute(["themes", "list"])
        #expect(list.stdout.split(separator: "\n") == ["dark", "high-contrast", "light", "mono"])
        let preview = try CLI.execute(["themes", "preview", "high-contrast"])
        #expect(preview.stdout.hasPrefix("theme high-contrast"))
        let missing = try CLI.execute(["themes", "preview", "neon"])
        #expect(missing.status == 1)
        #expect(missing.stderr == "tanggap: no theme named 'neon'; themes are dark, high-contrast, light, mono\n")

        let cli = try demoStore()
        let tmux = try console(cli, width: 100, height: 30, extra: "NO_COLOR=1")
        defer { tmux.kill() }
        let coloured = try tmux.tmux(["capture-pane", "-t", tmux.session, "-p", "-e"])
        #expect(!coloured.contains("38;5;"), "NO_COLOR must not colour the screen")
        try tmux.keys("q")
        #expect(try tmux.waitFor("EXIT:").contains("EXIT:0"))
    }

    /// The dashboard in the agent console, against the team's own target from the config file; a bad target is a
    /// clear error before the terminal is touched.
    @Test func theDashboardDrawsTheNumbersAgainstTheConfiguredTarget() throws {
        let cli = try demoStore()
        let config = cli.folder.appendingPathComponent("home/config/tanggap")
        try FileManager.default.createDirectory(at: config, withIntermediateDirectories: true)
        try "[dashboard]\nresponse_rate_target = 80\n".write(
            to: config.appendingPathComponent("config.toml"), atomically: true, encoding: .utf8)
        let tmux = try console(cli, width: 120, height: 40)
        defer { tmux.kill() }
        try tmux.keys("D")
        let screen = try tmux.waitFor("Backlog by age")
        for text in [
            "Dashboard", "response rate", "target 80%", "first response  p50", "SLA (30m00s)", "weekday × hour",
        ] {
            #expect(screen.contains(text), "no \(text) on the dashboard:\n\(screen)")
        }
        try tmux.keys("Escape")
        // The dashboard is gone and the queue is back in its place, its box at the top left.
        let queue = try tmux.waitFor("Queue · needs-reply")
        #expect(!queue.contains("Dashboard"), "the dashboard is still on screen:\n\(queue)")
        #expect(queue.hasPrefix("┌─ Queue · needs-reply ("), "the queue is not back at the top left:\n\(queue)")
        try tmux.keys("q")
        #expect(try tmux.waitFor("EXIT:").contains("EXIT:0"))

        try "[dashboard]\nresponse_rate_target = 150\n".write(
            to: config.appendingPathComponent("config.toml"), atomically: true, encoding: .utf8)
        let refused = try CLI.execute(
            ["--store", try cli.location(actingAs: "ani"), "--agent", "ani"],
            environment: ["XDG_CONFIG_HOME": cli.folder.appendingPathComponent("home/config").path])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("response_rate_target must be a percentage"), "\(refused.stderr)")
    }

    /// Another process writes while the console is open: the new message and a colleague's claim show without a key
    /// press, and the agent's selection stays where it was.
    @Test func whatOthersWriteShowsWithinASecond() throws {
        let cli = try demoStore()
        let tmux = try console(cli, width: 120, height: 40)
        defer { tmux.kill() }
        try tmux.keys("j", "j")
        let newcomer =
            #"{"channel":"twitter","id":"live-1","direction":"inbound","author":{"id":"lv","handle":"live_customer"},"text":"@TelkomCare halo, ada yang bisa bantu?","created_at":"2026-11-22T09:59:00Z","account":"TelkomCare"}"#
        let file = try cli.write("live.jsonl", newcomer + "\n")
        #expect(try cli.run(["import", file]).status == 0)
        var screen = try tmux.waitFor("@live_customer", seconds: 5)
        #expect(screen.contains("@live_customer"), "\(screen)")

        let rows = json(try cli.run(["queue", "--json", "--limit", "5"]).stdout) as? [[String: Any]] ?? []
        let target = try #require(rows.last?["id"] as? Int)
        #expect(try cli.run(["claim", "\(target)"], agent: "citra").status == 0)
        screen = try tmux.waitFor("⚑ citra", seconds: 5)
        #expect(screen.contains("⚑ citra"), "\(screen)")
        try tmux.keys("q")
        #expect(try tmux.waitFor("EXIT:").contains("EXIT:0"))
    }

    /// Keys the console does not use (ctrl-, shift- and alt- with arrows and Home, ctrl-space) are read and
    /// ignored: the console stays open, in the queue and in a half-written reply, and the draft is as typed.
    @Test func keysTheConsoleDoesNotUseLeaveItOpen() throws {
        let cli = try demoStore()
        let tmux = try console(cli, width: 120, height: 40)
        defer { tmux.kill() }
        let unused = ["C-Left", "C-Right", "C-Home", "S-Up", "S-Down", "C-Up", "M-Left", "C-Space"]
        for key in unused { try tmux.keys(key) }
        try startReplyToNext(tmux)
        try tmux.type("Halo kak")
        for key in unused { try tmux.keys(key) }
        try tmux.type(", kami cek")
        let screen = try tmux.waitFor("Halo kak, kami cek")
        #expect(!screen.contains("EXIT:"), "\(screen)")
        try tmux.keys("Escape")
        try tmux.waitFor("Queue · needs-reply")
        try tmux.keys("q")
        #expect(try tmux.waitFor("EXIT:").contains("EXIT:0"))
    }

    /// Two agents in one conversation, each in a console of their own: each sees the other reading, then typing; the
    /// template browser and the customer's history work in the real terminal.
    @Test func twoAgentsSeeEachOtherInAConversation() throws {
        let cli = try demoStore()
        let ani = try console(cli, width: 120, height: 40)
        defer { ani.kill() }
        let budi = try console(cli, width: 80, height: 24, agent: "budi")
        try ani.keys("Enter")
        try ani.waitFor("claimed by you")
        // Budi opens the same conversation (the first row still): read only, and ani shows as reading it.
        try budi.keys("Enter")
        var screen = try budi.waitFor("ani is reading", seconds: 10)
        #expect(screen.contains("ani is reading"), "\(screen)")
        screen = try ani.waitFor("budi is reading", seconds: 10)
        try ani.keys("r")
        try ani.type("Halo kak")
        screen = try budi.waitFor("ani is typing…", seconds: 10)
        #expect(screen.contains("ani is typing…"), "\(screen)")
        try ani.keys("Escape")
        // The customer's history beside the thread, and the template browser over it.
        try ani.keys("H")
        screen = try ani.waitFor("Customer · ", seconds: 5)
        #expect(screen.contains("customer:") && screen.contains("Conversations"), "\(screen)")
        try ani.keys("H", "T")
        screen = try ani.waitFor(" of ", seconds: 5)
        #expect(screen.contains("Templates"), "\(screen)")
        // Closed, the browser goes back to the draft (kept); esc leaves it.
        try ani.keys("Escape")
        try ani.waitFor("┌─ Reply ")
        try ani.keys("Escape", "q")
        #expect(try ani.waitFor("EXIT:").contains("EXIT:0"))
        // Ani's console closed: budi no longer sees ani there.
        screen = try budi.waitUntil(seconds: 10) { !$0.contains("ani is reading") && !$0.contains("ani is typing") }
        #expect(!screen.contains("ani is"), "\(screen)")
        try budi.keys("q")
    }

    @Test func aSuggestionWithAFieldToFillIsTakenAndSent() throws {
        let cli = try demoStore()
        let tmux = try console(cli, width: 120, height: 40)
        defer { tmux.kill() }
        // A refund question matches the refund template, which asks for the order number.
        let question =
            #"{"channel":"instagram","id":"ig-refund-1","direction":"inbound","author":{"id":"rf","handle":"refund_rita"},"text":"kak barangnya rusak, refund kapan ya?","created_at":"2026-11-22T09:58:00Z","account":"tokosegar.id"}"#
        let file = try cli.write("refund.jsonl", question + "\n")
        #expect(try cli.run(["import", file]).status == 0)
        try tmux.keys("/")
        try tmux.type("refund_rita")
        try tmux.keys("Enter")
        try tmux.waitUntil { $0.contains("/refund_rita") && $0.contains("@refund_rita kak") }
        try tmux.keys("Enter")
        var screen = try tmux.waitFor("Refund diproses")
        #expect(screen.contains("[template]"), "\(screen)")
        // Suggestion 1 is the refund template: it asks for the order number before it can be sent.
        try tmux.keys("1")
        screen = try tmux.waitFor("fill in Nomor pesanan")
        #expect(screen.contains("fill in Nomor pesanan"), "\(screen)")
        try tmux.type("INV/2026/11/0099")
        try tmux.keys("Enter")
        try tmux.waitFor("INV/2026/11/0099")
        try tmux.keys("Enter")
        // Sent, and the template's follow-ups ran: waiting on the customer, tagged refund.
        // The follow-ups are actions of their own, applied one after the other: wait for the last.
        screen = try tmux.waitUntil {
            $0.contains("· queued") && $0.contains("#refund") && $0.contains("pending · priority normal")
        }
        #expect(screen.contains("pesanan INV/2026/11/0099"), "\(screen)")
        #expect(screen.contains("pending · priority normal"), "\(screen)")
        #expect(screen.contains("#refund"), "\(screen)")
        try tmux.keys("q")
        #expect(try tmux.waitFor("EXIT:").contains("EXIT:0"))
        // Everything the agent did is in their journal, in order, and the chain is intact.
        let journal = cli.folder.appendingPathComponent("home/state/tanggap/journal.jsonl").path
        let shown = try CLI.execute(["journal", "show", "--json", journal])
        let actions = shown.stdout.split(separator: "\n").compactMap {
            (json(String($0)) as? [String: Any])?["action"] as? String
        }
        var expected = [
            "claim", "suggestions-shown", "suggestion-taken", "suggestion-edited", "reply", "tag", "status",
        ][...]
        for action in actions where action == expected.first { expected.removeFirst() }
        #expect(expected.isEmpty, "journal actions \(actions) miss \(Array(expected))")
        #expect(try CLI.execute(["journal", "verify", journal]).status == 0)
    }

    @Test func theDraftCanBeEditedInTheAgentsEditor() throws {
        let cli = try demoStore()
        let tmux = try console(cli, width: 120, height: 40, extra: "VISUAL='sed -i s/^/diedit:/'")
        defer { tmux.kill() }
        try startReplyToNext(tmux)
        try tmux.type("halo kak")
        try tmux.waitFor("halo kak")
        try tmux.keys("C-o")
        let screen = try tmux.waitFor("diedit:halo kak")
        #expect(screen.contains("diedit:halo kak"), "\(screen)")
        try tmux.keys("Escape", "q")
        #expect(try tmux.waitFor("EXIT:").contains("EXIT:0"))
    }

    /// An interactive editor gets the terminal: vi reads what is typed into it, and what it saves is the draft,
    /// whole; nothing the terminal answers vi (a cursor position, `…;1R`) is read as the console's keys (its digit
    /// took a suggestion, journaled as taken).
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/vi"), "vi is not installed"))
    func anInteractiveEditorReadsTheTerminalAndItsTextIsTheDraft() throws {
        let cli = try demoStore()
        let tmux = try console(cli, width: 120, height: 40, extra: "VISUAL=/usr/bin/vi")
        defer { tmux.kill() }
        try startReplyToNext(tmux)
        try tmux.type("Halo kak")
        try tmux.waitFor("Halo kak")
        try tmux.keys("C-o")
        try tmux.waitUntil { !$0.contains("┌─ Reply ") && $0.contains("Halo kak") }
        try tmux.type("A, kami cek dulu ya")
        try tmux.keys("Escape")
        try tmux.type("oBaris kedua")
        try tmux.keys("Escape")
        try tmux.type(":wq")
        try tmux.keys("Enter")
        let screen = try tmux.waitUntil { $0.contains("┌─ Reply ") && $0.contains("Baris kedua") }
        #expect(screen.contains("Halo kak, kami cek dulu ya"), "\(screen)")
        #expect(!screen.contains(";1R") && !screen.contains("[3;"), "\(screen)")
        try tmux.keys("Escape", "q")
        #expect(try tmux.waitFor("EXIT:").contains("EXIT:0"))
        #expect(!journalText(cli).contains("\"suggestion-taken\""), "a suggestion nobody chose was journaled")
    }

    /// A script editor that appends a line starts it on a line of its own (the file ends with a newline); one that
    /// fails leaves the draft as it was, and says so.
    @Test func aScriptEditorsLineIsALineAndAFailingEditorLeavesTheDraft() throws {
        let cli = try demoStore()
        let script = try cli.write("append.sh", "#!/bin/sh\necho 'Salam, Tim Care' >> \"$1\"\n")
        chmod(script, 0o755)
        let tmux = try console(cli, width: 120, height: 40, extra: "VISUAL=\(script)")
        defer { tmux.kill() }
        try startReplyToNext(tmux)
        try tmux.type("Halo kak")
        try tmux.keys("C-o")
        let appended = try tmux.waitFor("Salam, Tim Care")
        #expect(!appended.contains("Halo kakSalam"), "\(appended)")
        try tmux.keys("Escape", "q")
        _ = try tmux.waitFor("EXIT:")
        let failing = try console(cli, width: 120, height: 40, extra: "VISUAL=false")
        defer { failing.kill() }
        try startReplyToNext(failing)
        try failing.type("Halo juga")
        try failing.keys("C-o")
        let kept = try failing.waitFor("the editor ended without saving")
        #expect(kept.contains("Halo juga"), "\(kept)")
    }

    /// Home and End as tmux sends them (`\e[1~`, `\e[4~`, which the terminal's description here does not name) move
    /// the cursor in the draft; their digits are not read as keys (a 1 took suggestion 1 in place of the draft).
    @Test func homeAndEndMoveTheCursorAndTakeNoSuggestion() throws {
        let cli = try demoStore()
        let tmux = try console(cli, width: 120, height: 40)
        defer { tmux.kill() }
        try startReplyToNext(tmux)
        try tmux.type("Halo kak")
        try tmux.waitFor("Halo kak")
        try tmux.keys("Home")
        try tmux.type("X")
        try tmux.keys("End")
        try tmux.type("Y")
        let screen = try tmux.waitFor("XHalo kakY")
        #expect(screen.contains("XHalo kakY"), "\(screen)")
        try tmux.keys("Escape", "q")
        _ = try tmux.waitFor("EXIT:")
        #expect(!journalText(cli).contains("\"suggestion-taken\""), "a suggestion nobody chose was journaled")
    }

    @Test func theConsoleRefusesToRunWithoutATerminal() throws {
        let cli = try CLI()
        let result = try cli.run([])
        #expect(result.status == 1)
        #expect(result.stderr.contains("the console needs a terminal"))
    }
}

/// What a key press costs on the wire, measured through a pseudo-terminal at 120×40.
@Suite(
    .enabled(
        if: FileManager.default.isExecutableFile(atPath: "/usr/bin/python3"),
        "python3 is not installed; skipping the pty measurement"))
struct BytesPerKeystrokeTests {
    @Test func movingTheSelectionSendsALineOrTwoNotARepaint() throws {
        let cli = try CLI()
        let built = try CLI.execute([
            "demo", "--dir", cli.folder.path, "--no-console", "--agent", "ani", "--conversations", "120",
        ])
        #expect(built.status == 0)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "Support/pty_bytes.py"
        ).path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [
            script, "120", "40", "jjjjjjjjkkkk", "env", "XDG_STATE_HOME=\(cli.folder.path)/state", CLI.binary,
            "--store", cli.store,
            "--agent", "ani",
        ]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try launching.withLock { try process.run() }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let result = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let first = try #require(result["first_frame_bytes"] as? Int)
        let perKey = try #require(result["per_key"] as? [Int]).sorted()
        let median = perKey[perKey.count / 2]
        // The first frame paints the whole screen; a selection move repaints two queue rows.
        #expect(first > 3_000)
        #expect(median > 0 && median <= 600, "a selection move sent \(median) bytes (first frame \(first))")
    }
}
