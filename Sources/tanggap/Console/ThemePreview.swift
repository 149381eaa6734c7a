import AgentConsole
import Foundation

/// `tanggap themes preview NAME`: every role in its style, written with plain SGR sequences of our own making.
enum ThemePreview {
    static func render(_ theme: Theme, colour: Bool) -> String {
        var lines = ["theme \(theme.name)"]
        let samples: [Role: String] = [
            .selection: "  12m tw  @budi_s sinyal lemot bgt dr pagi", .slaOK: "  24m", .slaWarning: "   6m",
            .slaBreached: " -18m", .inbound: "◀ @budi_s · 10:02", .outbound: "▶ @TelkomCare (ani) · 10:12 · queued",
            .note: "✎ note by ani · cek ke tim jaringan", .newMarker: "──── new ────",
            .statusBar: " ani │ needs-reply │ 12 need reply ",
            .error: " conversation 12 is claimed by budi ", .key: "1", .tag: "#refund", .risk: "▲ wide reach",
        ]
        for role in Role.allCases {
            let sample = samples[role] ?? role.rawValue
            let styled = colour ? sgr(theme.style(role)) + sample + "\u{1B}[0m" : sample
            lines.append(role.rawValue.padding(toLength: 16, withPad: " ", startingAt: 0) + styled)
        }
        return lines.joined(separator: "\n")
    }

    static func sgr(_ style: Theme.Style) -> String {
        var codes: [String] = []
        if style.bold { codes.append("1") }
        if style.dim { codes.append("2") }
        if style.underline { codes.append("4") }
        if style.reverse { codes.append("7") }
        codes += color(style.foreground, base: 38)
        codes += color(style.background, base: 48)
        return codes.isEmpty ? "" : "\u{1B}[" + codes.joined(separator: ";") + "m"
    }

    static func color(_ color: ThemeColor, base: Int) -> [String] {
        switch color {
        case .terminalDefault: []
        case .indexed(let index): ["\(base)", "5", "\(index)"]
        case .rgb(let r, let g, let b): ["\(base)", "2", "\(r)", "\(g)", "\(b)"]
        }
    }
}
