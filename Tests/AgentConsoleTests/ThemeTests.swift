import Foundation
import TOMLKit
import TanggapThemes
import Testing

@testable import AgentConsole

@Suite struct ThemeTests {
    @Test(arguments: BundledThemes.names)
    func bundledThemesLoadAndNameEveryRole(_ name: String) throws {
        let text = try #require(BundledThemes.text(named: name))
        let theme = try Theme(toml: text, name: name)
        #expect(theme.name == name)
        #expect(Set(theme.styles.keys) == Set(Role.allCases))
    }

    @Test(arguments: [
        ("red", ThemeColor.indexed(1)), ("bright-blue", .indexed(12)), ("grey", .indexed(8)), ("208", .indexed(208)),
        ("#5fafff", .rgb(0x5F, 0xAF, 0xFF)), ("default", .terminalDefault),
    ])
    func coloursParse(_ text: String, _ color: ThemeColor) {
        #expect(ThemeColor(parsing: text) == color)
    }

    @Test func coloursMapToWhatTheTerminalHas() {
        #expect(ThemeColor.rgb(0x5F, 0xAF, 0xFF).index(available: 256) == 75)
        #expect(ThemeColor.rgb(255, 0, 0).index(available: 8) == 1)
        // Orange has no 16-colour twin; yellow is nearest.
        #expect(ThemeColor.indexed(208).index(available: 16) == 3)
        #expect(ThemeColor.indexed(3).index(available: 8) == 3)
        #expect(ThemeColor.terminalDefault.index(available: 256) == nil)
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
    }
}
