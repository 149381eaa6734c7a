import ArgumentParser
import ConversationStore
import Foundation

/// The options every command that opens the store takes.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The store: a path, sqlite:PATH or postgres://…", valueName: "url"))
    var store: String?

    @Option(name: .long, help: ArgumentHelp("Act as this agent (default: your login name).", valueName: "name"))
    var agent: String?

    /// The agent name: `--agent`, else the operating-system login.
    func agentName() throws -> String {
        try Self.agentName(agent)
    }

    /// The explicit name, else the operating-system login, checked.
    static func agentName(_ explicit: String?) throws -> String {
        let name = explicit ?? loginName()
        guard ActionRules.isValidAgentName(name) else {
            throw ValidationError("agent name '\(name)' must be 1–64 letters, digits, '.', '_' or '-'; pass --agent")
        }
        return name
    }

    static func loginName() -> String {
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        let environment = ProcessInfo.processInfo.environment
        return environment["LOGNAME"] ?? environment["USER"] ?? "agent"
    }

    func openStore() async throws -> Store {
        let location = try StoreLocation.resolve(store, environment: ProcessInfo.processInfo.environment)
        return try await Store.open(location)
    }
}

/// Runs a command body and turns library errors into one clear line on stderr and the documented exit code.
func runReportingErrors(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as StoreError {
        FileHandle.standardError.write(Data("tanggap: \(error.message)\n".utf8))
        switch error.code {
        case .claimHeld: throw ExitCode(3)
        case .notFound: throw ExitCode(4)
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
