import Foundation
import Logging
import SQLiteStore
import Testing

/// Runs the real `tanggap` binary, as a user or a script would.
/// Serialises the tests' process launches (see `CLI.execute`).
let launching = NSLock()

struct CLI {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        /// The forked child died inside Foundation before the program ran (see `execute`).
        var crashedBeforeStarting = false
    }

    /// The binary built beside the test bundle (`.build/debug/tanggap`), or `$TANGGAP_BIN`.
    static let binary: String = {
        if let explicit = ProcessInfo.processInfo.environment["TANGGAP_BIN"] { return explicit }
        var url = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        while url.path != "/" {
            url.deleteLastPathComponent()
            let candidate = url.appendingPathComponent("tanggap")
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isFolder), !isFolder.boolValue {
                return candidate.path
            }
        }
        return "tanggap"
    }()

    let folder: URL
    /// The store the commands use: a SQLite file in the test's folder unless a URL was given.
    let store: String
    /// Whether the test's login may act as any agent it names (see `location(actingAs:)`).
    let mapsLogin: Bool
    private let mapped = Mapped()

    /// The agents the login was let act as, and the roles made, so far.
    private final class Mapped: @unchecked Sendable {
        let lock = NSLock()
        var names: Set<String> = []
    }

    /// `mapsLogin`: the tests act as several agents from one operating-system login, so on the test's own SQLite
    /// store the login is mapped to each agent a command names, as a supervisor would map a shared desk's login
    /// (rows written directly); on PostgreSQL each agent connects as a role of their own, made on first use. Off, the
    /// store is as a fresh one: the login acts as itself.
    init(store: String? = nil, mapsLogin: Bool = true) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("tanggap-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        self.store = store ?? folder.appendingPathComponent("store.sqlite").path
        self.mapsLogin = mapsLogin
        if let store, store.hasPrefix("postgres://") {
            // The store's tables are made by its owner (the URL's role), before any agent's role opens it.
            let made = try Self.execute(["agents", "list", "--store", store])
            #expect(made.status == 0, "\(made.stderr)")
        }
    }

    /// Runs `tanggap ARGS --store STORE` (unless the arguments name their own store) as `agent`.
    @discardableResult
    func run(_ arguments: [String], agent: String? = "ani", useStore: Bool = true) throws -> Result {
        var all = arguments
        var named: String?
        if let index = arguments.firstIndex(of: "--agent"), index + 1 < arguments.count { named = arguments[index + 1] }
        if useStore && !arguments.contains("--store") {
            all += ["--store", try location(actingAs: named ?? agent)]
        } else if let index = arguments.firstIndex(of: "--store"), index + 1 < arguments.count {
            all[index + 1] = try location(of: arguments[index + 1], actingAs: named ?? agent)
        }
        if let agent, !arguments.contains("--agent") { all += ["--agent", agent] }
        return try Self.execute(all, environment: ["XDG_STATE_HOME": stateFolder])
    }

    /// The test's store as `agent` reaches it: on SQLite the store, with the login mapped to the agent; on
    /// PostgreSQL the URL with the agent's role as its user (the URL as given for nobody: the owner).
    func location(actingAs agent: String?) throws -> String {
        try location(of: store, actingAs: agent)
    }

    /// Another store as `agent` reaches it: a SQLite store only once it exists (a command naming a new one creates
    /// it, and the login acts as itself there).
    func location(of store: String, actingAs agent: String?) throws -> String {
        guard mapsLogin, let agent else { return store }
        if !store.hasPrefix("postgres://") && store != self.store && !FileManager.default.fileExists(atPath: store) {
            return store
        }
        let new = mapped.lock.withLock { mapped.names.insert(store + "\n" + agent).inserted }
        if store.hasPrefix("postgres://") {
            if new {
                let made = try Self.execute(
                    [
                        "psql", "-qc",
                        "DO $$ BEGIN CREATE ROLE \"\(agent)\" LOGIN; EXCEPTION WHEN duplicate_object OR unique_violation "
                            + "THEN NULL; END $$", store,
                    ], executable: "/usr/bin/env")
                #expect(made.status == 0, "\(made.stderr)")
            }
            var components = try #require(URLComponents(string: store))
            components.user = agent
            return try #require(components.string)
        }
        if new { try map(Self.loginName(), to: [agent], in: store) }
        return store
    }

    /// Lets `login` act as `agents` in a SQLite store, as a supervisor's mapping would (rows written directly).
    func map(_ login: String, to agents: [String], in store: String? = nil) throws {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        try SQLiteBackend(path: store ?? self.store, logger: logger).addLoginAgentsForTesting(login, agents)
    }

    /// Where this test's journal lives (`XDG_STATE_HOME`).
    var stateFolder: String { folder.appendingPathComponent("state").path }
    var journal: String { stateFolder + "/tanggap/journal.jsonl" }

    /// A config folder of this test's own (`XDG_CONFIG_HOME`), and the console's config file in it, whose folder is
    /// made.
    func consoleConfig() throws -> (home: URL, file: URL) {
        let home = folder.appendingPathComponent("home/config")
        let file = home.appendingPathComponent("tanggap/config.toml")
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        return (home, file)
    }

    /// `execute` on a dispatch thread, so that waiting for the process holds none of the few threads async tests
    /// share (in-process servers and connection pools run on them); `nil` when it cannot start.
    static func executeAside(
        _ arguments: [String], environment: [String: String] = [:], executable: String = binary
    ) async -> Result? {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(
                    returning: try? execute(arguments, environment: environment, executable: executable))
            }
        }
    }

    /// Runs `executable` (the tanggap binary unless named) with `arguments`, and waits for it.
    ///
    /// Foundation's `Process.run()` on Linux sometimes crashes in the child it forks, before the program is
    /// executed (a `memcpy` in `Process.run()`, seen when the test process has many threads): the program never ran,
    /// so it is started again, at most twice more. A program that itself crashes crashes every time and is reported.
    static func execute(
        _ arguments: [String], environment extra: [String: String] = [:], executable: String = binary
    ) throws -> Result {
        var result = try executeOnce(arguments, environment: extra, executable: executable)
        for _ in 0..<2 where result.crashedBeforeStarting {
            result = try executeOnce(arguments, environment: extra, executable: executable)
        }
        return result
    }

    private static func executeOnce(
        _ arguments: [String], environment extra: [String: String], executable: String
    ) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["TZ"] = "UTC"
        environment.removeValue(forKey: "TANGGAP_STORE")
        environment["XDG_STATE_HOME"] =
            FileManager.default.temporaryDirectory.appendingPathComponent(
                "tanggap-cli-state"
            ).path
        for (key, value) in extra { environment[key] = value }
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        // Foundation's Process.run() is not safe to call from several threads at once on Linux (it crashed copying
        // the environment while eight racing agents started); the processes are started one at a time and then run
        // side by side.
        try launching.withLock { try process.run() }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let stderr = String(decoding: errData, as: UTF8.self)
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: stderr,
            crashedBeforeStarting: process.terminationReason == .uncaughtSignal && stderr.contains("Process.run()"))
    }

    /// The operating-system login, which review takes as identity.
    static func loginName() -> String {
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return ProcessInfo.processInfo.environment["USER"] ?? "root"
    }

    /// A CLI on a new store holding `log` (import-format JSONL), imported through the binary.
    static func seeded(with log: String) throws -> CLI {
        let cli = try CLI()
        let imported = try cli.run(["import", try cli.write("log.jsonl", log)])
        #expect(imported.status == 0, "\(imported.stderr)")
        return cli
    }

    func write(_ name: String, _ text: String) throws -> String {
        let path = folder.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}

func json(_ text: String) -> Any? {
    try? JSONSerialization.jsonObject(with: Data(text.utf8))
}

enum SharedData {
    static let folder: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("shared/data")
    }()

    static func file(_ relative: String) -> String { folder.appendingPathComponent(relative).path }

    static var available: Bool { FileManager.default.fileExists(atPath: file("twcs/twcs_head5000.csv")) }
}
