import AgentConsole
import ConversationStore
import TOMLKit

extension Theme {
    /// Parses a theme file; errors name the role and the value that is wrong.
    public init(toml text: String, name fallbackName: String) throws {
        let table: TOMLTable
        do {
            table = try TOMLText.table(text)
        } catch {
            throw ConfigError(error.description)
        }
        var styles: [Role: Style] = [:]
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
        self.init(name: table["name"]?.string ?? fallbackName, styles: styles)
    }

}
