/// The network a conversation happens on: `twitter`, `facebook`, `instagram`, `whatsapp`, `email`, `web`, or any
/// other lowercase name a new intake speaks.
///
/// Channels are open-ended, so this is a checked name rather than a closed enum.
public struct Channel: RawRepresentable, Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    public let rawValue: String

    /// Accepts 1–32 characters of `a`–`z`, `0`–`9`, `_` and `-`; anything else is `nil`.
    public init?(rawValue: String) {
        guard (1...32).contains(rawValue.utf8.count),
            rawValue.utf8.allSatisfy({
                ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F || $0 == 0x2D
            })
        else { return nil }
        self.rawValue = rawValue
    }

    private init(known: String) { rawValue = known }

    public static let twitter = Channel(known: "twitter")
    public static let facebook = Channel(known: "facebook")
    public static let instagram = Channel(known: "instagram")
    public static let whatsapp = Channel(known: "whatsapp")
    public static let email = Channel(known: "email")
    public static let web = Channel(known: "web")

    public var description: String { rawValue }

    /// The two letters the queue shows for the channel: `tw`, `fb`, `ig`, `wa`, `em`, `wb`, else the name's first two.
    public var code: String {
        switch self {
        case .twitter: "tw"
        case .facebook: "fb"
        case .instagram: "ig"
        case .whatsapp: "wa"
        case .email: "em"
        case .web: "wb"
        default: String(rawValue.prefix(2))
        }
    }

    /// A channel by its name or by the code the queue shows for it (`wa` for whatsapp); `nil` for neither.
    public init?(nameOrCode text: String) {
        let lowered = text.lowercased()
        if let known = [Channel.twitter, .facebook, .instagram, .whatsapp, .email, .web].first(where: {
            $0.code == lowered
        }) {
            self = known
        } else {
            self.init(rawValue: lowered)
        }
    }

    public static func < (lhs: Channel, rhs: Channel) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let name = try container.decode(String.self)
        guard let channel = Channel(rawValue: name) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "channel must be lowercase letters, digits, _ or -")
        }
        self = channel
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
