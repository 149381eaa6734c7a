/// A colour as a theme names it: the terminal's default, one of the 256 indexed colours (the first 16 by name), or
/// `#rrggbb`.
public enum ThemeColor: Hashable, Sendable {
    case terminalDefault
    case indexed(Int)
    case rgb(UInt8, UInt8, UInt8)

    static let names = [
        "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
        "bright-black", "bright-red", "bright-green", "bright-yellow", "bright-blue", "bright-magenta", "bright-cyan",
        "bright-white",
    ]

    /// Parses `default`, a colour name (`red`, `bright-blue`, `grey` = bright-black), `0`–`255` or `#rrggbb`.
    public init?(parsing text: String) {
        let lowered = text.trimmingCharacters(in: .whitespaces).lowercased()
        if lowered == "default" || lowered == "none" {
            self = .terminalDefault
        } else if lowered == "grey" || lowered == "gray" {
            self = .indexed(8)
        } else if let index = Self.names.firstIndex(of: lowered.replacingOccurrences(of: "_", with: "-")) {
            self = .indexed(index)
        } else if let number = Int(lowered), (0...255).contains(number) {
            self = .indexed(number)
        } else if lowered.hasPrefix("#"), lowered.count == 7, let value = UInt32(lowered.dropFirst(), radix: 16) {
            self = .rgb(UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF))
        } else {
            return nil
        }
    }

    /// The nearest colour a terminal with `available` colours (8, 16, 256) has, or `nil` for the default colour.
    /// The palette is never rewritten: themes map onto what the terminal already shows.
    public func index(available: Int) -> Int? {
        switch self {
        case .terminalDefault:
            return nil
        case .indexed(let index):
            if index < available { return index }
            return Self.nearest(Self.rgb(ofIndex: index), among: min(available, 16))
        case .rgb(let r, let g, let b):
            return Self.nearest((Int(r), Int(g), Int(b)), among: available >= 256 ? 256 : min(available, 16))
        }
    }

    static func nearest(_ color: (Int, Int, Int), among count: Int) -> Int {
        var best = 0
        var bestDistance = Int.max
        // In 256-colour mode, skip the first 16: terminals redefine them, the cube and greys are stable.
        let candidates = count >= 256 ? 16..<256 : 0..<max(count, 1)
        for index in candidates {
            let (r, g, b) = rgb(ofIndex: index)
            let distance =
                (r - color.0) * (r - color.0) * 3 + (g - color.1) * (g - color.1) * 4 + (b - color.2) * (b - color.2)
                * 2
            if distance < bestDistance {
                bestDistance = distance
                best = index
            }
        }
        return best
    }

    /// The usual RGB of an xterm colour index.
    static func rgb(ofIndex index: Int) -> (Int, Int, Int) {
        let base: [(Int, Int, Int)] = [
            (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205),
            (229, 229, 229), (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255),
            (255, 0, 255), (0, 255, 255), (255, 255, 255),
        ]
        if index < 16 { return base[max(0, index)] }
        if index < 232 {
            let levels = [0, 95, 135, 175, 215, 255]
            let cube = index - 16
            return (levels[cube / 36], levels[cube / 6 % 6], levels[cube % 6])
        }
        let grey = 8 + (index - 232) * 10
        return (grey, grey, grey)
    }
}
