import Foundation

/// The real binary on a 120×40 pseudo-terminal: time from start to the first complete frame, the bytes written per
/// selection move, and the console's peak memory after a session of moving and opening.
enum TerminalRun {
    struct Figures {
        var firstFrame: Percentiles
        var bytesPerMove: Percentiles
        var maxRSS: Double
    }

    static func environment(folder: String) -> [String: String] {
        [
            "TERM": "xterm-256color", "LANG": "C.UTF-8", "HOME": folder, "XDG_STATE_HOME": folder + "/state",
            "XDG_CONFIG_HOME": folder + "/config", "PATH": "/usr/bin:/bin", "TZ": "UTC",
        ]
    }

    static func start(binary: String, store: String, folder: String) throws -> PseudoTerminal {
        try PseudoTerminal(
            [binary, "--store", store], width: 120, height: 40,
            environment: environment(folder: folder))
    }

    /// The frame is complete once the status bar (the last thing painted) shows the store's state and the queue
    /// has its rows.
    static func complete(_ output: Data) -> Bool {
        let text = String(decoding: output, as: UTF8.self)
        return text.contains("store ok") && text.contains("need reply") && text.contains("Queue · needs-reply (")
    }

    static func measure(binary: String, store: String, folder: String) throws -> Figures {
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw BenchError("no tanggap binary at \(binary); build it, or pass --tanggap PATH")
        }
        var firstFrames: [Double] = []
        for round in 0..<7 {
            let started = ContinuousClock.now
            let terminal = try start(binary: binary, store: store, folder: folder)
            let output = terminal.read(limit: 30, until: complete)
            let elapsed = (ContinuousClock.now - started).milliseconds
            terminal.type("q")
            _ = terminal.drain(quiet: 0.2, limit: 2)
            terminal.stop()
            guard complete(output) else { throw BenchError("the console drew no complete frame within 30 s") }
            // The first run warms the page cache; it is not counted.
            if round > 0 { firstFrames.append(elapsed) }
        }

        let terminal = try start(binary: binary, store: store, folder: folder)
        defer { terminal.stop() }
        _ = terminal.read(limit: 30, until: complete)
        _ = terminal.drain(quiet: 0.5)
        var moves: [Double] = []
        for index in 0..<60 {
            terminal.type(index % 20 < 15 ? "j" : "k")
            let bytes = terminal.drain(quiet: 0.15, limit: 3)
            moves.append(Double(bytes.count))
        }
        // A working session: move through the queue and open conversations, then read the peak.
        for _ in 0..<5 {
            terminal.type(String(repeating: "j", count: 40))
            _ = terminal.drain(quiet: 0.2)
            terminal.type("\r")
            _ = terminal.drain(quiet: 0.4)
            terminal.type("h")
            _ = terminal.drain(quiet: 0.2)
        }
        let rss = terminal.peakResidentMegabytes() ?? .nan
        terminal.type("q")
        _ = terminal.drain(quiet: 0.2, limit: 2)
        return Figures(firstFrame: Percentiles(firstFrames), bytesPerMove: Percentiles(moves), maxRSS: rss)
    }
}

/// The same queries through the `sqlite3` command-line tool on the same file: what SQLite itself needs, without
/// tanggap around it. `sqlite3`'s own timer shows whole milliseconds only, so each query runs 200 times in one
/// process and the floor is the mean: (that run − a run with no queries) / 200.
enum Floor {
    struct Figures {
        /// Messages a second when sqlite3 writes the rows the import wrote into an empty store of the same schema.
        var ingestRate: Double?
        var queuePage: Double?
        var thread: Double?
        var kbSearch: Double?
    }

    static let repetitions = 200

