import Foundation

/// The checks an action must pass before any backend applies it, so every backend refuses the same things with
/// the same words.
public enum ActionRules {
    /// The longest reply or note accepted, in characters.
    public static let maximumTextLength = 10_000
    /// The longest claim lease, in seconds: one working day.
    public static let maximumLeaseSeconds = 12 * 3600

    public static func validate(_ action: AgentAction, agent: String, now: Date) throws {
        guard isValidAgentName(agent) else {
            throw StoreError.invalid("agent name '\(agent)' must be 1–64 letters, digits, '.', '_' or '-'")
        }
        switch action {
        case .claim(let leaseSeconds):
            guard (1...maximumLeaseSeconds).contains(leaseSeconds) else {
                throw StoreError.invalid("a claim lasts between 1 second and \(maximumLeaseSeconds / 3600) hours")
            }
        case .release, .setPriority, .clearNoReply:
            break
        case .reply(let text, _):
            try checkText(text, what: "reply")
            if let field = TemplateFields.firstUnfilled(in: text) {
                throw StoreError.invalid("the reply still has an unfilled field '\(field)'; fill it in before sending")
            }
        case .note(let text):
            try checkText(text, what: "note")
        case .tag(let tags), .untag(let tags):
            guard !tags.isEmpty else { throw StoreError.invalid("name at least one tag") }
            for tag in tags where normalisedTag(tag) == nil {
                // The tag as typed, shortened: the message must fit a status line.
                let shown = tag.count > 24 ? String(tag.prefix(20)) + "… (\(tag.count) characters)" : tag
                throw StoreError.invalid(
                    "tag '\(shown)' must be 1–64 letters, digits, '-', '_', ':' or '/', starting with a letter or digit"
                )
            }
        case .setStatus(let status):
            guard [.open, .pending, .resolved].contains(status) else {
                throw StoreError.invalid(
                    "status can be set to open, pending or resolved\(status == .snoozed ? "; use snooze with a time" : "")"
                )
            }
        case .snooze(let until):
            guard until > now else { throw StoreError.invalid("snooze until a time in the future") }
        case .markNoReplyNeeded(let reason):
            let trimmed = reason.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty, trimmed.count <= 500 else {
                throw StoreError.invalid("say why no reply is needed, in at most 500 characters")
            }
        }
    }

    /// Who may give a role: a supervisor; while the store has none, only the first supervisor, naming themselves
    /// (nobody makes someone else a supervisor of a store that has none, and through them give themselves roles).
    /// The store's last supervisor stays one: a store without one would be anyone's to take (the first supervisor
    /// names themselves).
    package static func checkRoleGiving(
        _ role: AgentRole, to agent: String, by actor: String, actorRole: String?, supervisors: Int,
        agentRole: String? = nil
    ) throws {
        guard supervisors == 0 || actorRole == AgentRole.supervisor.rawValue else {
            throw StoreError(.invalidAction, "only a supervisor can give roles, and \(actor) is not one")
        }
        if supervisors == 0 && (role != .supervisor || agent != actor) {
            throw StoreError(
                .invalidAction,
                "the store has no supervisor yet: the first names themselves (tanggap agents add \(actor) --role "
                    + "supervisor)")
        }
        if agentRole == AgentRole.supervisor.rawValue && role != .supervisor && supervisors == 1 {
            throw StoreError(
                .invalidAction, "\(agent) is the store's last supervisor: make another supervisor first")
        }
    }

    /// Who may take a supervisor's action (``JournalAction/needsSupervisor``): a supervisor. Both stores call it
    /// in the transaction that applies the action, with the actor's role as stored.
    package static func checkSupervision(of action: JournalAction, by actor: String, actorRole: String?) throws {
        guard action.needsSupervisor, actorRole != AgentRole.supervisor.rawValue else { return }
        let what =
            switch action {
            case .setPolicy: "set the service policy"
            case .mapLogin: "map logins to agents"
            case .redacted: "mask stored messages"
            default: "review"
            }
        throw StoreError(.invalidAction, "only a supervisor can \(what), and \(actor) is not one")
    }

    static func checkText(_ text: String, what: String) throws {
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw StoreError.invalid("the \(what) is empty")
        }
        guard text.count <= maximumTextLength else {
            throw StoreError.invalid("the \(what) is longer than \(maximumTextLength) characters")
        }
    }

    /// Agent names are login names: they go into the journal, reports and file names.
    public static func isValidAgentName(_ name: String) -> Bool {
        (1...64).contains(name.count)
            && name.unicodeScalars.allSatisfy { scalar in
                scalar.isASCII
                    && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                        || "._-".unicodeScalars.contains(scalar))
            }
            // Not only dots and dashes: a name is also a key file's (`keys/NAME.key`).
            && name.unicodeScalars.contains { $0.properties.isAlphabetic || ("0"..."9").contains($0) }
    }

    /// The tag as stored (lowercased, trimmed), or `nil` when it is not a valid tag.
    public static func normalisedTag(_ tag: String) -> String? {
        let lowered = tag.trimmingCharacters(in: .whitespaces).lowercased()
        guard (1...64).contains(lowered.count), let first = lowered.unicodeScalars.first,
            first.properties.isAlphabetic || ("0"..."9").contains(first),
            lowered.unicodeScalars.allSatisfy({
                $0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_:/".unicodeScalars.contains($0)
            })
        else { return nil }
        return lowered
    }

    static func normalisedTags(_ tags: [String]) -> [String] {
        tags.compactMap(normalisedTag)
    }
}
