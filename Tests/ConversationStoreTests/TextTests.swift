import Foundation
import Testing

@testable import ConversationStore

@Suite struct TimestampTests {
    @Test(arguments: [
        ("Tue Oct 31 22:10:47 +0000 2017", 1_509_487_847.0),
        ("Wed Oct 11 06:55:44 +0000 2017", 1_507_704_944.0),
        ("Tue Oct 31 22:10:47 +0700 2017", 1_509_462_647.0),
        ("Thu Feb 29 00:00:00 +0000 2024", 1_709_164_800.0),
    ])
    func parsesTwitterTimes(_ text: String, _ seconds: Double) {
        #expect(Timestamp.parseTwitter(text) == Date(timeIntervalSince1970: seconds))
    }

    @Test(arguments: [
        "", "Tue Oct 31 22:10:47 2017", "Tue Foo 31 22:10:47 +0000 2017", "Thu Feb 29 00:00:00 +0000 2023",
        "Tue Oct 31 25:10:47 +0000 2017", "Tue Oct 31 -1:10:47 +0000 2017", "Tue Oct +1 22:10:47 +0000 2017",
        "Tue Oct 31 22:10:47 +0+00 2017", "Tue Oct 31 22:10:47 +0000 +201",
    ])
    func refusesMalformedTwitterTimes(_ text: String) {
        #expect(Timestamp.parseTwitter(text) == nil)
    }

    @Test(arguments: [
        ("2026-11-22T10:00:00Z", 1_795_341_600.0),
        ("2026-11-22T17:00:00+07:00", 1_795_341_600.0),
        ("2026-11-22T10:00:00.250Z", 1_795_341_600.25),
        ("2026-11-22 10:00:00z", 1_795_341_600.0),
    ])
    func parsesRFC3339(_ text: String, _ seconds: Double) {
        #expect(Timestamp.parseRFC3339(text) == Date(timeIntervalSince1970: seconds))
    }

    @Test(arguments: [
        "2026-11-22", "2026-11-22T10:00:00", "2026-13-01T00:00:00Z", "2026-11-22T10:00:00+7", "22/11/2026",
        "2026-11-22T-1:00:00Z", "2026-11-22T+1:+2:+3Z",
    ])
    func refusesMalformedRFC3339(_ text: String) {
        #expect(Timestamp.parseRFC3339(text) == nil)
    }

    @Test func formatsInUTCWithMillisecondsOnlyWhenPresent() {
        #expect(Timestamp.format(Date(timeIntervalSince1970: 1_795_341_600)) == "2026-11-22T10:00:00Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: 1_795_341_600.25)) == "2026-11-22T10:00:00.250Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: 951_782_400)) == "2000-02-29T00:00:00Z")
    }
}

@Suite struct TimeExpressionTests {
    let now = Date(timeIntervalSince1970: 1_795_341_600)
    let jakarta = TimeZone(identifier: "Asia/Jakarta") ?? .gmt

