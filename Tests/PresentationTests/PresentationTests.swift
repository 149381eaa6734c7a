import Foundation
import Presentation
import Testing

@Suite struct TerminalTextTests {
    @Test(arguments: [
        ("plain", "plain"),
        ("\u{1B}[2J\u{1B}]0;pwned\u{07}", "^[[2J^[]0;pwned^G"),
        ("line\nbreak\ttab", "line break tab"),
        ("abc\u{202E}fed", "abcfed"),
        ("zero\u{200B}width\u{FEFF}", "zerowidth"),
        ("c1\u{9B}31m", "c1\u{FFFD}31m"),
        ("del\u{7F}", "del^?"),
        ("日本語 😡 ok", "日本語 😡 ok"),
        // A joiner outside an emoji sequence shifts the line; inside one it makes the emoji.
        ("zwj\u{200D}here and\u{200C}there", "zwjhere andthere"),
        ("family 👨\u{200D}👩\u{200D}👧 ok", "family 👨\u{200D}👩\u{200D}👧 ok"),
        ("flag 🇮🇩 ok", "flag 🇮🇩 ok"),
        ("crlf\r\nend", "crlf  end"),
    ])
    func neutralisesControlAndBidiCharacters(_ input: String, _ expected: String) {
        #expect(TerminalText.singleLine(input) == expected)
    }

    @Test func splitsLinesItself() {
        #expect(TerminalText.lines("a\r\nb\nc\u{1B}") == ["a", "b", "c^["])
    }
}

@Suite struct DurationTextTests {
    @Test(arguments: [(45.0, "45s"), (813, "13m33s"), (32906, "9h08m"), (180943, "2d02h"), (-90, "-1m30s")])
    func durationsReadAtAGlance(_ seconds: Double, _ text: String) {
        #expect(DurationText.compact(seconds) == text)
    }

    @Test func dueTimesSayLeftOrLate() {
        let now = Date(timeIntervalSince1970: 0)
        #expect(DurationText.due(Date(timeIntervalSince1970: 720), now: now) == "in 12m00s")
        #expect(DurationText.due(Date(timeIntervalSince1970: -3700), now: now) == "1h01m late")
    }
}
