/// A past conversation and the brand's first reply to it.
public struct AnsweredExample: Hashable, Sendable {
    public var conversation: ConversationID
    /// The analysed terms of what the customer wrote before the reply.
    public var terms: String
    public var reply: String
    public var customerName: String?
    public var customerHandle: String?
    public var score: Double

    public init(
        conversation: ConversationID, terms: String, reply: String, customerName: String?, customerHandle: String?,
        score: Double
    ) {
        self.conversation = conversation
        self.terms = terms
        self.reply = reply
        self.customerName = customerName
        self.customerHandle = customerHandle
        self.score = score
    }

    /// The reply with what belonged to that conversation made into variables: the customer's handle and name, and an
    /// agent's signature (`^JD`) at the end.
    public var generalisedReply: String {
        var text = reply
        if let handle = customerHandle, !handle.isEmpty {
            text = text.replacingOccurrences(of: "@" + handle, with: "{{customer.handle}}", options: .caseInsensitive)
        }
        // A reply that opens by addressing someone (“@115712 …”) addresses the customer.
        if text.hasPrefix("@"), let space = text.firstIndex(of: " ") {
            text = "{{customer.handle}}" + text[space...]
        }
        if let name = customerName, name.count >= 3 {
            text = text.replacingOccurrences(of: name, with: "{{customer.name}}")
        }
        if let caret = text.lastIndex(of: "^") {
            let signature = text[text.index(after: caret)...]
            if (1...3).contains(signature.count), signature.allSatisfy(\.isLetter) {
                text = String(text[..<caret]) + "^{{agent.name}}"
            }
        }
        return text
    }
}
