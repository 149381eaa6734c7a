import Foundation

/// Colours and attributes for every role, as a theme file (TOML, read by `ConsoleConfig`) gives them:
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
        /// The text colour.
        public var foreground: ThemeColor = .terminalDefault
        /// The cell's background colour.
        public var background: ThemeColor = .terminalDefault
        /// Bold text.
        public var bold = false
        /// Underlined text.
        public var underline = false
        /// Foreground and background swapped.
        public var reverse = false
        /// Faint text.
        public var dim = false

        /// A style; the terminal's own colours and no attributes unless told otherwise.
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

    /// The theme's name, as `--theme` takes it.
    public var name: String
    /// The style of each role the theme names.
    public var styles: [Role: Style]

    /// A theme of these styles.
    public init(name: String, styles: [Role: Style]) {
        self.name = name
        self.styles = styles
    }

    /// The style of a role, falling back to `normal`.
    public func style(_ role: Role) -> Style {
        styles[role] ?? styles[.normal] ?? Style()
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
