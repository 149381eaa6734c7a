import Foundation

/// A status message as the console keeps it, to be read again (`M`).
public struct LoggedMessage: Hashable, Sendable {
    public var at: Date
    public var text: String
    public var isError: Bool
}

/// A short message in the status bar.
public struct Flash: Hashable, Sendable {
    /// What it says.
    public var text: String
    /// Something went wrong (shown in the error role).
    public var isError: Bool
    /// When it goes away.
    public var until: Date

    /// A message shown until `until`.
    public init(text: String, isError: Bool, until: Date) {
        self.text = text
        self.isError = isError
        self.until = until
    }
}
