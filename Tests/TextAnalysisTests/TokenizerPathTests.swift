import Foundation
import Testing

@testable import TextAnalysis

/// The ASCII fast path must give exactly what the general path gives.
@Suite struct TokenizerPathTests {
    static let cases = [
        "@TelkomCare sinyal lemot bgt dr pagi!!!", "udah restart hp tetep gak bisa :(", "refund kapan ya? #refund",
        "cek https://example.com/a?b=1). lalu www.toko.id, ok", "harga 10.000 atau 3,5 juta, telp 0812-555-01",
        "4g gak muncul, 2x restart", "don't won't rock-n-roll -- end-", "bangeeeet sooo goood", "@a. @b.c. #x_y",
        "http://", "www.", "  \t\r\n  ", "a'b 'quoted' x-", "ID_123 __init__ 9_9", "@ # @@x ##y", "1.2.3. 1,,2 -5",
        "tolong!!!! ????", "A\u{0B}B\u{0C}C", "MiXeD CaSe WoRdS", "e.g. i.e. U.S.A.",
    ]

    @Test(arguments: cases)
    func asciiPathMatchesTheGeneralPath(_ text: String) {
        #expect(Tokenizer.asciiTokens(Array(text.utf8)) == Tokenizer.generalTokens(text))
    }

    @Test func randomAsciiTextMatches() {
        var state: UInt64 = 42
        let alphabet = Array("abcXYZ019 _-'.,:;!?@#/()\"\t\nhttps://www.") + ["h", "t", "p", "w"]
        for _ in 0..<3_000 {
            var text = ""
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let length = Int(state >> 58)
            for _ in 0..<length {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                text.append(alphabet[Int(state >> 33) % alphabet.count])
            }
            #expect(
                Tokenizer.asciiTokens(Array(text.utf8)) == Tokenizer.generalTokens(text), "\(text.debugDescription)")
        }
    }
}
