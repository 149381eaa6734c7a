import AgentConsole
import ArgumentParser
import ConversationStore
import Foundation
import Logging
import Stores
import TanggapThemes
import Terminal

@main
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tanggap-bench",
        abstract: "Measures tanggap on a generated workload: ingest, first frame, queue steps, thread opening, search, "
            + "suggestions, memory and terminal bytes, with the sqlite3 command-line tool as the floor.",
        discussion: """
            The workload is deterministic: the same scale gives the same store on every machine. Figures are p50 and
            p99 over repeated runs; build with -c release for figures worth comparing.
            """)

    enum Scale: String, ExpressibleByArgument, CaseIterable {
        case small = "10k"
        case medium = "100k"
        case large = "1m"
        var conversations: Int {
            switch self {
            case .small: 10_000
            case .medium: 100_000
            case .large: 1_000_000
            }
        }
    }

    @Option(help: "10k, 100k or 1m conversations (about five messages each).")
    var scale: Scale = .small

    @Option(
        help: ArgumentHelp(
            "Where the workload and the store go (default: a folder in the temporary directory).", valueName: "dir"))
    var dir: String?

    @Option(
        help: ArgumentHelp(
            "The tanggap binary for the terminal runs (default: the one beside this program).", valueName: "path"))
    var tanggap: String?

    @Option(help: "Knowledge-base articles (default: 20,000 at 1m, proportionally fewer below).")
    var articles: Int?

    @Flag(help: "Print one JSON line instead of the table.")
    var json = false

    @Flag(help: "Reuse the store in --dir built by an earlier run of the same scale (skips generation and ingest).")
    var reuse = false

    @Flag(help: "Measure the ingest and its stages only, then stop (for work on the importer).")
    var ingestOnly = false

    @Flag(help: "Measure knowledge-base search and suggestions only, then stop (for work on the knowledge base).")
    var knowledgeOnly = false

    @Flag(help: "Measure rising topics and staffing only, then stop.")
    var analyticsOnly = false

    @Option(
        name: .customLong("store"),
        help: ArgumentHelp(
            "The store: a SQLite path or postgres://… (default: store.sqlite in --dir). A PostgreSQL database must be "
                + "empty unless --reuse.", valueName: "url"))
    var storeLocation: String?

    @Option(help: "Conversations in the workload instead of --scale's, for a small store that loads in seconds.")
    var conversations: Int?

    @Option(help: "Run a team of this many agents in process, with tanggap serve's intake and a console watching.")
    var team: Int?

    @Option(help: "With --team: messages a second posted to tanggap serve (0: none but the console's markers).")
    var intake: Double = 0

    @Option(help: "With --team: how long the team works, in seconds.")
    var seconds: Double = 60

    @Option(help: "With --team: an agent's mean pause between two actions, in milliseconds (0: flat out).")
    var thinkMs: Int = 500

    @Option(help: "With --team: the seed of the agents' and the intake's choices.")
    var seed: UInt64 = 1

    @Flag(help: "With --team: no console in a pseudo-terminal (no live-update figures).")
    var noConsole = false

    func validate() throws {
        if let team, !(1...2_000).contains(team) { throw ValidationError("--team takes 1 to 2000 agents") }
        if let conversations, conversations < 20 { throw ValidationError("--conversations must be at least 20") }
        guard seconds > 0, intake >= 0, thinkMs >= 0 else {
            throw ValidationError("--seconds must be above zero, and --intake and --think-ms zero or more")
        }
    }

    func run() async throws {
        let size = conversations ?? scale.conversations
        let label = conversations.map { "\($0)" } ?? scale.rawValue
        let folder = dir ?? (NSTemporaryDirectory() + "tanggap-bench-\(label)")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let binary = tanggap ?? Self.sibling("tanggap")
        var results = Results(scale: label)
        let workload = Workload(conversations: size, articles: articles)
        let location = try StoreLocation(parsing: storeLocation ?? folder + "/store.sqlite")
        let store = try await prepare(location, workload: workload, folder: folder, results: &results)
        results.conversations = try await store.conversationCount()
        if let team {
            guard FileManager.default.isExecutableFile(atPath: binary) else {
                throw BenchError("no tanggap binary at \(binary); build it, or pass --tanggap PATH")
            }
            let run = TeamRun(
                agents: team, seconds: seconds, intakeRate: intake, think: .milliseconds(thinkMs), seed: seed,
                workloadConversations: size, binary: binary, location: location, folder: folder,
                console: !noConsole)
            let figures = try await run.run(store: store)
            print(json ? figures.json.serialized() : figures.table)
            guard figures.exactlyOnce else {
                log("an exactly-once check failed: a write was lost or doubled")
                throw ExitCode(1)
            }
            return
        }
        if ingestOnly {
            print(json ? results.json.serialized() : results.table)
            return
        }

        log("rising topics and staffing…")
        results.analytics = try await Analytics.measure(
            store: store, location: location, workload: workload, folder: folder)
        if analyticsOnly {
            print(json ? results.json.serialized() : results.table)
            return
        }
        log("knowledge-base search and suggestions…")
        results.kbSearch = try await Self.measureSearch(store, queries: workload.queries(300))
        results.suggest = try await Self.measureSuggestions(store)
        if knowledgeOnly {
            print(json ? results.json.serialized() : results.table)
            return
        }
        log("queue steps and thread opening in process…")
        let inProcess = try await ConsoleMeasurement.run(store: store)
        results.queueStep = inProcess.queueStep
        results.openThread = inProcess.openThread
        log("the console through a pseudo-terminal…")
        let terminal = try TerminalRun.measure(
            binary: binary, store: IntakeStream.argument(location), folder: folder)
        results.firstFrame = terminal.firstFrame
        results.bytesPerMove = terminal.bytesPerMove
        results.maxRSS = terminal.maxRSS
        if case .sqlite(let storePath) = location {
            log("the floor: the same queries through sqlite3…")
            // The ingest's floor was measured beside the ingest; these are the console's.
            var floors = try Floor.measure(store: storePath, queries: workload.queries(20))
            floors.ingestRate = results.floors.ingestRate
            results.floors = floors
        }
        print(json ? results.json.serialized() : results.table)
    }

    /// The store with the workload in it: the one an earlier run left with --reuse, else generated and imported
    /// (with the ingest's figures, its stages and, on SQLite, its floor, unless a team is to run).
    func prepare(
        _ location: StoreLocation, workload: Workload, folder: String, results: inout Results
    ) async throws -> Store {
        let logger = Logger(label: "bench")
        var existing: Store?
        switch location {
        case .sqlite(let path):
            if reuse, FileManager.default.fileExists(atPath: path) {
                existing = try await Store.open(location, logger: logger)
            } else {
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            }
        case .postgres:
            let opened = try await Store.open(location, logger: logger)
            let count = try await opened.conversationCount()
            if reuse, count > 0 {
                existing = opened
            } else if count > 0 {
                throw BenchError(
                    "the database at \(location) already holds \(count) conversations: pass --reuse to work on them, "
                        + "or name an empty database")
            }
        }
        if let store = existing {
            log("reusing \(location)")
            if articles != nil {
                let generated = workload.knowledgeBase()
                let started = ContinuousClock.now
                try await store.saveArticles(generated)
                results.kbIndexSeconds = (ContinuousClock.now - started).seconds
            }
            results.articles = try await store.articleCount()
            return store
        }
        let messagesPath = folder + "/messages.jsonl"
        log("generating \(workload.conversations) conversations…")
        let lines = try workload.writeMessages(to: messagesPath)
        let store = try await Store.open(location, logger: logger)
        log("importing \(lines) messages into \(location)…")
        let clock = ContinuousClock()
        let started = clock.now
        let summary = try await Importer(store: store, batchSize: 5_000).importFile(messagesPath, format: .jsonl) {
            _ in
        }
        let seconds = (clock.now - started).seconds
        results.messages = summary.imported
        results.ingestSeconds = seconds
        results.ingestRate = Double(summary.imported) / seconds
        log(String(format: "ingest: %d messages in %.1f s", summary.imported, seconds))
        if team == nil {
            results.stages = try IngestStages.measure(file: messagesPath, batchSize: 5_000)
            if case .sqlite(let storePath) = location {
                let emptyPath = folder + "/floor.sqlite"
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: emptyPath + suffix) }
                _ = try await Store.open(.sqlite(path: emptyPath), logger: logger)
                results.floors.ingestRate = try Floor.ingest(
                    from: storePath, into: emptyPath, messages: results.messages)
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: emptyPath + suffix) }
            }
        }
        let articles = workload.knowledgeBase()
        let kbStarted = clock.now
        try await store.saveArticles(articles)
        results.articles = articles.count
        results.kbIndexSeconds = (clock.now - kbStarted).seconds
        try await Self.assignWork(store)
        return store
    }

    /// Agents at work: claims, tags and a few resolutions spread over the store, through the real actions.
    static func assignWork(_ store: Store) async throws {
        let page = try await store.page(.needsReply, agent: "bench", limit: 2_000)
        for (index, conversation) in page.conversations.enumerated() {
            let agent = Workload.agents[index % Workload.agents.count]
            _ = try? await store.perform(.tag([index % 3 == 0 ? "vip" : "follow-up"]), on: conversation.id, by: agent)
            if index % 4 == 0 {
                _ = try? await store.perform(.claim(leaseSeconds: 3_600), on: conversation.id, by: agent)
            }
        }
    }

    static func measureSearch(_ store: Store, queries: [String]) async throws -> Percentiles {
        for query in queries.prefix(20) { _ = try await store.searchArticles(query) }
        var samples: [Double] = []
        for query in queries {
            let started = ContinuousClock.now
            _ = try await store.searchArticles(query)
            samples.append((ContinuousClock.now - started).milliseconds)
        }
        return Percentiles(samples)
    }

    static func measureSuggestions(_ store: Store) async throws -> Percentiles {
        let page = try await store.page(.needsReply, agent: "bench", limit: 220)
        let conversations = page.conversations.suffix(200)
        var samples: [Double] = []
        for (index, conversation) in conversations.enumerated() {
            guard let thread = try await store.thread(conversation.id) else { continue }
            let started = ContinuousClock.now
            let articles = try await store.articles(for: thread)
            _ = try await store.suggestions(for: thread, agent: "bench", articles: articles)
            let elapsed = (ContinuousClock.now - started).milliseconds
            if index >= 10 { samples.append(elapsed) }
        }
        return Percentiles(samples)
    }

    static func sibling(_ name: String) -> String {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent(name).path
    }
}

func log(_ text: String) {
    FileHandle.standardError.write(Data("tanggap-bench: \(text)\n".utf8))
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
    var milliseconds: Double { seconds * 1000 }
}

/// p50 and p99 by nearest rank, in milliseconds.
struct Percentiles {
    var count: Int
    var p50: Double
    var p99: Double

    init(_ samples: [Double]) {
        let sorted = samples.sorted()
        count = sorted.count
        func rank(_ share: Double) -> Double {
            guard !sorted.isEmpty else { return .nan }
            return sorted[max(0, Int((share * Double(sorted.count)).rounded(.up)) - 1)]
        }
        p50 = rank(0.5)
        p99 = rank(0.99)
    }
}
