/// Who a message comes from, as far as customer care is concerned.
public enum MessageDirection: String, Codable, Sendable, CaseIterable {
    /// From the customer.
    case inbound
    /// From the brand: an agent's reply (or, in imported history, the brand account's post).
    case outbound
    /// An internal note between agents; never shown to the customer and never a response.
    case note
}
