import Foundation

extension Date {
    /// Milliseconds since 1970, as every store keeps times.
    /// A time too far from 1970 for 64 bits saturates rather than trapping (times are range-checked where they
    /// enter; see ``IncomingMessageRules/isPlausible(_:)``).
    package var milliseconds: Int64 {
        let value = (timeIntervalSince1970 * 1000).rounded()
        guard value.isFinite else { return value.isNaN ? 0 : value > 0 ? .max : .min }
        return value >= 9.223_372_036_854_775e18 ? .max : value <= -9.223_372_036_854_775e18 ? .min : Int64(value)
    }

    package init(milliseconds: Int64) { self.init(timeIntervalSince1970: Double(milliseconds) / 1000) }
}

extension Duration {
    /// The whole milliseconds of the duration, as the store's times count them.
    public var milliseconds: Int64 { components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000 }
}