    static func measure(store: String, queries: [String]) throws -> Figures {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3") else {
            log("sqlite3 is not installed; no floor figures")
            return Figures()
        }
        let queue = """
            SELECT c.*, cu.handle, a.handle FROM conversation c INDEXED BY conversation_needs_reply
            LEFT JOIN customer cu ON cu.id = c.customer_id LEFT JOIN account a ON a.id = c.account_id
            WHERE c.needs_reply = 1 ORDER BY c.due_at, c.urgency, c.id LIMIT 200;
            """
        let longThread = try run(store, ["SELECT conversation_id FROM message WHERE external_id = 'b0-0';"])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let thread = "SELECT * FROM message WHERE conversation_id = \(Int(longThread) ?? 1) ORDER BY created_at, id;"
        let searches = queries.map { query -> String in
            let words = query.lowercased().split { !$0.isLetter && !$0.isNumber }.prefix(6)
            let match = words.map { "\"\($0)\"" }.joined(separator: " OR ")
            return
                "SELECT rowid, bm25(article_search) AS score FROM article_search WHERE article_search MATCH '\(match)' ORDER BY score LIMIT 5;"
        }
        let empty = try timed(store, [])
        func floor(_ statements: [String]) throws -> Double {
            let batch = (0..<repetitions).map { statements[$0 % statements.count] }
            return max(0, try timed(store, batch) - empty) / Double(repetitions)
        }
        return Figures(queuePage: try floor([queue]), thread: try floor([thread]), kbSearch: try floor(searches))
    }

    /// The ingest floor: the rows the import wrote (accounts, customers, conversations, tags, messages, answered
    /// conversations and their search index), copied by sqlite3 in one transaction into `empty`, a new store with
    /// the same schema and indexes. No parsing, threading or text analysis: what the writing alone costs.
    ///
    /// Each copy has a `WHERE`, so every row goes through the table's and its indexes' b-trees as an import's rows
    /// do. A bare `INSERT INTO t SELECT * FROM u` between tables of the same shape takes SQLite's transfer
    /// optimisation instead, which copies stored records and whole index entries without decoding them, and into an
    /// empty table builds each index in one ordered pass: about twice as fast (1.39 s against 2.77 s for the 100k
    /// workload's messages), and out of reach of anything that has rows to work out first.
    static func ingest(from store: String, into empty: String, messages: Int) throws -> Double? {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3"), messages > 0 else { return nil }
        let tables = [
            "account", "customer", "conversation", "conversation_tag", "conversation_alias", "message", "answered",
        ]
        let script =
            ["PRAGMA synchronous = NORMAL;", "ATTACH '\(store)' AS source;", "BEGIN;"]
            + tables.map { "INSERT INTO main.\($0) SELECT * FROM source.\($0) WHERE 1;" }
            + [
                "INSERT INTO answered_search (rowid, terms) SELECT conversation_id, terms FROM main.answered;",
                "INSERT INTO answered_term (term, documents) SELECT term, doc FROM answered_vocabulary;", "COMMIT;",
            ]
        let started = ContinuousClock.now
        let (status, said) = try sqlite3(["-bail", empty], script)
        let seconds = (ContinuousClock.now - started).milliseconds / 1000
        guard status == 0 else {
            log("ingest floor failed: \(said)")
            return nil
        }
        return Double(messages) / seconds
    }

    /// Milliseconds for one sqlite3 process to run the statements, best of three.
    static func timed(_ store: String, _ statements: [String]) throws -> Double {
        var best = Double.infinity
        for _ in 0..<3 {
            let started = ContinuousClock.now
            _ = try run(store, [".output /dev/null"] + statements)
            best = min(best, (ContinuousClock.now - started).milliseconds)
        }
        return best
    }

    static func run(_ store: String, _ lines: [String]) throws -> String {
        try sqlite3(["-readonly", store], lines).output
    }

    /// Runs the `sqlite3` tool with `arguments`, feeding it `lines`; its exit status and everything it printed.
    static func sqlite3(_ arguments: [String], _ lines: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = arguments
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        input.fileHandleForWriting.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
