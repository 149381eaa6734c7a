import TOMLKit

/// TOML read by every file the product takes (the console's config, themes, the service policy, templates, `serve`'s
/// config): the parser, after a check for what makes it abort instead of failing (toml++ asserts on a table
/// header whose name starts with a character a bare key cannot hold, `[é]`, and in a release build reads past it).
public enum TOMLText {
    /// What is wrong with a TOML text, with the line it is on (1 for the first).
    public struct Problem: Error, Sendable, CustomStringConvertible {
        public var line: Int
        public var what: String
        public var description: String { "line \(line): \(what)" }
    }

    /// The text's top table, or the problem with it.
    public static func table(_ text: String) throws(Problem) -> TOMLTable {
        if let problem = headerProblem(in: text) ?? closingProblem(in: text) { throw problem }
        do {
            return try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw Problem(line: error.source.begin.line, what: error.description)
        } catch {
            throw Problem(line: 1, what: "\(error)")
        }
    }

    /// A table header (`[name]`, `[[name]]`) whose name starts with a character neither a bare key (letters,
    /// digits, `_`, `-`) nor a quote, outside multi-line strings.
    static func headerProblem(in text: String) -> Problem? {
        var inside: String?  // the delimiter of the multi-line string a line is in
        // Lines end at LF, CR LF or CR (CR LF is one Character); a byte order mark before the first is no part of it.
        let body = text.hasPrefix("\u{FEFF}") ? text.dropFirst() : Substring(text)
        for (index, line) in body.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            var rest = Substring(line)
            if let delimiter = inside {
                guard let end = rest.range(of: delimiter) else { continue }
                rest = rest[end.upperBound...]
                inside = nil
            } else {
                let start = rest.drop { $0 == " " || $0 == "\t" }
                if start.first == "[" {
                    // `[` or `[[`, then the name.
                    var name = start.dropFirst()
                    if name.first == "[" { name = name.dropFirst() }
                    name = name.drop { $0 == " " || $0 == "\t" }
                    let first = name.first ?? "\n"
                    if !isBareKey(first), first != "\"", first != "'" {
                        return Problem(
                            line: index + 1,
                            what: "a table's name must start with a letter, a digit, _ or -, or be in quotes")
                    }
                }
            }
            // A multi-line string opened on this line and not closed on it.
            for delimiter in ["\"\"\"", "'''"] {
                var scan = rest
                var open = false
                while let found = scan.range(of: delimiter) {
                    open.toggle()
                    scan = scan[found.upperBound...]
                }
                if open {
                    inside = delimiter
                    break
                }
            }
        }
        return nil
    }

    /// A `}` where an array's value should be (`[}`, `[1, }`): the parser assumes it cannot be there. Outside
    /// strings and comments; such text is never valid TOML, so nothing valid is refused.
    static func closingProblem(in text: String) -> Problem? {
        var line = 1
        var awaitingValue = false
        var scalars = Array(text.unicodeScalars)[...]
        func take(_ prefix: String) -> Bool {
            let wanted = Array(prefix.unicodeScalars)
            guard scalars.starts(with: wanted) else { return false }
            scalars = scalars.dropFirst(wanted.count)
            return true
        }
        // Skips a string whose opening quotes were taken, counting its lines.
        func skipString(closing: String, escapes: Bool) {
            let closer = Array(closing.unicodeScalars)
            while let scalar = scalars.first {
                if scalars.starts(with: closer) {
                    scalars = scalars.dropFirst(closer.count)
                    return
                }
                scalars = scalars.dropFirst()
                if scalar == "\n" { line += 1 }
                if escapes, scalar == "\\", let next = scalars.first {
                    if next == "\n" { line += 1 }
                    scalars = scalars.dropFirst()
                }
            }
        }
        while let scalar = scalars.first {
            if take("\"\"\"") {
                skipString(closing: "\"\"\"", escapes: true)
            } else if take("'''") {
                skipString(closing: "'''", escapes: false)
            } else if take("\"") {
                skipString(closing: "\"", escapes: true)
            } else if take("'") {
                skipString(closing: "'", escapes: false)
            } else {
                scalars = scalars.dropFirst()
                switch scalar {
                case "#":
                    while let next = scalars.first, next != "\n" { scalars = scalars.dropFirst() }
                    continue
                case "\n":
                    line += 1
                    continue
                case " ", "\t", "\r":
                    continue
                case "[", ",":
                    awaitingValue = true
                    continue
                case "}" where awaitingValue:
                    return Problem(line: line, what: "'}' where a value of an array should be")
                default: break
                }
            }
            awaitingValue = false
        }
        return nil
    }

    static func isBareKey(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber || character == "_" || character == "-")
    }
}
