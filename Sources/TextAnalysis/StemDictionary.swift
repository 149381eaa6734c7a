import Foundation

/// A set of Indonesian root words: what the stemmer accepts as a stem.
public struct StemDictionary: Sendable {
    private let words: Set<String>

    public init<S: Sequence>(_ words: S) where S.Element == String {
        self.words = Set(words.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty })
    }

    /// Reads one word a line.
    public init(contentsOf url: URL) throws {
        let text = try String(contentsOf: url, encoding: .utf8)
        self.init(text.split(whereSeparator: \.isNewline).map(String.init))
    }

    public func contains(_ word: String) -> Bool { words.contains(word) }

    public var count: Int { words.count }

    /// The 29,932 root words of the Sastrawi project (MIT licence, shipped beside it as LICENSE-kata-dasar.txt).
    public static let standard: StemDictionary = {
        AnalysisFence.noteLoad("the root-word dictionary")
        guard let url = Bundle.module.url(forResource: "kata-dasar", withExtension: "txt"),
            let dictionary = try? StemDictionary(contentsOf: url)
        else { return StemDictionary([]) }
        return dictionary
    }()
}
