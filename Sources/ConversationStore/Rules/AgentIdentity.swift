import Foundation

/// Who a process acts as, and whom it may name with `--agent`.
///
/// On a SQLite store the agent is the operating-system login, unless a supervisor has mapped the login to agents
/// (`tanggap agents map LOGIN NAME…`): then the login acts as those agents, and as nobody else. A login mapped to one
/// agent acts as that agent; one mapped to several (a desk several agents share) names which with `--agent`. The file
/// is the store, so this keeps people from posing as one another through tanggap; someone who can write the file can
/// write anything into it, and the journal's signatures (``JournalTrust``) are what show who wrote a line.
///
/// On PostgreSQL the agent is the role the process connected as: the server authenticates it and refuses, row by row,
/// what that role may not do (an action in another agent's name, a supervisor's action by an agent).
public enum AgentIdentity {
    /// Where a store takes the agent from.
    public enum Source: Hashable, Sendable {
        /// The operating-system login, as a supervisor mapped it (empty: not mapped, the login acts as itself).
        case login(mapped: [String])
        /// The role the connection to the server authenticated as.
        case connection(role: String)
    }

    /// The agents a login or connection may act as.
    public static func permitted(login: String, source: Source) -> [String] {
        switch source {
        case .login(let mapped): mapped.isEmpty ? [login] : mapped
        case .connection(let role): [role]
        }
    }

    /// The agent a process acts as: the one `requested` with `--agent`, when the login or connection may act as it;
    /// otherwise the only one it may act as.
    public static func resolve(login: String, requested: String?, source: Source) throws -> String {
        let agents = permitted(login: login, source: source)
        switch source {
        case .connection(let role):
            if let requested, requested != role {
                throw StoreError(
                    .notPermitted,
                    "you are connected to the store as \(role), so you act as \(role), not \(requested); to act as "
                        + "\(requested), connect as \(requested) (postgres://\(requested)@…)")
            }
            return try valid(role, login: nil)
        case .login(let mapped):
            if let requested {
                guard agents.contains(requested) else {
                    throw StoreError(
                        .notPermitted,
                        mapped.isEmpty
                            ? "you are logged in as \(login), so you act as \(login), not \(requested); a supervisor "
                                + "lets a login act as an agent: tanggap agents map \(login) \(requested)"
                            : "login \(login) acts as \(list(mapped)), not \(requested); a supervisor maps a login to "
                                + "every agent it acts as: tanggap agents map \(login) "
                                + (mapped + [requested]).joined(separator: " "))
                }
                return try valid(requested, login: login)
            }
            guard agents.count == 1 else {
                throw StoreError(
                    .notPermitted, "login \(login) acts as \(list(mapped)): say which with --agent")
            }
            return try valid(agents[0], login: login)
        }
    }

    private static func valid(_ name: String, login: String?) throws -> String {
        guard ActionRules.isValidAgentName(name) else {
            let mapping = login.map { "; a supervisor can map the login to one: tanggap agents map \($0) NAME" } ?? ""
            throw StoreError(
                .notPermitted, "'\(name)' is not an agent name (1–64 letters, digits, '.', '_' or '-')\(mapping)")
        }
        return name
    }

    private static func list(_ names: [String]) -> String {
        names.count < 2 ? names.joined() : names.dropLast().joined(separator: ", ") + " or " + names[names.count - 1]
    }

    /// Whether a login name can be mapped: 1–256 bytes of letters, digits and `.`, `_`, `-`, `@`, `$`, `\` (a
    /// directory's `user@domain` or `DOMAIN\user`).
    public static func isValidLogin(_ login: String) -> Bool {
        (1...256).contains(login.utf8.count)
            && login.unicodeScalars.allSatisfy { scalar in
                scalar.isASCII
                    && (CharacterSet.alphanumerics.contains(scalar) || "._-@$\\".unicodeScalars.contains(scalar))
            }
    }

    /// Most agents one login may act as.
    public static let maximumAgentsPerLogin = 64

    /// Checks a mapping before it is journaled: a login, and distinct agent names.
    static func checkMapping(login: String, agents: [String]) throws {
        guard isValidLogin(login) else {
            throw StoreError.invalid(
                "'\(login)' is not a login name: 1–256 letters, digits, '.', '_', '-', '@', '$' or '\\'")
        }
        guard agents.count <= maximumAgentsPerLogin else {
            throw StoreError.invalid("a login acts as at most \(maximumAgentsPerLogin) agents, not \(agents.count)")
        }
        for agent in agents where !ActionRules.isValidAgentName(agent) {
            throw StoreError.invalid("'\(agent)' is not an agent name: 1–64 letters, digits, '.', '_' or '-'")
        }
        guard Set(agents).count == agents.count else { throw StoreError.invalid("an agent is named twice") }
    }
}

/// A login a supervisor let act as agents.
public struct LoginMapping: Hashable, Sendable {
    public var login: String
    public var agents: [String]
    public var mappedBy: String
    public var mappedAt: Date

    public init(login: String, agents: [String], mappedBy: String, mappedAt: Date) {
        self.login = login
        self.agents = agents
        self.mappedBy = mappedBy
        self.mappedAt = mappedAt
    }

    /// The mappings of rows of one login and agent each, in login then position order, as the stores keep them.
    package static func grouped(
        _ rows: [(login: String, agent: String, mappedBy: String, mappedAt: Int64)]
    ) -> [LoginMapping] {
        var mappings: [LoginMapping] = []
        for row in rows {
            if mappings.last?.login == row.login {
                mappings[mappings.count - 1].agents.append(row.agent)
            } else {
                mappings.append(
                    LoginMapping(
                        login: row.login, agents: [row.agent], mappedBy: row.mappedBy,
                        mappedAt: Date(milliseconds: row.mappedAt)))
            }
        }
        return mappings
    }
}
