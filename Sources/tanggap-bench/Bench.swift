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

    func run() async throws {
        let folder = dir ?? (NSTemporaryDirectory() + "tanggap-bench-\(scale.rawValue)")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let binary = tanggap ?? Self.sibling("tanggap")
        var results = Results(scale: scale.rawValue)
        let workload = Workload(conversations: scale.conversations, articles: articles)
        let storePath = folder + "/store.sqlite"
        let messagesPath = folder + "/messages.jsonl"
        let store: Store
        if reuse, FileManager.default.fileExists(atPath: storePath) {
            store = try await Store.open(.sqlite(path: storePath), logger: Logger(label: "bench"))
            log("reusing \(storePath)")
            if articles != nil {
                let generated = workload.knowledgeBase()
                let started = ContinuousClock.now
                try await store.saveArticles(generated)
                results.kbIndexSeconds = (ContinuousClock.now - started).seconds
            }
            results.articles = try await store.articleCount()
        } else {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: storePath + suffix) }
            log("generating \(scale.conversations) conversations…")
            let lines = try workload.writeMessages(to: messagesPath)
            store = try await Store.open(.sqlite(path: storePath), logger: Logger(label: "bench"))
            log("importing \(lines) messages…")
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
            results.stages = try IngestStages.measure(file: messagesPath, batchSize: 5_000)
            let emptyPath = folder + "/floor.sqlite"
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: emptyPath + suffix) }
            _ = try await Store.open(.sqlite(path: emptyPath), logger: Logger(label: "bench"))
            results.floors.ingestRate = try Floor.ingest(
                from: storePath, into: emptyPath, messages: results.messages)
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: emptyPath + suffix) }
            let articles = workload.knowledgeBase()
            let kbStarted = clock.now
            try await store.saveArticles(articles)
            results.articles = articles.count
            results.kbIndexSeconds = (clock.now - kbStarted).seconds
            try await Self.assignWork(store)
        }
        results.conversations = try await store.conversationCount()
        if ingestOnly {
            print(json ? results.json.serialized() : results.table)
            return
        }

        log("knowledge-base search and suggestions…")
        results.kbSearch = try await Self.measureSearch(store, queries: workload.queries(300))
        results.suggest = try await Self.measureSuggestions(store)
        log("queue steps and thread opening in process…")
        let inProcess = try await ConsoleMeasurement.run(store: store)
        results.queueStep = inProcess.queueStep
        results.openThread = inProcess.openThread
        log("the console through a pseudo-terminal…")
        let terminal = try TerminalRun.measure(binary: binary, store: storePath, folder: folder)
        results.firstFrame = terminal.firstFrame
        results.bytesPerMove = terminal.bytesPerMove
        results.maxRSS = terminal.maxRSS
        log("the floor: the same queries through sqlite3…")
        // The ingest's floor was measured beside the ingest; these are the console's.
        var floors = try Floor.measure(store: storePath, queries: workload.queries(20))
        floors.ingestRate = results.floors.ingestRate
        results.floors = floors
        print(json ? results.json.serialized() : results.table)
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
