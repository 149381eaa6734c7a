import Foundation
import TOMLKit

/// Colours and attributes for every role, loaded from a TOML file:
///
/// ```toml
/// name = "dark"
/// [roles]
/// normal = { fg = "default", bg = "default" }
/// selection = { fg = "black", bg = "#5fafff", bold = true }
/// sla_breached = { fg = "bright-red", bold = true }
/// ```
///
/// Roles a theme leaves out take the `normal` style. Under `NO_COLOR` (or `--no-color`) only the attributes are
/// used, and roles that need to stand out get reverse or bold.
public struct Theme: Hashable, Sendable {
    /// The look of one role.
    public struct Style: Hashable, Sendable {
        public var foreground: ThemeColor = .terminalDefault
        public var background: ThemeColor = .terminalDefault
        public var bold = false
        public var underline = false
        public var reverse = false
        public var dim = false

        public init(
            foreground: ThemeColor = .terminalDefault, background: ThemeColor = .terminalDefault, bold: Bool = false,
            underline: Bool = false, reverse: Bool = false, dim: Bool = false
        ) {
            self.foreground = foreground
            self.background = background
            self.bold = bold
            self.underline = underline
            self.reverse = reverse
            self.dim = dim
        }
    }

    public var name: String
    public var styles: [Role: Style]

    public init(name: String, styles: [Role: Style]) {
        self.name = name
        self.styles = styles
    }

    /// The style of a role, falling back to `normal`.
    public func style(_ role: Role) -> Style {
        styles[role] ?? styles[.normal] ?? Style()
    }

    /// Parses a theme file; errors name the role and the value that is wrong.
    public init(toml text: String, name fallbackName: String) throws {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ConfigError("line \(error.source.begin.line): \(error.description)")
        }
        name = table["name"]?.string ?? fallbackName
        styles = [:]
        guard let roles = table["roles"]?.table else { throw ConfigError("the theme has no [roles] table") }
        for key in roles.keys {
            guard let role = Role(rawValue: key) else {
                throw ConfigError(
                    "unknown role '\(key)'; roles are \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard let entry = roles[key]?.table else {
                throw ConfigError("role '\(key)' must be a table like { fg = \"red\" }")
            }
            var style = Style()
            for field in entry.keys {
                switch field {
                case "fg", "bg":
                    guard let value = entry[field]?.string ?? entry[field]?.int.map(String.init),
                        let color = ThemeColor(parsing: value)
                    else {
                        throw ConfigError("role '\(key)': \(field) must be a colour name, 0–255 or #rrggbb")
                    }
                    if field == "fg" { style.foreground = color } else { style.background = color }
                case "bold", "underline", "reverse", "dim":
                    guard let flag = entry[field]?.bool else {
                        throw ConfigError("role '\(key)': \(field) must be true or false")
                    }
                    switch field {
                    case "bold": style.bold = flag
                    case "underline": style.underline = flag
                    case "reverse": style.reverse = flag
                    default: style.dim = flag
                    }
                default:
                    throw ConfigError(
                        "role '\(key)': unknown field '\(field)'; use fg, bg, bold, underline, reverse, dim")
                }
            }
            styles[role] = style
        }
    }

    /// The same theme without colours, for `NO_COLOR`: attributes only, with reverse and bold where colour carried
    /// meaning.
    public var monochrome: Theme {
        var plain: [Role: Style] = [:]
        for role in Role.allCases {
            let original = style(role)
            var style = Style(
                bold: original.bold, underline: original.underline, reverse: original.reverse, dim: original.dim)
            switch role {
            case .selection, .statusBar: style.reverse = true
            case .slaBreached, .error, .focusBorder, .title, .newMarker: style.bold = true
            case .match, .key: style.underline = true
            case .note, .dim: style.dim = true
            default: break
            }
            plain[role] = style
        }
        return Theme(name: name + " (no colour)", styles: plain)
    }

    /// A plain theme that needs no file, used when none can be loaded.
    public static let fallback = Theme(name: "fallback", styles: [:]).monochrome
}

/// A theme or config file that cannot be used, and why.
public struct ConfigError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
