import ArgumentParser
import ConversationStore
import Foundation
import Presentation
import Stores

struct JournalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "journal",
        abstract: "Check and read the agent's journal of actions.",
        discussion: """
            Every agent action is appended to $XDG_STATE_HOME/tanggap/journal.jsonl (~/.local/state/tanggap/) and \
            flushed to disk before the store applies it. Each line carries the previous line's SHA-256, so a line \
            altered, removed or reordered breaks the chain.
            """,
        subcommands: [JournalVerifyCommand.self, JournalShowCommand.self])
}

/// The journal file a command reads: the one named, else the agent's own.
private func journalPath(_ file: String?) -> String {
    file ?? Journal.defaultPath(environment: ProcessInfo.processInfo.environment)
}

struct JournalVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Walk the journal's hash chain; exit 0 when intact, 1 naming the first bad line.",
        discussion: """
            With --store, also compare with the store's mirror of this host's entries: entries the store applied \
            that the file no longer has were cut from its end.
            """)

    @Argument(help: "The journal file (default: your journal).")
    var file: String?

    @Option(help: ArgumentHelp("Also compare with this store's mirror.", valueName: "url"))
    var store: String?

    @Flag(help: "Print the outcome as JSON.")
    var json = false

    @Option(
        help: ArgumentHelp(
            "Also say how many of the entries this agent made (the whole chain is verified either way).",
            valueName: "name"))
    var agent: String?

    func validate() throws {
        if let agent { _ = try StoreOptions.validAgentName(agent) }
    }

    func run() async throws {
        let path = journalPath(file)
        guard let data = FileManager.default.contents(atPath: path) else {
            FileHandle.standardError.write(Data("tanggap: cannot read the journal at \(path)\n".utf8))
            throw ExitCode(1)
        }
        var report = JournalVerifier.verify(data)
        if let store, report.isIntact {
            try await runReportingErrors {
                let location = try StoreLocation.resolve(store, environment: ProcessInfo.processInfo.environment)
                let opened = try await Store.open(location)
                let journals = Set(report.entries.map(\.journal))
                let host = report.entries.last?.host ?? Journal.hostName()
                let mirrored = try await opened.events(host: host).map(\.entry).filter {
                    journals.isEmpty || journals.contains($0.journal)
                }
                let trust = try await opened.journalTrust(journals: Array(journals))
                let applied = try await opened.mirroredEntryIDs(report.entries.map(\.id))
                report = JournalVerifier.verify(
                    data, mirrored: mirrored, keys: trust.keys, lastApplied: trust.lastApplied,
                    store: try await opened.storeID(), applied: applied)
            }
        }
        if json {
            print(
                JSONValue.object([
                    "file": .string(path), "intact": .bool(report.isIntact),
                    "entries": .int(Int64(report.entries.count)),
                    "agent_entries": agent.map { name in .int(Int64(report.entries.filter { $0.agent == name }.count)) }
                        ?? .null,
                    "problem": report.finding.map { finding in
                        .object([
                            "kind": .string(finding.kind.rawValue), "line": .int(Int64(finding.line)),
                            "detail": .string(finding.detail),
                        ])
                    } ?? .null,
                ]).serialized())
        } else if report.isIntact {
            let mine = agent.map { name in " (\(report.entries.filter { $0.agent == name }.count) by \(name))" } ?? ""
            print("\(path): intact, \(report.entries.count) \(report.entries.count == 1 ? "entry" : "entries")\(mine)")
        }
        if let finding = report.finding {
            if !json { FileHandle.standardError.write(Data("tanggap: \(path): \(finding)\n".utf8)) }
            throw ExitCode(1)
        }
    }
}

struct JournalShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Print journal entries, oldest first.")

    @Argument(help: "The journal file (default: your journal).")
    var file: String?

    @Option(help: "From this time: 2026-11-01, 2026-11-01 08:00, an RFC 3339 time, or 7d (seven days ago).")
    var since: String?

    @Option(help: "Only entries about this conversation.")
    var conversation: String?

    @Option(help: ArgumentHelp("Only entries this agent made.", valueName: "name"))
    var agent: String?

    @Flag(help: "One JSON object a line, as the journal stores it.")
    var json = false

    func validate() throws {
        if let agent { _ = try StoreOptions.validAgentName(agent) }
    }

    func run() async throws {
        let since = try parseTimeOption(since, name: "since", now: Date())
        let wanted = try conversation.map(conversationID)
        let path = journalPath(file)
        guard FileManager.default.fileExists(atPath: path) else {
            FileHandle.standardError.write(Data("tanggap: no journal at \(path)\n".utf8))
            throw ExitCode(1)
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            FileHandle.standardError.write(Data("tanggap: cannot read the journal at \(path)\n".utf8))
            throw ExitCode(1)
        }
        let report = JournalVerifier.verify(data)
        let entries = report.entries.filter { entry in
            (since.map { entry.time >= $0 } ?? true) && (wanted.map { entry.conversation == $0 } ?? true)
                && (agent.map { entry.agent == $0 } ?? true)
        }
        if json {
            for entry in entries { print(entry.json.serialized()) }
        } else {
            var table = TextTable(columns: ["time", "agent", "host", "conversation", "action", "details"])
            for entry in entries {
                table.add([
                    Timestamp.format(entry.time), entry.agent, entry.host, entry.conversation?.description ?? "-",
                    entry.action, Self.details(entry.payload),
                ])
            }
            print(table.render(width: terminalWidth()), terminator: "")
        }
        if let finding = report.finding {
            FileHandle.standardError.write(
                Data("tanggap: \(path): \(finding); entries after it are not shown (run tanggap journal verify)\n".utf8)
            )
            throw ExitCode(1)
        }
    }

    /// A payload as `key=value` pairs, for the table.
    static func details(_ payload: JSONValue) -> String {
        guard let members = payload.objectValue else { return payload.serialized() }
        return members.keys.sorted().map { key in
            let value = members[key] ?? .null
            return "\(key)=\(value.stringValue ?? value.serialized())"
        }.joined(separator: " ")
    }
}

