import AgentConsole
import ConsoleConfig
import Foundation
import TOMLKit
import TanggapThemes
import Testing

/// Theme files and the config's `[keys]` table, read from TOML.
@Suite struct ConsoleConfigTests {
    @Test(arguments: BundledThemes.names)
    func bundledThemesLoadAndNameEveryRole(_ name: String) throws {
        let text = try #require(BundledThemes.text(named: name))
        let theme = try Theme(toml: text, name: name)
        #expect(theme.name == name)
        #expect(Set(theme.styles.keys) == Set(Role.allCases))
    }

    @Test(arguments: [
        ("[roles]\nsparkle = { fg = \"red\" }", "unknown role 'sparkle'"),
        ("[roles]\nnormal = { fg = \"ultraviolet\" }", "role 'normal': fg must be a colour name, 0–255 or #rrggbb"),
        (
            "[roles]\nnormal = { blink = true }",
            "role 'normal': unknown field 'blink'; use fg, bg, bold, underline, reverse, dim"
        ),
        ("name = \"x\"", "the theme has no [roles] table"),
    ])
    func badThemesSayWhatIsWrong(_ text: String, _ message: String) {
        #expect {
            _ = try Theme(toml: text, name: "bad")
        } throws: { error in
            (error as? ConfigError)?.message.hasPrefix(message) == true
        }
    }

    @Test func noColourKeepsMeaningWithAttributes() throws {
        let dark = try Theme(toml: try #require(BundledThemes.text(named: "dark")), name: "dark")
        let plain = dark.monochrome
        #expect(plain.style(.selection).reverse)
        #expect(plain.style(.slaBreached).bold)
        #expect(
            Role.allCases.allSatisfy {
                plain.style($0).foreground == .terminalDefault && plain.style($0).background == .terminalDefault
            })
    }

    @Test func keysCanBeRebound() throws {
        let table = try TOMLTable(string: "down = [\"ctrl-n\", \"j\"]\nquit = \"Q\"")
        let keymap = try Keymap.standard.overridden(by: table)
        #expect(keymap.command(for: .control("n")) == .down)
        #expect(keymap.command(for: .down) == nil)
        #expect(keymap.command(for: .character("Q")) == .quit)
        #expect(keymap.command(for: .character("q")) == nil)
        #expect(throws: ConfigError.self) { try Keymap.standard.overridden(by: try TOMLTable(string: "reply = \"1\"")) }
        #expect(throws: ConfigError.self) { try Keymap.standard.overridden(by: try TOMLTable(string: "fly = \"f\"")) }
        #expect {
            try Keymap.standard.overridden(by: try TOMLTable(string: "down = 3"))
        } throws: { error in
            (error as? ConfigError)?.message == "[keys]: down must be a key name or a list of key names"
        }
    }
}
