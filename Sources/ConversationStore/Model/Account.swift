import Foundation

/// One of the brand's own handles on a channel (`@TelkomCare` on twitter, a WhatsApp number, a Facebook page).
///
/// Each account is one inbox: its conversations are answered in its name.
public struct Account: Hashable, Codable, Sendable {
    public var channel: Channel
    /// The handle without a leading `@`, as the channel spells it.
    public var handle: String
    public var name: String?

    public init(channel: Channel, handle: String, name: String? = nil) {
        self.channel = channel
        self.handle = handle
        self.name = name
    }
}
