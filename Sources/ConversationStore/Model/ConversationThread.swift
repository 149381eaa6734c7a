/// A conversation with all of its messages, oldest first, as `tanggap show` and the console's thread pane read it.
public struct ConversationThread: Hashable, Codable, Sendable {
    public var conversation: Conversation
    public var messages: [Message]

    public init(conversation: Conversation, messages: [Message]) {
        self.conversation = conversation
        self.messages = messages
    }
}
