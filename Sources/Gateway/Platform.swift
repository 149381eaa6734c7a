import ConversationStore

/// The networks the service speaks to, by their own APIs. Facebook and Instagram share Meta's Messenger platform;
/// WhatsApp is Meta's Cloud API; `twitter` is X.
public enum Platform: String, Hashable, Sendable, CaseIterable {
    case facebook
    case instagram
    case whatsapp
    case x

    public init?(channel: Channel) {
        switch channel {
        case .facebook: self = .facebook
        case .instagram: self = .instagram
        case .whatsapp: self = .whatsapp
        case .twitter: self = .x
        default: return nil
        }
    }

    public var channel: Channel {
        switch self {
        case .facebook: .facebook
        case .instagram: .instagram
        case .whatsapp: .whatsapp
        case .x: .twitter
        }
    }
}
