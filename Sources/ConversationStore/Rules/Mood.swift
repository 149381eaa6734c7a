/// How a customer's sentiment score reads: negative at or below −0.3, positive at or above 0.3, neutral between,
/// unknown before they wrote. The queue's unhappy view, the `☹` mark, moving a heated public thread private, the
/// review filter and the report's sentiment groups all read it from here.
public enum Mood: String, CaseIterable, Sendable {
    case negative
    case neutral
    case positive
    case unknown

    /// At or below this score a customer is unhappy.
    public static let unhappyAtOrBelow = -0.3
    /// At or above this score a customer is happy.
    public static let happyAtOrAbove = 0.3

    /// The mood of a sentiment score.
    public init(_ sentiment: Double?) {
        guard let sentiment else {
            self = .unknown
            return
        }
        self = sentiment <= Self.unhappyAtOrBelow ? .negative : sentiment >= Self.happyAtOrAbove ? .positive : .neutral
    }

    /// Whether a score counts as unhappy.
    public static func isUnhappy(_ sentiment: Double?) -> Bool { Mood(sentiment) == .negative }
}
