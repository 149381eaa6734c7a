/// A theme or config file that cannot be used, and why.
public struct ConfigError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong, and where, in words a person can act on.
    public var message: String
    /// An error saying `message`.
    public init(_ message: String) { self.message = message }
    /// The message.
    public var description: String { message }
}
