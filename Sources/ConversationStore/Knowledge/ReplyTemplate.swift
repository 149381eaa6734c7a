/// A canned reply (macro) with variables, `{{?ask:Label}}` fields the agent must fill, and optional follow-up
/// actions.
public struct ReplyTemplate: Hashable, Codable, Sendable, Identifiable {
    public var id: String
    public var name: String
    /// The text, with `{{customer.name}}`, `{{customer.handle}}`, `{{agent.name}}`, `{{conversation.id}}` and
    /// `{{?ask:Label}}` fields.
    public var body: String
    public var language: String?
    public var tags: [String]
    /// A status to set when the reply is sent (`pending`, `resolved`).
    public var setsStatus: ConversationStatus?
    /// Tags to add when the reply is sent.
    public var addsTags: [String]

    public init(
        id: String, name: String, body: String, language: String? = nil, tags: [String] = [],
        setsStatus: ConversationStatus? = nil, addsTags: [String] = []
    ) {
        self.id = id
        self.name = name
        self.body = body
        self.language = language
        self.tags = tags
        self.setsStatus = setsStatus
        self.addsTags = addsTags
    }

    /// The body with the variables this conversation knows filled in; `{{?ask:…}}` fields stay for the agent.
    public func filled(for conversation: Conversation, agent: String) -> String {
        let customer = conversation.customer
        let name = customer?.name ?? customer?.handle.map { "@" + $0 } ?? "Kak"
        return body.replacingOccurrences(of: "{{customer.name}}", with: name)
            .replacingOccurrences(of: "{{customer.handle}}", with: customer?.handle.map { "@" + $0 } ?? name)
            .replacingOccurrences(of: "{{agent.name}}", with: agent)
            .replacingOccurrences(of: "{{conversation.id}}", with: conversation.id.description)
    }
}
