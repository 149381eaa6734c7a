import Foundation

/// Everything the journal records: the agent actions that change a conversation, and the actions that only leave a
/// trace for review (a suggestion shown or taken, an article inserted, a supervisor's note and score, a role given).
public enum JournalAction: Hashable, Sendable {
    /// A change to a conversation, applied to the store after it is journaled.
    case agent(AgentAction)
    /// Suggested replies the console showed for a conversation, best first (`source:reference`).
    case suggestionsShown([String])
    /// The agent took a suggestion into the draft.
    case suggestionTaken(source: String, reference: String)
    /// The agent sent a reply that started from a suggestion: how many words they changed (word-level edit distance)
    /// and that as a share of the longer of the two texts (0 = sent as suggested, 1 = rewritten).
    case suggestionEdited(reference: String, wordsChanged: Int, editedShare: Double)
    /// The agent inserted a knowledge-base article into the draft.
    case articleInserted(id: String)
    /// The agent sent a public reply holding personal data of these kinds, having allowed it.
    case personalDataAllowed(kinds: [String])
    /// The agent showed the conversation's personal data unmasked (the console masks it by default).
    case personalDataRevealed
    /// Personal data was masked in the messages stored before a time (``Store/redact(olderThan:dryRun:by:)``).
    case redacted(before: Date, messages: Int, findings: Int)
    /// A supervisor's note on how a conversation was handled.
    case reviewNote(text: String)
    /// A supervisor's score for how a conversation was handled, 1 (poor) to 5 (excellent).
    case reviewScore(Int)
    /// Gives an agent a role.
    case setRole(agent: String, role: AgentRole)
    /// A supervisor lets an operating-system login act as these agents on a SQLite store (none: the login acts as
    /// itself again). See ``AgentIdentity``.
    case mapLogin(login: String, agents: [String])
    /// A supervisor sets the store's service policy (SLA targets, business hours), as its file reads
    /// (``SLAPolicy/toml``).
    case setPolicy(toml: String)
    /// Withdraws an earlier entry of the same journal (named by its id) that the store did not apply, and the agent
    /// was told so: recovery never applies a withdrawn entry. Only ``Store`` writes these.
    case withdraw(entry: String, reason: String)

    /// Whether only a supervisor may take the action (``ActionRules/checkSupervision(of:by:actorRole:)``). Giving a
    /// role has a rule of its own (``ActionRules``' `checkRoleGiving`: the first supervisor names themselves).
    public var needsSupervisor: Bool {
        switch self {
        case .setPolicy, .mapLogin, .reviewNote, .reviewScore, .redacted: true
        default: false
        }
    }

    /// The journal names of the actions only a supervisor may take: what the PostgreSQL store's server refuses from a
    /// role that is not one. (Tests check it names exactly those ``needsSupervisor`` says.)
    public static let supervisorActionNames = ["policy", "login-map", "review-note", "review-score", "redacted"]

    /// The action's name in the journal and the store's events (`claim`, `reply`, `review-note`, …).
    public var name: String {
        switch self {
        case .agent(let action): action.name
        case .suggestionsShown: "suggestions-shown"
        case .suggestionTaken: "suggestion-taken"
        case .suggestionEdited: "suggestion-edited"
        case .articleInserted: "article-inserted"
        case .personalDataAllowed: "personal-data-allowed"
        case .personalDataRevealed: "personal-data-revealed"
        case .redacted: "redacted"
        case .reviewNote: "review-note"
        case .reviewScore: "review-score"
        case .setRole: "agent-role"
        case .mapLogin: "login-map"
        case .setPolicy: "policy"
        case .withdraw: "withdraw"
        }
    }

    /// The action's details as the journal writes them.
    public var payload: JSONValue {
        switch self {
        case .agent(let action): Self.payload(of: action)
        case .suggestionsShown(let references): .object(["suggestions": .array(references.map(JSONValue.string))])
        case .suggestionTaken(let source, let reference):
            .object(["source": .string(source), "reference": .string(reference)])
        case .suggestionEdited(let reference, let words, let share):
            .object([
                "reference": .string(reference), "words_changed": .int(Int64(words)),
                "edited_share": .double((share * 1000).rounded() / 1000),
            ])
        case .articleInserted(let id): .object(["article": .string(id)])
        case .personalDataAllowed(let kinds): .object(["kinds": .array(kinds.map(JSONValue.string))])
        case .personalDataRevealed: .object([:])
        case .redacted(let before, let messages, let findings):
            .object([
                "before": JSONValue(before), "messages": .int(Int64(messages)), "findings": .int(Int64(findings)),
            ])
        case .reviewNote(let text): .object(["text": .string(text)])
        case .reviewScore(let score): .object(["score": .int(Int64(score))])
        case .setRole(let agent, let role): .object(["agent": .string(agent), "role": .string(role.rawValue)])
        case .mapLogin(let login, let agents):
            .object(["login": .string(login), "agents": .array(agents.map(JSONValue.string))])
        case .setPolicy(let toml): .object(["policy": .string(toml)])
        case .withdraw(let entry, let reason): .object(["entry": .string(entry), "reason": .string(reason)])
        }
    }

