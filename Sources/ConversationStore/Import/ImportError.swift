/// An input file that cannot be imported at all (as opposed to single bad records, which are ``Rejection``s).
public struct ImportError: Error, Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var message: String

    public static func unreadable(_ file: String, _ message: String) -> ImportError {
        ImportError(file: file, message: message)
    }

    public var description: String { "\(file): \(message)" }
}