    @Test func amountsCountFromNow() {
        #expect(
            TimeExpression.parse("2h", now: now, timeZone: jakarta, direction: .ahead) == now.addingTimeInterval(7200))
        #expect(
            TimeExpression.parse("7d", now: now, timeZone: jakarta, direction: .ago)
                == now.addingTimeInterval(-7 * 86400))
        #expect(
            TimeExpression.parse("30m", now: now, timeZone: jakarta, direction: .ahead) == now.addingTimeInterval(1800))
    }

    @Test func daysAndClockTimesAreLocal() {
        #expect(
            TimeExpression.parse("2026-11-22", now: now, timeZone: jakarta, direction: .ago)
                == Date(timeIntervalSince1970: 1_795_280_400))
        #expect(TimeExpression.parse("2026-11-22 17:00", now: now, timeZone: jakarta, direction: .ago) == now)
        #expect(TimeExpression.isDay("2026-11-22"))
        #expect(!TimeExpression.isDay("2026-11-22 17:00"))
    }

    /// Days and times as people say them, in English and Indonesian (now is Sunday 17:00 in Jakarta).
    @Test func spokenDaysAndTimes() {
        func at(_ text: String, _ direction: TimeExpression.Direction = .ahead) -> Date? {
            TimeExpression.parse(text, now: now, timeZone: jakarta, direction: direction)
        }
        let hour: TimeInterval = 3600
        let startOfToday = Date(timeIntervalSince1970: 1_795_280_400)
        #expect(at("tomorrow 9am") == startOfToday.addingTimeInterval(33 * hour))
        #expect(at("besok 09:00") == startOfToday.addingTimeInterval(33 * hour))
        #expect(at("Tomorrow") == startOfToday.addingTimeInterval(24 * hour))
        #expect(at("mon 14:30") == startOfToday.addingTimeInterval(38.5 * hour))
        #expect(at("senin 2pm") == startOfToday.addingTimeInterval(38 * hour))
        // Today is Sunday: the next Sunday is a week ahead, the last one a week ago.
        #expect(at("sunday 9am") == startOfToday.addingTimeInterval((7 * 24 + 9) * hour))
        #expect(at("minggu", .ago) == startOfToday.addingTimeInterval(-7 * 24 * hour))
        // A time alone: the next one ahead, the last one ago.
        #expect(at("9am") == startOfToday.addingTimeInterval(33 * hour))
        #expect(at("18:30") == startOfToday.addingTimeInterval(18.5 * hour))
        #expect(at("9am", .ago) == startOfToday.addingTimeInterval(9 * hour))
        #expect(at("12am") == startOfToday.addingTimeInterval(24 * hour))
        #expect(at("today 17.45") == startOfToday.addingTimeInterval(17.75 * hour))
    }

    @Test(arguments: [
        "soon", "2026-02-30", "2026-11-22 25:00", "-2h", "2x", "", "tomorrow 13pm", "mon 9:7", "9", "besok lusa",
        "25:00",
    ])
    func refusesWhatIsNotATime(_ text: String) {
        #expect(TimeExpression.parse(text, now: now, timeZone: jakarta, direction: .ahead) == nil)
    }
}

@Suite struct SmallTextTests {
    @Test(arguments: [
        ("@TelkomCare sinyal hilang", ["TelkomCare"]),
        ("cc @a_b and @c1!", ["a_b", "c1"]),
        ("mail budi@example.com", []),
        ("@", []),
    ])
    func findsMentions(_ text: String, _ handles: [String]) {
        #expect(Mentions.handles(in: text) == handles)
    }

    @Test func snippetsAreOneShortLine() {
        #expect(Snippet.make("  halo\n\nkak  ") == "halo kak")
        let long = Snippet.make(String(repeating: "a", count: 500))
        #expect(long.count == Snippet.maximumLength)
        #expect(long.hasSuffix("…"))
    }

    /// The byte-by-byte preview of ASCII text is the preview worked out by characters, at and around the length.
    @Test func anASCIISnippetIsTheSameAsOneWorkedOutByCharacters() {
        var texts = [
            "", " ", "\r\n", "a\r\nb", "\t halo \u{0B}\u{0C} kak\u{01}x  ", "ok\n\n\nthanks ",
            "kode \u{1C}\u{1F} x",
        ]
        for length in [138, 139, 140, 141, 142, 300] {
            texts.append(String(repeating: "a", count: length))
            texts.append(String(repeating: "ab ", count: length / 3) + "  \n")
            texts.append(String(repeating: "x", count: length - 2) + " \r\n y")
        }
        for text in texts {
            #expect(Snippet.ascii(text) == Snippet.characters(text), "\(text.debugDescription)")
        }
        #expect(Snippet.ascii("kartu é") == nil)
        #expect(Snippet.make("kartu  é\n") == "kartu é")
    }
}