    private static func payload(of action: AgentAction) -> JSONValue {
        switch action {
        case .claim(let seconds): .object(["lease_seconds": .int(Int64(seconds))])
        case .release: .object([:])
        case .reply(let text, let isPrivate): .object(["text": .string(text), "private": .bool(isPrivate)])
        case .note(let text): .object(["text": .string(text)])
        case .tag(let tags), .untag(let tags): .object(["tags": .array(tags.map(JSONValue.string))])
        case .setStatus(let status): .object(["status": .string(status.rawValue)])
        case .setPriority(let priority): .object(["priority": .string(priority.rawValue)])
        case .snooze(let until): .object(["until": JSONValue(until)])
        case .markNoReplyNeeded(let reason): .object(["reason": .string(reason)])
        case .clearNoReply: .object([:])
        }
    }

    /// Reads an action back from its journal name and payload; `nil` for a name or payload this version does not
    /// know.
    public init?(name: String, payload: JSONValue) {
        let fields = payload.objectValue ?? [:]
        func text(_ key: String) -> String? { fields[key]?.stringValue }
        func strings(_ key: String) -> [String]? { fields[key]?.arrayValue?.compactMap(\.stringValue) }
        switch name {
        case "claim":
            guard let seconds = fields["lease_seconds"]?.intValue else { return nil }
            self = .agent(.claim(leaseSeconds: Int(seconds)))
        case "release": self = .agent(.release)
        case "reply", "private-reply":
            guard let body = text("text") else { return nil }
            self = .agent(.reply(text: body, isPrivate: fields["private"]?.boolValue ?? (name == "private-reply")))
        case "note":
            guard let body = text("text") else { return nil }
            self = .agent(.note(text: body))
        case "tag", "untag":
            guard let tags = strings("tags") else { return nil }
            self = .agent(name == "tag" ? .tag(tags) : .untag(tags))
        case "status":
            guard let status = text("status").flatMap(ConversationStatus.init(rawValue:)) else { return nil }
            self = .agent(.setStatus(status))
        case "priority":
            guard let priority = text("priority").flatMap(Priority.init(rawValue:)) else { return nil }
            self = .agent(.setPriority(priority))
        case "snooze":
            guard let until = text("until").flatMap(Timestamp.parseRFC3339) else { return nil }
            self = .agent(.snooze(until: until))
        case "no-reply":
            guard let reason = text("reason") else { return nil }
            self = .agent(.markNoReplyNeeded(reason: reason))
        case "reply-needed": self = .agent(.clearNoReply)
        case "suggestions-shown":
            guard let references = strings("suggestions") else { return nil }
            self = .suggestionsShown(references)
        case "suggestion-taken":
            guard let source = text("source"), let reference = text("reference") else { return nil }
            self = .suggestionTaken(source: source, reference: reference)
        case "suggestion-edited":
            guard let reference = text("reference"), let words = fields["words_changed"]?.intValue,
                let share = fields["edited_share"]?.doubleValue
            else { return nil }
            self = .suggestionEdited(reference: reference, wordsChanged: Int(words), editedShare: share)
        case "article-inserted":
            guard let id = text("article") else { return nil }
            self = .articleInserted(id: id)
        case "personal-data-allowed":
            guard let kinds = strings("kinds") else { return nil }
            self = .personalDataAllowed(kinds: kinds)
        case "personal-data-revealed": self = .personalDataRevealed
        case "redacted":
            guard let before = text("before").flatMap(Timestamp.parseRFC3339),
                let messages = fields["messages"]?.intValue, let findings = fields["findings"]?.intValue
            else { return nil }
            self = .redacted(before: before, messages: Int(messages), findings: Int(findings))
        case "review-note":
            guard let body = text("text") else { return nil }
            self = .reviewNote(text: body)
        case "review-score":
            guard let score = fields["score"]?.intValue else { return nil }
            self = .reviewScore(Int(score))
        case "agent-role":
            guard let agent = text("agent"), let role = text("role").flatMap(AgentRole.init(rawValue:)) else {
                return nil
            }
            self = .setRole(agent: agent, role: role)
        case "login-map":
            guard let login = text("login"), let agents = strings("agents") else { return nil }
            self = .mapLogin(login: login, agents: agents)
        case "policy":
            guard let toml = text("policy") else { return nil }
            self = .setPolicy(toml: toml)
        case "withdraw":
            guard let entry = text("entry") else { return nil }
            self = .withdraw(entry: entry, reason: text("reason") ?? "")
        default: return nil
        }
    }
}

/// How much a sent reply differs from the suggestion it started from, in words.
public enum EditMeasure {
    /// Word-level Levenshtein distance, and that distance over the longer text's word count.
    public static func between(_ original: String, _ sent: String) -> (words: Int, share: Double) {
        let a = original.split(whereSeparator: \.isWhitespace)
        let b = sent.split(whereSeparator: \.isWhitespace)
        guard !a.isEmpty || !b.isEmpty else { return (0, 0) }
        guard !a.isEmpty, !b.isEmpty else { return (max(a.count, b.count), 1) }
        var previous = Array(0...b.count)
        var current = previous
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        let distance = previous[b.count]
        return (distance, Double(distance) / Double(max(a.count, b.count)))
    }
}

/// What an agent may do: agents work the queue; supervisors also review and give roles.
public enum AgentRole: String, Hashable, Sendable, CaseIterable, Codable {
    case agent
    case supervisor
}
