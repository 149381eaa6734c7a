/// Something in the store changed: re-read what is on screen.
public struct StoreChange: Hashable, Sendable {
    /// True when another process wrote; false when this process did.
    public var external: Bool

    public init(external: Bool) { self.external = external }
}
