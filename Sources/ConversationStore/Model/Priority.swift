import Foundation

/// How urgent a conversation is; breaks ties between equal SLA due times in the queue.
public enum Priority: String, Codable, Sendable, CaseIterable, Comparable {
    case low
    case normal
    case high
    case urgent

    /// A priority as an agent types it: its name, or the start of it (`h` or `hi` for high), in any case; `nil` for
    /// anything else.
    public init?(typed text: String) {
        let lowered = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard !lowered.isEmpty, let match = Self.allCases.first(where: { $0.rawValue.hasPrefix(lowered) }) else {
            return nil
        }
        self = match
    }

    /// 0 for `low` up to 3 for `urgent`.
    public var rank: Int {
        switch self {
        case .low: 0
        case .normal: 1
        case .high: 2
        case .urgent: 3
        }
    }

    public init?(rank: Int) {
        guard let match = Priority.allCases.first(where: { $0.rank == rank }) else { return nil }
        self = match
    }

    public static func < (lhs: Priority, rhs: Priority) -> Bool { lhs.rank < rhs.rank }
}