struct AgentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agents",
        abstract: "The agents and their roles (agent or supervisor).",
        discussion: """
            Who acts is not a matter of saying so. On a SQLite store, you act as your operating-system login, or as \
            the agents a supervisor mapped your login to (tanggap agents map); --agent may name only one of those. \
            On PostgreSQL you act as the role you connect as, and the server refuses anything else. Supervisors \
            review, give roles, set the policy, redact and map logins; the first supervisor of a store names \
            themselves.
            """,
        subcommands: [AgentsAddCommand.self, AgentsMapCommand.self, AgentsListCommand.self],
        defaultSubcommand: AgentsListCommand.self)
}

struct AgentsAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Give an agent a role.")

    @Argument(help: "The agent's login name.")
    var name: String

    @Option(help: "agent or supervisor.")
    var role: AgentRole = .agent

    @OptionGroup var options: StoreOptions

    func run() async throws {
        try await runReportingErrors {
            let (store, actor) = try await options.open()
            try await store.record(.setRole(agent: name, role: role), on: nil, by: actor)
            print("\(name) is \(role == .supervisor ? "a supervisor" : "an agent")")
        }
    }
}

struct AgentsMapCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "map",
        abstract: "Let an operating-system login act as these agents on a SQLite store (supervisors).",
        discussion: """
            The login then acts as the agent named (as one of them with --agent, when several share a desk's \
            login), and as nobody else, itself included. With no agent, the login acts as itself again. On \
            PostgreSQL agents are the roles they connect as, and logins are not mapped.
            """)

    @Argument(help: "The operating-system login.")
    var login: String

    @Argument(help: "The agents it acts as (none: itself again).")
    var agents: [String] = []

    @OptionGroup var options: StoreOptions

    func validate() throws {
        guard AgentIdentity.isValidLogin(login) else {
            throw ValidationError(
                "\(StoreOptions.shown(login)) is not a login name: 1–256 letters, digits, '.', '_', '-', '@', '$' or '\\'"
            )
        }
        for agent in agents { _ = try StoreOptions.validAgentName(agent, option: "agent") }
        guard Set(agents).count == agents.count else { throw ValidationError("an agent is named twice") }
        guard agents.count <= AgentIdentity.maximumAgentsPerLogin else {
            throw ValidationError("a login acts as at most \(AgentIdentity.maximumAgentsPerLogin) agents")
        }
    }

    func run() async throws {
        try await runReportingErrors {
            let (store, actor) = try await options.open()
            // A supervisor does not map their own login away from themselves: they would be left unable to map it
            // back (the file can be written by hand; nothing in tanggap would let them).
            if login == StoreOptions.loginName(), !agents.isEmpty, !agents.contains(actor),
                try await store.role(of: actor) == .supervisor
            {
                throw StoreError(
                    .invalidAction,
                    "you act as \(actor) from login \(login): list \(actor) too (tanggap agents map \(login) \(actor) "
                        + agents.joined(separator: " ") + "), or map it from another supervisor's login")
            }
            try await store.record(.mapLogin(login: login, agents: agents), on: nil, by: actor)
            print(agents.isEmpty ? "\(login) acts as itself" : "\(login) acts as \(agents.joined(separator: ", "))")
        }
    }
}

struct AgentsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List agents with their roles.")

    @Flag(help: "Print JSON lines.")
    var json = false

    @OptionGroup var options: StoreOptions

    func run() async throws {
        try await runReportingErrors {
            let store = try await options.openStore()
            let agents = try await store.agents()
            if json {
                // Every agent with a role, and every agent a login is mapped to (an agent without a role works as
                // one: `added_by` and `added_at` are null).
                let mappings = try await store.loginMappings()
                let named = Set(agents.map(\.name))
                let mappedOnly = Set(mappings.flatMap(\.agents)).subtracting(named).sorted()
                let rows: [(name: String, role: AgentRole, record: AgentRecord?)] =
                    agents.map { ($0.name, $0.role, $0) } + mappedOnly.map { ($0, .agent, nil) }
                for row in rows.sorted(by: { $0.name < $1.name }) {
                    let logins = mappings.filter { $0.agents.contains(row.name) }.map { JSONValue.string($0.login) }
                    print(
                        JSONValue.object([
                            "name": .string(row.name), "role": .string(row.role.rawValue),
                            "added_by": row.record.map { .string($0.addedBy) } ?? .null,
                            "added_at": row.record.map { JSONValue($0.addedAt) } ?? .null, "logins": .array(logins),
                        ]).serialized())
                }
                return
            }
            var table = TextTable(columns: ["name", "role", "added by", "added at"])
            for agent in agents {
                table.add([agent.name, agent.role.rawValue, agent.addedBy, Timestamp.format(agent.addedAt)])
            }
            print(table.render(width: terminalWidth()), terminator: "")
            let mappings = try await store.loginMappings()
            if !mappings.isEmpty {
                var logins = TextTable(columns: ["login", "acts as", "mapped by", "mapped at"])
                for mapping in mappings {
                    logins.add([
                        mapping.login, mapping.agents.joined(separator: ", "), mapping.mappedBy,
                        Timestamp.format(mapping.mappedAt),
                    ])
                }
                print("")
                print(logins.render(width: terminalWidth()), terminator: "")
            }
        }
    }
}

extension AgentRole: ExpressibleByArgument {}
