import AgentConsole
import ArgumentParser
import ConversationStore
import Foundation
import Stores
import TanggapThemes

/// Options the consoles share.
struct ConsoleOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Colour theme (see tanggap themes list).", valueName: "name"))
    var theme: String?

    @Flag(name: .customLong("no-color"), help: "No colours (like NO_COLOR): bold, reverse and underline only.")
    var noColor = false
}

struct OpenConsoleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console",
        abstract: "Open the agent console on the live queue (the default command).")

    @OptionGroup var options: StoreOptions
    @OptionGroup var console: ConsoleOptions

    func run() async throws {
        try await runReportingErrors {
            let (store, agent) = try await options.open()
            try await ConsoleLauncher.run(store: store, agent: agent, console: console)
        }
    }
}

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Build a demo store and open the console with a live stream of new messages.",
        discussion: """
            The demo store (several hundred conversations of a mobile operator, a bank and an online shop, a knowledge
            base and reply templates) is built anew in DIR/store.sqlite, by default
            $XDG_DATA_HOME/tanggap/demo. A new customer message arrives every few seconds while the console is open.
            """)

    @Option(help: ArgumentHelp("Where to build the demo store.", valueName: "dir"))
    var dir: String?

    @Option(help: "Conversations to generate (50–5000).")
    var conversations: Int = 320

    @Flag(help: "Build the store and exit without opening the console.")
    var noConsole = false

    @Option(name: .long, help: ArgumentHelp("Act as this agent (default: your login name).", valueName: "name"))
    var agent: String?

    @OptionGroup var console: ConsoleOptions

    func validate() throws {
        guard (50...5000).contains(conversations) else {
            throw ValidationError("--conversations must be between 50 and 5000")
        }
    }

    func run() async throws {
        try await runReportingErrors {
            let environment = ProcessInfo.processInfo.environment
            let folder =
                dir
                ?? ((environment["XDG_DATA_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil }
                    ?? (NSHomeDirectory() + "/.local/share")) + "/tanggap/demo")
            let path = folder + "/store.sqlite"
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            let shared = try await Store.open(.sqlite(path: path))
            let login = StoreOptions.loginName()
            let agentName = try StoreOptions.validAgentName(agent ?? login)
            var demo = DemoData(conversations: conversations, now: Date())
            let team = DemoTeam(store: shared, folder: folder + "/journals")
            try await DemoLoader.load(&demo, into: shared, team: team)
            // You lead the demo team, so `tanggap review --store` works on it too; named otherwise, your login is
            // mapped to that name (the demo's store is yours), so every command acts as them there.
            let store: Store
            if agentName == login {
                store = try await StoreOptions.journaled(shared, acting: true, agent: login, permitted: [login])
                try await store.record(.setRole(agent: login, role: .supervisor), on: nil, by: login)
            } else {
                guard AgentIdentity.isValidLogin(login) else {
                    throw ValidationError("your login '\(login)' cannot be mapped to \(agentName) in the demo store")
                }
                let founding = try await StoreOptions.journaled(
                    shared, acting: true, agent: login, permitted: [login])
                try await founding.record(.setRole(agent: login, role: .supervisor), on: nil, by: login)
                try await founding.record(.mapLogin(login: login, agents: [agentName]), on: nil, by: login)
                try await founding.record(.setRole(agent: agentName, role: .supervisor), on: nil, by: login)
                store = try await StoreOptions.journaled(
                    shared, acting: true, agent: agentName, permitted: [agentName])
            }
            let count = try await store.conversationCount()
            FileHandle.standardError.write(Data("demo store with \(count) conversations at \(path)\n".utf8))
            if noConsole { return }
            let stream = Task {
                await DemoLoader.stream(
                    demo, into: shared, team: team, colleagues: demo.agents.filter { $0 != agentName })
            }
            defer { stream.cancel() }
            try await ConsoleLauncher.run(store: store, agent: agentName, console: console)
        }
    }
}

struct ThemesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "themes",
        abstract: "List the colour themes, or preview one.",
        discussion: "Own themes go in $XDG_CONFIG_HOME/tanggap/themes/NAME.toml; the bundled ones show the format.")

    @Argument(help: "list, or preview NAME.")
    var words: [String] = ["list"]

    func run() async throws {
        let folder = ConfigPaths.configFolder(ProcessInfo.processInfo.environment)
        switch words.first {
        case "list", nil:
            for name in ThemeCatalog.names(configFolder: folder) { print(name) }
        case "preview":
            guard words.count == 2 else { throw ValidationError("name the theme: tanggap themes preview NAME") }
            do {
                let theme = try ThemeCatalog.load(words[1], configFolder: folder)
                print(
                    ThemePreview.render(
                        theme,
                        colour: isatty(STDOUT_FILENO) == 1
                            && (ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty))
            } catch let error as ConfigError {
                FileHandle.standardError.write(Data("tanggap: \(error.message)\n".utf8))
                throw ExitCode(1)
            }
        default:
            throw ValidationError("use tanggap themes list or tanggap themes preview NAME")
        }
    }
}

