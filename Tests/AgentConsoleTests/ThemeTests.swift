import Foundation
import Testing

@testable import AgentConsole

@Suite struct ThemeTests {
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

    /// Keys may move between commands when the config moves both.
    @Test func twoCommandsMayTradeKeys() throws {
        let keymap = try Keymap.standard.overridden(by: ["down": ["k"], "up": ["j"]])
        #expect(keymap.command(for: .character("k")) == .down)
        #expect(keymap.command(for: .character("j")) == .up)
    }

    @Test func keysCanBeReboundByName() throws {
        let keymap = try Keymap.standard.overridden(by: ["down": ["ctrl-n", "j"], "quit": ["Q"]])
        #expect(keymap.command(for: .control("n")) == .down)
        #expect(keymap.command(for: .down) == nil)
        #expect(keymap.command(for: .character("Q")) == .quit)
        #expect(keymap.command(for: .character("q")) == nil)
    }

    @Test(arguments: [
        (["reply": ["1"]], "[keys]: 1–9 take suggestions and cannot be rebound"),
        (["fly": ["f"]], "[keys]: unknown command 'fly'"),
        (["down": ["hyper-x"]], "[keys]: 'hyper-x' is not a key name"),
        (["down": ["k"]], "[keys]: 'k' is up's key; give up another key too, or choose another for down"),
        (["quit": ["j"]], "[keys]: 'j' is down's key; give down another key too, or choose another for quit"),
        (["down": ["ctrl-y"], "up": ["ctrl-y"]], "[keys]: 'ctrl-y' is given to both down and up"),
    ])
    func badBindingsSayWhatIsWrong(_ names: [String: [String]], _ message: String) {
        #expect {
            _ = try Keymap.standard.overridden(by: names)
        } throws: { error in
            (error as? ConfigError)?.message.hasPrefix(message) == true
        }
    }
}