@Suite struct StoreLocationTests {
    @Test func parsesTheAcceptedForms() throws {
        #expect(try StoreLocation(parsing: "/tmp/s.sqlite") == .sqlite(path: "/tmp/s.sqlite"))
        #expect(try StoreLocation(parsing: "sqlite:/tmp/s.sqlite") == .sqlite(path: "/tmp/s.sqlite"))
        #expect(try StoreLocation(parsing: "relative.sqlite") == .sqlite(path: "relative.sqlite"))
        #expect(
            try StoreLocation(parsing: "postgres://u:secret@h:5432/db")
                == .postgres(url: "postgres://u:secret@h:5432/db"))
        #expect(try StoreLocation(parsing: "postgres://u:secret@h:5432/db").description == "postgres://u:***@h:5432/db")
    }

    @Test func refusesUnknownSchemesAndEmptyPaths() {
        #expect(throws: StoreError.self) { try StoreLocation(parsing: "mysql://h/db") }
        #expect(throws: StoreError.self) { try StoreLocation(parsing: "sqlite:") }
        #expect(throws: StoreError.self) { try StoreLocation(parsing: "  ") }
    }

    @Test func defaultsFollowTheEnvironment() throws {
        #expect(
            try StoreLocation.resolve(nil, environment: ["TANGGAP_STORE": "/a.sqlite"]) == .sqlite(path: "/a.sqlite"))
        #expect(
            try StoreLocation.resolve(nil, environment: ["XDG_DATA_HOME": "/x", "HOME": "/h"])
                == .sqlite(path: "/x/tanggap/store.sqlite"))
        #expect(
            try StoreLocation.resolve(nil, environment: ["HOME": "/h"])
                == .sqlite(path: "/h/.local/share/tanggap/store.sqlite"))
        #expect(
            try StoreLocation.resolve("/b.sqlite", environment: ["TANGGAP_STORE": "/a.sqlite"])
                == .sqlite(path: "/b.sqlite"))
    }
}

@Suite struct MessageTimeTests {
    @Test(arguments: [
        ("1999-12-31T23:59:59Z", false), ("2000-01-01T00:00:00Z", true), ("2099-12-31T23:59:59Z", true),
        ("2100-01-01T00:00:00Z", false), ("1970-01-01T00:00:00Z", false),
    ])
    func messagesCarryTimesFrom2000To2099(_ text: String, _ accepted: Bool) throws {
        let time = try #require(Timestamp.parseRFC3339(text))
        #expect(IncomingMessageRules.isPlausible(time) == accepted)
    }

    @Test(arguments: [1e16, -9e18, 1e300, -1e300, Double.infinity, -Double.infinity, Double.nan])
    func aTimeNoStoreCanHoldSaturatesInsteadOfTrapping(_ seconds: Double) {
        let milliseconds = Date(timeIntervalSince1970: seconds).milliseconds
        if seconds.isNaN {
            #expect(milliseconds == 0)
        } else if seconds > 9.2e15 {
            #expect(milliseconds == .max)
        } else if seconds < -9.2e15 {
            #expect(milliseconds == .min)
        } else {
            #expect(milliseconds == Int64(seconds * 1000))
        }
    }
}

/// Strict JSON, and where a broken line breaks.
@Suite struct JSONSyntaxTests {
    @Test(arguments: [
        (#"{"a":1,}"#, "a trailing comma before '}' at column 8"),
        (#"[1,2,]"#, "a trailing comma before ']' at column 6"),
        (#"{"a":01}"#, "a number does not start with 0 at column 7"),
        (#"{"a":"x"#, "the line ends inside a string at column 8"),
        (#"{"a" 1}"#, "':' is expected after the key at column 6"),
        (#"{"a":tru}"#, "'true' is misspelt at column 9"),
        (#"{"a":1} x"#, "unexpected text after the JSON value at column 9"),
        (#"{'a':1}"#, "a key (a string in quotes) is expected at column 2"),
        ("{\"a\":\"\u{1}\"}", "a control character inside a string (write it as \\u00XX) at column 7"),
        (#"{"a":"\q"}"#, #"'\q' is not an escape at column 8"#),
        // A key given twice: which value counts would be the parser's choice (the last, silently).
        (#"{"id":"a","id":"b"}"#, "the key 'id' is given twice in one object at column 11"),
        (#"{"id":1,"\u0069d":2}"#, "the key 'id' is given twice in one object at column 9"),
        ("\u{FEFF}{\"a\":1}", "a byte order mark (U+FEFF) where a value should start at column 1"),
        (#"{"a":日本}"#, "'日' cannot start a value at column 6"),
    ])
    func aBrokenLineSaysWhatAndWhere(_ line: String, _ said: String) {
        #expect(JSONSyntax.problem(in: Array(line.utf8))?.description == said)
    }

    @Test(arguments: [
        #"{"a":1,"b":[true,false,null],"c":{"d":-1.5e-3},"e":"\u00e9\n"}"#, " [ ] ", "0", #""x""#,
        #"{"a":{"x":1},"b":{"x":2},"c":[{"x":1},{"x":1}]}"#,
    ])
    func wellFormedJSONPasses(_ text: String) {
        #expect(JSONSyntax.problem(in: Array(text.utf8)) == nil)
    }
}
