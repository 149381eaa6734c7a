import ArgumentParser
import ConversationStore
import Foundation
import Presentation
import Stores

/// The options every command that opens the store takes.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The store: a path, sqlite:PATH or postgres://…", valueName: "url"))
    var store: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Act as this agent: one your login is mapped to (tanggap agents map), or on PostgreSQL the role you "
                + "connect as (default: the one you act as).", valueName: "name"))
    var agent: String?

    func validate() throws {
        if let agent { _ = try Self.validAgentName(agent) }
    }

    /// Checks an agent's name given on the command line.
    static func validAgentName(_ name: String, option: String = "--agent") throws -> String {
        guard ActionRules.isValidAgentName(name) else {
            throw ValidationError(
                "\(option) \(shown(name)) is not an agent name: 1–64 letters, digits, '.', '_' or '-', not only dots "
                    + "and dashes")
        }
        return name
    }

    /// A value from the command line as it can be shown: quoted, with control characters escaped.
    static func shown(_ value: String) -> String {
        let escaped = value.unicodeScalars.map { scalar -> String in
            scalar.properties.generalCategory == .control || scalar.properties.generalCategory == .format
                ? "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}" : String(scalar)
        }.joined()
        return "'" + String(escaped.prefix(80)) + (escaped.count > 80 ? "…" : "") + "'"
    }

    /// The operating-system login: the user database's name for the effective user. Never the environment, which
    /// anyone sets (`USER=ani`); a user the database does not know is `uid-N`.
    static func loginName() -> String {
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return "uid-\(geteuid())"
    }

    /// Opens the store for a command that acts: works out who acts (``AgentIdentity``: the login as a supervisor
    /// mapped it, or on PostgreSQL the connection's role; `--agent` may name only one of those), attaches their
    /// journal and applies what an interrupted run of theirs left unapplied. Acting as anyone else fails, saying why.
    /// `journalRequired`: the command journals (a journal that cannot be opened stops it); a command that only reads
    /// goes on without one.
    func open(journalRequired: Bool = true) async throws -> (store: Store, agent: String) {
        let location = try StoreLocation.resolve(store, environment: ProcessInfo.processInfo.environment)
        let opened = try await Store.open(location)
        let identity = try await opened.identity(login: Self.loginName(), requested: agent)
        let acting = try identity.agent.get()
        return (
            try await Self.journaled(
                opened, acting: journalRequired, agent: acting, permitted: Set(identity.permitted)), acting
        )
    }

    /// Opens the store for a command that reads: an agent named with `--agent` must be one the login may act as, as
    /// for acting; without it, a login that may act as several reads as none of them (what an interrupted run of any
    /// of them left in the journal is applied, as the login may act as each).
    func openStore() async throws -> Store {
        let location = try StoreLocation.resolve(store, environment: ProcessInfo.processInfo.environment)
        let opened = try await Store.open(location)
        // Reading, a store that cannot say who acts is still read, unless an agent was named.
        let identity: (agent: Result<String, StoreError>, permitted: [String])
        do {
            identity = try await opened.identity(login: Self.loginName(), requested: agent)
        } catch  where agent == nil {
            return try await Self.journaled(opened, acting: false, agent: nil, permitted: [])
        }
        let acting = agent != nil ? try identity.agent.get() : try? identity.agent.get()
        return try await Self.journaled(opened, acting: false, agent: acting, permitted: Set(identity.permitted))
    }

    /// The store with the agent's journal (`$XDG_STATE_HOME/tanggap/journal.jsonl`) attached and recovered. A
    /// recovery that fails (the store away, the journal damaged) is a warning: the command goes on, and the entries
    /// stay in the journal for the next run.
    /// `permitted`: the agents this process may act as; entries of anyone else stay in the journal for them.
    static func journaled(
        _ store: Store, acting: Bool = false, agent: String? = nil, permitted: Set<String>
    ) async throws -> Store {
        let journal: Journal
        do {
            journal = try Journal(path: Journal.defaultPath(environment: ProcessInfo.processInfo.environment))
        } catch let error as StoreError {
            if acting {
                throw StoreError(
                    error.code,
                    "\(error.message); every action is journaled before it is stored, so none is taken until the journal "
                        + "can be written (or set XDG_STATE_HOME to a folder of your own)")
            }
            warn("tanggap: warning: \(error.message); going on without the journal for reading")
            return store
        }
        let journaled = store.journaled(by: journal)
        let recovered: JournalRecovery
        do {
            recovered = try await journaled.recoverJournal(actingAs: agent, permitted: permitted)
        } catch let error as StoreError {
            warn(
                "tanggap: warning: journal entries an earlier run left unapplied are not applied yet (\(error.message)); they stay in your journal for the next run"
            )
            return journaled
        }
        if recovered.applied + recovered.refused > 0 {
            let refused = recovered.refused > 0 ? " (\(recovered.refused) refused by the store)" : ""
            FileHandle.standardError.write(
                Data(
                    "tanggap: applied \(recovered.applied) journal entries an interrupted run had not applied\(refused)\n"
                        .utf8))
        }
        // Entries of an agent this login or connection may not act as now (it was mapped to them, or connected as
        // them, before) stay for a run that does; said, so they are not forgotten. (Nothing is said when the store
        // could not say whom the login may act as: then nothing was applied and everything waits.)
        if !recovered.waiting.isEmpty && !permitted.isEmpty {
            let agents = recovered.waiting.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
            warn(
                "tanggap: journal entries wait for agents you do not act as now (\(agents.joined(separator: ", "))); "
                    + "a run acting as each applies them, or refuses them, saying why, if the store has applied entries "
                    + "more than five minutes later since")
        }
        return journaled
    }
}

