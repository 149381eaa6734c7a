import ConversationStore
import Foundation
import Logging
import PostgresNIO

/// The store's mirror of the agents' journals (`event`) and the agents and their roles, on PostgreSQL.
extension PostgresBackend {
    /// Whether the entry is already mirrored; throws its refusal again when the store turned it down.
    ///
    /// Two processes may apply the same entry at once (one recovering a journal it shares with the other, which is
    /// still applying it). The transaction first takes a lock on the entry's id, so the second waits for the first
    /// to commit and then finds the entry mirrored, rather than both applying it (SQLite's single writer gives the
    /// same for free).
    static func alreadyApplied(
        _ entry: JournalEntry, on connection: PostgresConnection, logger: Logger
    ) async throws
        -> Bool
    {
        try await connection.query(
            "SELECT pg_advisory_xact_lock(hashtextextended(\(entry.id), 0))", logger: logger)
        for try await (outcome, error, code, holder) in try await connection.query(
            "SELECT outcome, error, error_code, error_holder FROM event WHERE id = \(entry.id)", logger: logger
        ).decode((String, String?, String?, String?).self) {
            if outcome == StoreEvent.Outcome.refused.rawValue {
                throw StoreEvent.refusal(message: error, code: code, holder: holder)
            }
            return true
        }
        return false
    }

    static func insertEvent(
        _ entry: JournalEntry, conversation: Int64?, outcome: StoreEvent.Outcome, error: StoreError?,
        on connection: PostgresConnection, logger: Logger
    ) async throws {
        try await connection.query(
            """
            INSERT INTO event (id, journal, prev_hash, hash, at, agent, host, action, conversation_id, conversation_ref,
                payload, outcome, error, error_code, error_holder)
            VALUES (\(entry.id), \(entry.journal), \(entry.previousHash), \(entry.hash), \(entry.time.milliseconds),
                \(entry.agent), \(entry.host), \(entry.action), \(conversation), \(entry.conversation?.description),
                \(entry.payload.serialized()), \(outcome.rawValue), \(error?.message), \(error?.code.description),
                \(error?.holder))
            ON CONFLICT (id) DO NOTHING
            """, logger: logger)
    }

    /// Mirrors an entry the store refused, so recovery does not try it again.
    public func recordRefusal(_ entry: JournalEntry, error: StoreError) async throws {
        let logger = logger
        try await write { connection in
            var conversation: Int64?
            if let reference = entry.conversation {
                conversation = try await Self.resolve(reference.rawValue, on: connection, logger: logger)
            }
            try await Self.insertEvent(
                entry, conversation: conversation, outcome: .refused, error: error, on: connection,
                logger: logger)
        }
    }

    public func record(_ entry: JournalEntry) async throws {
        let logger = logger
        let stored = storedPolicy
        do {
            try await write { connection in
                if try await Self.alreadyApplied(entry, on: connection, logger: logger) { return }
                var conversation: Int64?
                if let reference = entry.conversation {
                    conversation = try await Self.resolve(reference.rawValue, on: connection, logger: logger)
                    if conversation == nil { throw StoreError.noConversation(reference) }
                }
                if let action = entry.journalAction, action.needsSupervisor {
                    try ActionRules.checkSupervision(
                        of: action, by: entry.agent,
                        actorRole: try await Self.role(of: entry.agent, on: connection, logger: logger))
                }
                if case .setRole(let agent, let role) = entry.journalAction {
                    try await Self.setRole(
                        agent, role: role, by: entry.agent, at: entry.time.milliseconds, on: connection,
                        logger: logger)
                }
                if case .setPolicy(let toml) = entry.journalAction {
                    try await Self.setPolicy(toml, on: connection, logger: logger, stored)
                }
                if case .mapLogin(let login, let agents) = entry.journalAction {
                    try await connection.query("DELETE FROM login_agent WHERE login = \(login)", logger: logger)
                    for (position, agent) in agents.enumerated() {
                        try await connection.query(
                            """
                            INSERT INTO login_agent (login, agent, position, mapped_by, mapped_at)
                            VALUES (\(login), \(agent), \(position), \(entry.agent), \(entry.time.milliseconds))
                            """, logger: logger)
                    }
                }
                try await Self.insertEvent(
                    entry, conversation: conversation, outcome: .applied, error: nil, on: connection, logger: logger)
            }
        } catch let error as StoreError where error.isRefusal {
            try await recordRefusal(entry, error: error)
            throw error
        }
    }

    private static func setRole(
        _ agent: String, role: AgentRole, by actor: String, at: Int64, on connection: PostgresConnection,
        logger: Logger
    ) async throws {
        // Roles are given one at a time, so the first supervisor is made once.
        try await connection.query("LOCK TABLE agent IN SHARE ROW EXCLUSIVE MODE", logger: logger)
        let supervisors =
            try await connection.first(
                "SELECT COUNT(*) FROM agent WHERE role = 'supervisor'", as: Int64.self, logger: logger) ?? 0
        try ActionRules.checkRoleGiving(
            role, to: agent, by: actor, actorRole: try await Self.role(of: actor, on: connection, logger: logger),
            supervisors: Int(supervisors), agentRole: try await Self.role(of: agent, on: connection, logger: logger))
        try await connection.query(
            """
            INSERT INTO agent (name, role, added_by, added_at) VALUES (\(agent), \(role.rawValue), \(actor), \(at))
            ON CONFLICT (name) DO UPDATE SET role = EXCLUDED.role
            """, logger: logger)
    }

