/// What a piece of the screen is, so a theme can give it a style. Rendering names roles, never colours.
public enum Role: String, Hashable, Sendable, CaseIterable, Codable {
    case normal
    case dim
    case title
    case border
    case focusBorder = "focus_border"
    case statusBar = "status_bar"
    case statusAccent = "status_accent"
    case selection
    case slaOK = "sla_ok"
    case slaWarning = "sla_warning"
    case slaBreached = "sla_breached"
    case inbound
    case outbound
    case note
    case newMarker = "new_marker"
    case priority
    case risk
    case tag
    case key
    case error
    case info
    case input
    case match
}
