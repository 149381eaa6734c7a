import TextAnalysis

/// What the product does with personal data a customer or an agent writes (found by `PersonalData`): card numbers and
/// one-time codes are masked wherever a text enters, a public conversation whose customer posted personal data is
/// flagged to be moved to a private message, and a public reply carrying personal data is refused unless the agent
/// allows it. Every part of the product asks here.
public enum PersonalDataRules {
    /// Kinds nobody needs back once written: masked in the store, the journal and rejected-record files as soon as a
    /// text arrives.
    public static let maskedOnArrival: Set<PersonalDataKind> = [.card, .otp]

    /// The text as it may be kept: card numbers and one-time codes masked, the rest as written.
    public static func arriving(_ text: String) -> String {
        PersonalData.mask(text, only: maskedOnArrival)
    }

    /// ``arriving(_:)``, and the kinds it masked.
    public static func arrivingWithKinds(_ text: String) -> (text: String, masked: Set<PersonalDataKind>) {
        let masked = Set(PersonalData.find(in: text).map(\.kind)).intersection(maskedOnArrival)
        return (masked.isEmpty ? text : arriving(text), masked)
    }

    /// The kinds as a store keeps them in one integer, a bit each (in declaration order).
    public static func bits<Kinds: Sequence<PersonalDataKind>>(_ kinds: Kinds) -> Int {
        kinds.reduce(0) { $0 | (1 << (PersonalDataKind.allCases.firstIndex(of: $1) ?? 0)) }
    }

    /// What a message keeps as masked out of it once `kinds` are masked too: what was masked before still counts.
    public static func masking<Kinds: Sequence<PersonalDataKind>>(_ kinds: Kinds, into masked: Int) -> Int {
        masked | bits(kinds)
    }

    /// The kinds a stored integer names, in declaration order; bits this version does not know are left out.
    public static func kinds(bits: Int) -> [PersonalDataKind] {
        PersonalDataKind.allCases.enumerated().filter { bits & (1 << $0.offset) != 0 }.map(\.element)
    }

    /// True for a conversation to move private: public, and its customer posted personal data in public.
    public static func needsMovingPrivate(_ conversation: Conversation) -> Bool {
        conversation.visibility == .public && !conversation.personalData.isEmpty
    }

    /// A kind as people read it: `bank account`, `otp`.
    public static func name(_ kind: PersonalDataKind) -> String {
        kind.rawValue.replacingOccurrences(of: "_", with: " ")
    }

    /// What the queue and the thread say of such a conversation.
    public static let warning = "personal data in public: move to a private message"

    /// Refuses a reply that would post personal data in public: a reply that is not private, to a conversation that
    /// is public, whose text holds personal data of a kind the agent did not allow. A private reply, or one to a
    /// private conversation, passes.
    public static func checkReply(
        _ action: AgentAction, visibility: Visibility, allowing allowed: Set<PersonalDataKind> = []
    ) throws {
        guard case .reply(let text, let isPrivate) = action, !isPrivate, visibility == .public else { return }
        let kinds = PersonalData.kinds(in: text).subtracting(allowed)
        guard !kinds.isEmpty else { return }
        let names = kinds.sorted().map(\.rawValue).joined(separator: ", ")
        throw StoreError(
            .personalData,
            "the reply holds personal data (\(names)) and would be posted in public; reply privately, or allow it "
                + "(--allow-personal-data)")
    }

    /// The action with card numbers and one-time codes masked in what it writes (a reply, a note), as it is
    /// journaled and stored.
    public static func arriving(_ action: AgentAction) -> AgentAction {
        switch action {
        case .reply(let text, let isPrivate): .reply(text: arriving(text), isPrivate: isPrivate)
        case .note(let text): .note(text: arriving(text))
        default: action
        }
    }
}
