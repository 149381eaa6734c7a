import Foundation
import Testing

@testable import TextAnalysis

/// The shared data sets, when the checkout has them beside it.
enum SharedData {
    static let folder: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("shared/data")
    }()

    static func file(_ relative: String) -> URL { folder.appendingPathComponent(relative) }

    static var hasSastrawi: Bool { FileManager.default.fileExists(atPath: file("sastrawi/stem_pairs.tsv").path) }
}

@Suite struct IndonesianStemmerTests {
    /// A small dictionary written for these tests.
    static let stemmer = IndonesianStemmer(
        dictionary: StemDictionary([
            "ajar", "makan", "minum", "kirim", "tangkap", "sapu", "balas", "tiru", "baca", "main", "jual", "beli",
            "sinyal",
            "baru", "pukul", "kasih",
        ]))

    @Test(arguments: [
        ("makanlah", "makan"), ("minumannya", "minum"), ("dikirimkan", "kirim"), ("menangkap", "tangkap"),
        ("menyapu", "sapu"), ("berbalas-balasan", "balas"), ("meniru-nirukan", "tiru"), ("membaca", "baca"),
        ("permainan", "main"), ("penjualan", "jual"), ("pembelian", "beli"), ("memperbarui", "baru"),
        ("pemukul", "pukul"), ("kasihilah", "kasih"), ("xyzabc", "xyzabc"), ("apa", "apa"),
    ])
    func stemsByTheRules(_ word: String, _ stem: String) {
        #expect(Self.stemmer.stem(word) == stem)
    }

    @Test func theBundledDictionaryLoads() {
        #expect(StemDictionary.standard.count == 29_932)
        #expect(IndonesianStemmer().stem("pengiriman") == "kirim")
        #expect(IndonesianStemmer().stem("keterlambatan") == "lambat")
    }

    @Test(.enabled(if: SharedData.hasSastrawi, "../shared/data is absent; skipping the Sastrawi conformance pairs"))
    func everySastrawiPairStemsAlike() throws {
        let lines = try String(contentsOf: SharedData.file("sastrawi/stem_pairs.tsv"), encoding: .utf8)
            .split(separator: "\n").dropFirst()
        let testDictionary = try StemDictionary(contentsOf: SharedData.file("sastrawi/test_dictionary.txt"))
        let small = IndonesianStemmer(dictionary: testDictionary)
        let full = IndonesianStemmer()
        var checked = 0
        var failures: [String] = []
        for line in lines {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count >= 3 else { continue }
            let stemmer = fields[2] == "test_dictionary" ? small : full
            let stem = stemmer.stemText(fields[0])
            if stem != fields[1] { failures.append("\(fields[0]) → \(stem), expected \(fields[1]) (\(fields[2]))") }
            checked += 1
        }
        #expect(checked == 201)
        #expect(failures.isEmpty, "\(failures.count) pairs differ:\n\(failures.joined(separator: "\n"))")
    }
}