/// Starts the console on its own thread and waits for it, reporting configuration problems as one clear line.
enum ConsoleLauncher {
    static func run(store: Store, agent: String, console: ConsoleOptions, review: ReviewFilter? = nil) async throws {
        var settings: ConsoleSettings
        do {
            settings = try ConsoleSettings.load(agent: agent, themeName: console.theme, noColour: console.noColor)
            settings.review = review
        } catch let error as ConfigError {
            FileHandle.standardError.write(Data("tanggap: \(error.message)\n".utf8))
            throw ExitCode(1)
        }
        let session = try ConsoleSession(store: store, settings: settings)
        let failure: String? = await withCheckedContinuation { continuation in
            let thread = Thread {
                do {
                    try session.run()
                    continuation.resume(returning: nil)
                } catch let error as ConfigError {
                    continuation.resume(returning: error.message)
                } catch {
                    continuation.resume(returning: "\(error)")
                }
            }
            thread.name = "tanggap-terminal"
            thread.stackSize = 8 << 20
            thread.start()
        }
        if let failure {
            FileHandle.standardError.write(Data("tanggap: \(failure)\n".utf8))
            throw ExitCode(1)
        }
    }
}

/// Loads a demo into a store, and keeps a live stream going.
/// The demo's colleagues, each acting through a journal of their own (as on their own machines), so their actions
/// reach the store's mirror and the review.
actor DemoTeam {
    let store: Store
    let folder: String
    private var members: [String: Store] = [:]

    init(store: Store, folder: String) {
        self.store = store
        self.folder = folder
    }

    func perform(_ action: AgentAction, on conversation: ConversationID, by agent: String) async {
        do {
            if members[agent] == nil {
                for suffix in ["", ".applied", ".torn"] {
                    try? FileManager.default.removeItem(atPath: "\(folder)/\(agent).jsonl\(suffix)")
                }
                members[agent] = store.journaled(by: try Journal(path: "\(folder)/\(agent).jsonl"))
            }
            _ = try await members[agent]?.perform(action, on: conversation, by: agent)
        } catch {
            // A colleague losing a race for a claim is part of the demo.
        }
    }
}

enum DemoLoader {
    static func load(_ demo: inout DemoData, into store: Store, team: DemoTeam) async throws {
        try await store.ingest(demo.messages)
        try await store.saveArticles(demo.articles)
        try await store.saveTemplates(demo.templates)
        var index = 0
        for (roots, status) in [(demo.resolved, ConversationStatus.resolved), (demo.pending, .pending)] {
            for root in roots {
                guard let conversation = try await conversation(holding: root, store: store) else { continue }
                let agent = demo.agents[index % demo.agents.count]
                index += 1
                await team.perform(.setStatus(status), on: conversation, by: agent)
            }
        }
        // Colleagues are at work: a few conversations are claimed by others.
        let waiting = try await store.page(.needsReply, agent: "demo", limit: 12).conversations
        for (offset, conversation) in waiting.enumerated() where offset % 4 == 1 {
            await team.perform(
                .claim(leaseSeconds: 1800), on: conversation.id, by: demo.agents[offset % demo.agents.count])
        }
    }

    static func conversation(holding root: String, store: Store) async throws -> ConversationID? {
        try await store.conversation(containing: root)
    }

    /// A new customer message every few seconds, and now and then a colleague claiming or answering one.
    static func stream(_ demo: DemoData, into store: Store, team: DemoTeam, colleagues: [String]) async {
        var demo = demo
        var serial = 0
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(3 + Double(serial % 4)))
            if Task.isCancelled { return }
            serial += 1
            let message = demo.liveMessage(at: Date(), serial: serial)
            _ = try? await store.ingest([message])
            if serial % 5 == 0, let colleague = colleagues.first,
                let target = try? await store.page(.unassigned, agent: colleague, limit: 3).conversations.last
            {
                await team.perform(.claim(leaseSeconds: 900), on: target.id, by: colleagues[serial % colleagues.count])
            }
        }
    }
}
