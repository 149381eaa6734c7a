import TextAnalysis

/// Narrows a queue view: `status:open tag:refund channel:twitter assignee:ani is:unclaimed` and free words, all of
/// which must match (free words are looked for in the latest customer text and the customer's handle and name).
/// `is:unclaimed` keeps the conversations nobody holds a claim on; `id:12,15,19` only those conversations (what the
/// console's list of a rising term's conversations is).
public struct QueueFilter: Hashable, Sendable {
    public var status: ConversationStatus?
    public var tag: String?
    public var channel: Channel?
    public var assignee: String?
    /// Only conversations nobody holds a claim on.
    public var unclaimed = false
    /// Only conversations nobody but this agent holds a claim on (``Store/claimNext(_:filter:by:leaseSeconds:excluding:)``
    /// reads these); not typed by agents.
    package var freeFor: String?
    public var text: String?
    /// Only these conversations (at most ``longestIDList``).
    public var ids: [ConversationID]?
    /// Only conversations whose customer's latest message has this primary intent (`intent:complaint`).
    public var intent: Intent?

    /// The most conversations `id:` names.
    public static let longestIDList = 1000

    public init(
        status: ConversationStatus? = nil, tag: String? = nil, channel: Channel? = nil, assignee: String? = nil,
        unclaimed: Bool = false, text: String? = nil, ids: [ConversationID]? = nil
    ) {
        self.ids = ids.map { Array($0.prefix(Self.longestIDList)) }
        self.status = status
        self.tag = tag
        self.channel = channel
        self.assignee = assignee
        self.unclaimed = unclaimed
        self.text = text
    }

    /// The keys a filter takes.
    public static let keys = ["status", "tag", "channel", "assignee", "is", "id", "intent"]

    /// True when the filter lets everything through.
    public var isEmpty: Bool { self == QueueFilter() }

    /// Parses what an agent types after `/`. Unknown `key:` prefixes and bad values are errors that say what is
    /// accepted.
    public init(parsing query: String) throws {
        var words: [String] = []
        for token in query.split(separator: " ") {
            guard let colon = token.firstIndex(of: ":"), colon != token.startIndex else {
                words.append(String(token))
                continue
            }
            let key = token[..<colon].lowercased()
            let value = String(token[token.index(after: colon)...])
            switch key {
            case "status":
                guard let status = ConversationStatus(rawValue: value.lowercased()) else {
                    throw StoreError.invalid("status: takes new, open, pending, snoozed or resolved")
                }
                self.status = status
            case "tag":
                guard let tag = ActionRules.normalisedTag(value) else {
                    throw StoreError.invalid("tag: '\(value)' is not a tag")
                }
                self.tag = tag
            case "channel":
                guard let channel = Channel(nameOrCode: value) else {
                    throw StoreError.invalid("channel: takes a channel's name or code, like whatsapp or wa")
                }
                self.channel = channel
            case "assignee":
                self.assignee = value.hasPrefix("@") ? String(value.dropFirst()) : value
            case "id":
                let numbers = value.split(separator: ",", omittingEmptySubsequences: false).map {
                    Int64($0.hasPrefix("#") ? $0.dropFirst() : $0)
                }
                guard !numbers.isEmpty, numbers.count <= Self.longestIDList,
                    numbers.allSatisfy({ ($0 ?? 0) > 0 })
                else {
                    throw StoreError.invalid(
                        "id: takes conversation numbers separated by commas, like id:12,15 (at most 1,000)")
                }
                ids = numbers.compactMap { $0 }.map { ConversationID(rawValue: $0) }
            case "intent":
                guard let intent = Intent(rawValue: value.lowercased()) else {
                    throw StoreError.invalid(
                        "intent: takes " + Intent.allCases.map(\.rawValue).joined(separator: ", "))
                }
                self.intent = intent
            case "is":
                guard value.lowercased() == "unclaimed" else {
                    throw StoreError.invalid("is: takes unclaimed")
                }
                unclaimed = true
            default:
                // A key a letter or two off a filter's ("chanel:") is a typo, not words to search for.
                if key.count >= 4, let meant = EditDistance.nearest(to: key, in: Self.keys, within: 2) {
                    throw StoreError.invalid("unknown filter '\(key):'; did you mean '\(meant):'?")
                }
                words.append(String(token))
            }
        }
        text = words.isEmpty ? nil : words.joined(separator: " ")
    }

    /// The filter written back the way an agent types it.
    public var description: String {
        var parts: [String] = []
        if let status { parts.append("status:\(status.rawValue)") }
        if let tag { parts.append("tag:\(tag)") }
        if let channel { parts.append("channel:\(channel.rawValue)") }
        if let assignee { parts.append("assignee:\(assignee)") }
        if unclaimed { parts.append("is:unclaimed") }
        if let ids { parts.append("id:" + ids.map { String($0.rawValue) }.joined(separator: ",")) }
        if let intent { parts.append("intent:\(intent.rawValue)") }
        if let text { parts.append(text) }
        return parts.joined(separator: " ")
    }

    /// `text` as a LIKE pattern matching it anywhere, with `!` as the escape character (both stores use it).
    package static func likePattern(_ text: String) -> String {
        "%"
            + text.replacingOccurrences(of: "!", with: "!!").replacingOccurrences(of: "%", with: "!%")
            .replacingOccurrences(of: "_", with: "!_") + "%"
    }
}