/// Parses a `--since`/`--until` value: `2026-11-01`, `2026-11-01 08:00`, an RFC 3339 time, or `7d` (ago). With
/// `endOfDay`, a bare day means the end of that day.
func parseTimeOption(_ text: String?, name: String, now: Date, endOfDay: Bool = false) throws -> Date? {
    guard let text else { return nil }
    guard var date = TimeExpression.parse(text, now: now, timeZone: .current, direction: .ago) else {
        throw ValidationError("--\(name) '\(text)' is not a time; try 2026-11-01, 2026-11-01 08:00 or 7d")
    }
    if endOfDay, TimeExpression.isDay(text) {
        date = Calendar.current.date(byAdding: .day, value: 1, to: date) ?? date
    }
    return date
}

/// A warning on stderr: it may quote a store's message or a journal's agent, so it reaches the terminal neutralised.
private func warn(_ line: String) {
    FileHandle.standardError.write(Data((TerminalText.singleLine(line) + "\n").utf8))
}

/// Runs a command body and turns library errors into one clear line on stderr and the documented exit code: 3 a
/// held claim, 4 no such conversation, 5 another agent answered or resolved it since the revision given with
/// `--seen`, 77 (EX_NOPERM) not permitted to whom the command runs as, 75 (EX_TEMPFAIL) an action kept in the journal to be stored once the store answers, 1 anything else.
func runReportingErrors(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as StoreError {
        // Messages may quote what was typed or received: they reach the terminal neutralised, on one line.
        var message = TerminalText.singleLine(error.message)
        if error.code == .changedSinceRead, let revision = error.revision {
            message += "; read it again (tanggap show), or pass --seen \(revision) to act anyway"
        }
        FileHandle.standardError.write(Data("tanggap: \(message)\n".utf8))
        switch error.code {
        case .claimHeld: throw ExitCode(3)
        case .notFound: throw ExitCode(4)
        case .changedSinceRead, .personalData: throw ExitCode(5)
        case .notPermitted: throw ExitCode(77)
        case .keptForLater: throw ExitCode(75)
        default: throw ExitCode(1)
        }
    } catch let error as ImportError {
        FileHandle.standardError.write(Data("tanggap: \(error)\n".utf8))
        throw ExitCode(1)
    }
}

/// Parses a conversation id argument.
func conversationID(_ text: String) throws -> ConversationID {
    guard let id = ConversationID(parsing: text) else {
        throw ValidationError("'\(text)' is not a conversation id; ids are positive numbers like 42")
    }
    return id
}

func printLine(_ text: String) {
    print(text)
}
