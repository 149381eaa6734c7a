import Foundation

/// Where a store lives: a SQLite file, or a PostgreSQL server.
public enum StoreLocation: Hashable, Sendable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(url: String)

    /// Parses `--store` or `TANGGAP_STORE`: a path, `sqlite:PATH`, or `postgres://…`.
    public init(parsing text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("postgres://") || trimmed.hasPrefix("postgresql://") {
            self = .postgres(url: trimmed)
        } else if trimmed.hasPrefix("sqlite:") {
            let path = String(trimmed.dropFirst("sqlite:".count))
            guard !path.isEmpty else { throw StoreError(.invalidLocation, "store url 'sqlite:' names no file") }
            self = .sqlite(path: Self.expandingTilde(path))
        } else if trimmed.isEmpty {
            throw StoreError(.invalidLocation, "store location is empty; give a path, sqlite:PATH or postgres://…")
        } else if let scheme = trimmed.range(of: "://"), !trimmed[..<scheme.lowerBound].contains("/") {
            throw StoreError(
                .invalidLocation,
                "unknown store url scheme '\(trimmed[..<scheme.lowerBound])'; use a path, sqlite:PATH or postgres://…")
        } else {
            self = .sqlite(path: Self.expandingTilde(trimmed))
        }
    }

    /// The location a command uses: the explicit one, else `TANGGAP_STORE`, else
    /// `$XDG_DATA_HOME/tanggap/store.sqlite` (`~/.local/share/tanggap/store.sqlite`).
    public static func resolve(_ explicit: String?, environment: [String: String]) throws -> StoreLocation {
        if let explicit { return try StoreLocation(parsing: explicit) }
        if let fromEnvironment = environment["TANGGAP_STORE"], !fromEnvironment.isEmpty {
            return try StoreLocation(parsing: fromEnvironment)
        }
        let dataHome =
            environment["XDG_DATA_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil }
            ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.local/share")
        return .sqlite(path: dataHome + "/tanggap/store.sqlite")
    }

    public var description: String {
        switch self {
        case .sqlite(let path): path
        case .postgres(let url): Self.redactingPassword(url)
        }
    }

    private static func expandingTilde(_ path: String) -> String {
        guard path == "~" || path.hasPrefix("~/") else { return path }
        return NSHomeDirectory() + path.dropFirst()
    }

    private static func redactingPassword(_ url: String) -> String {
        guard let at = url.firstIndex(of: "@"), let schemeEnd = url.range(of: "://") else { return url }
        let credentials = url[schemeEnd.upperBound..<at]
        guard let colon = credentials.firstIndex(of: ":") else { return url }
        return String(url[..<colon]) + ":***" + String(url[at...])
    }
}