    private static func role(
        of agent: String, on connection: PostgresConnection, logger: Logger
    ) async throws
        -> String?
    {
        try await connection.first("SELECT role FROM agent WHERE name = \(agent)", as: String.self, logger: logger)
    }

    /// The role this connection authenticated as: the agent (``AgentIdentity``), whatever the client says.
    public func identitySource(login: String) async throws -> AgentIdentity.Source {
        let logger = logger
        return try await read { connection in
            .connection(
                role: try await connection.first("SELECT current_user::text", as: String.self, logger: logger) ?? "")
        }
    }

    public func loginMappings() async throws -> [LoginMapping] {
        let logger = logger
        return try await read { connection in
            var rows: [(login: String, agent: String, mappedBy: String, mappedAt: Int64)] = []
            for try await row in try await connection.query(
                "SELECT login, agent, mapped_by, mapped_at FROM login_agent ORDER BY login, position", logger: logger
            ).decode((String, String, String, Int64).self) {
                rows.append(row)
            }
            return LoginMapping.grouped(rows)
        }
    }

    public func agentKeys() async throws -> [String: Set<String>] {
        let logger = logger
        return try await read { connection in
            var keys: [String: Set<String>] = [:]
            for try await (agent, key) in try await connection.query(
                "SELECT agent, key FROM agent_key", logger: logger
            ).decode((String, String).self) {
                keys[agent, default: []].insert(key)
            }
            return keys
        }
    }

    public func registerKey(_ key: String, of agent: String, at time: Date) async throws {
        let logger = logger
        try await write { connection in
            try await connection.query(
                """
                INSERT INTO agent_key (agent, key, since) VALUES (\(agent), \(key), \(time.milliseconds))
                ON CONFLICT (agent, key) DO NOTHING
                """, logger: logger)
        }
    }

    public func lastAppliedTimes(journals: [String]) async throws -> [String: Date] {
        guard !journals.isEmpty else { return [:] }
        let logger = logger
        let unique = Array(Set(journals))
        return try await read { connection in
            var times: [String: Date] = [:]
            for try await (journal, at) in try await connection.query(
                """
                SELECT journal, MAX(at) FROM event WHERE journal = ANY(\(unique)) AND outcome = 'applied'
                GROUP BY journal
                """, logger: logger
            ).decode((String, Int64).self) {
                times[journal] = Date(milliseconds: at)
            }
            return times
        }
    }

    public func appliedEntryIDs(_ ids: [String]) async throws -> Set<String> {
        guard !ids.isEmpty else { return [] }
        let logger = logger
        return try await read { connection in
            Set(
                try await connection.all(
                    "SELECT id FROM event WHERE id = ANY(\(ids))", as: String.self, logger: logger))
        }
    }

    static let eventColumns =
        "id, at, agent, host, journal, action, conversation_ref, payload, prev_hash, hash, outcome, error"

    public func events(conversation: ConversationID) async throws -> [StoreEvent] {
        let logger = logger
        return try await read { connection in
            guard let id = try await Self.resolve(conversation.rawValue, on: connection, logger: logger) else {
                return []
            }
            return try await Self.events(
                "SELECT \(unescaped: Self.eventColumns) FROM event WHERE conversation_id = \(id) ORDER BY at, seq",
                on: connection, logger: logger)
        }
    }

    public func events(
        since: Date?, until: Date?, agent: String?, host: String?, limit: Int
    ) async throws
        -> [StoreEvent]
    {
        let logger = logger
        let query: PostgresQuery = """
            SELECT \(unescaped: Self.eventColumns) FROM event
            WHERE at >= \(since?.milliseconds ?? Int64.min) AND at < \(until?.milliseconds ?? Int64.max)
              AND (\(agent)::TEXT IS NULL OR agent = \(agent)) AND (\(host)::TEXT IS NULL OR host = \(host))
            ORDER BY at, seq LIMIT \(limit)
            """
        return try await read { connection in try await Self.events(query, on: connection, logger: logger) }
    }

    static func events(
        _ query: PostgresQuery, on connection: PostgresConnection, logger: Logger
    ) async throws
        -> [StoreEvent]
    {
        var events: [StoreEvent] = []
        for try await (id, at, agent, host, journal, action, reference, payload, previous, hash, outcome, error)
            in try await connection.query(query, logger: logger).decode(
                (
                    String, Int64, String, String, String, String, String?, String, String, String, String, String?
                ).self)
        {
            guard let payload = JSONValue.parse(payload) else { continue }
            let entry = JournalEntry(
                id: id, time: Date(milliseconds: at), agent: agent, host: host, store: "", journal: journal,
                action: action, conversation: reference.flatMap(ConversationID.init(parsing:)), payload: payload,
                previousHash: previous, hash: hash)
            events.append(
                StoreEvent(entry: entry, outcome: StoreEvent.Outcome(rawValue: outcome) ?? .applied, error: error))
        }
        return events
    }

    public func agents() async throws -> [AgentRecord] {
        let logger = logger
        return try await read { connection in
            var agents: [AgentRecord] = []
            for try await (name, role, addedBy, addedAt) in try await connection.query(
                "SELECT name, role, added_by, added_at FROM agent ORDER BY name", logger: logger
            ).decode((String, String, String, Int64).self) {
                agents.append(
                    AgentRecord(
                        name: name, role: AgentRole(rawValue: role) ?? .agent, addedBy: addedBy,
                        addedAt: Date(milliseconds: addedAt)))
            }
            return agents
        }
    }
}
