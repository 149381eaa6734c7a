import Foundation

/// A platform's word on a reply it was given: WhatsApp's `statuses`.
public struct DeliveryReport: Hashable, Sendable {
    public var channel: Channel
    /// The platform's id of our outbound message.
    public var externalID: String
    public var state: DeliveryState
    public var error: String?

    public init(channel: Channel, externalID: String, state: DeliveryState, error: String? = nil) {
        self.channel = channel
        self.externalID = externalID
        self.state = state
        self.error = error
    }
}
