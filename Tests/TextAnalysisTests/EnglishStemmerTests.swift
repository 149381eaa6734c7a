import Testing

@testable import TextAnalysis

/// Examples from the Snowball English stemmer's published vocabulary.
@Suite struct EnglishStemmerTests {
    @Test(arguments: [
        ("consign", "consign"), ("consigned", "consign"), ("consigning", "consign"), ("consignment", "consign"),
        ("consist", "consist"), ("consisted", "consist"), ("consistency", "consist"), ("consistent", "consist"),
        ("consistently", "consist"), ("consisting", "consist"), ("consists", "consist"), ("consolation", "consol"),
        ("consolations", "consol"), ("consolatory", "consolatori"), ("console", "consol"), ("consoled", "consol"),
        ("consoles", "consol"), ("consolidate", "consolid"), ("consolidated", "consolid"),
        ("consolidating", "consolid"),
        ("consoling", "consol"), ("consolingly", "consol"), ("consols", "consol"), ("consonant", "conson"),
        ("consort", "consort"), ("consorted", "consort"), ("conspicuous", "conspicu"), ("conspicuously", "conspicu"),
        ("conspiracy", "conspiraci"), ("conspirator", "conspir"), ("conspirators", "conspir"), ("conspire", "conspir"),
        ("conspired", "conspir"), ("conspiring", "conspir"), ("constable", "constabl"), ("constables", "constabl"),
        ("constance", "constanc"), ("constancy", "constanc"), ("constant", "constant"), ("knack", "knack"),
        ("knackeries", "knackeri"), ("knaves", "knave"), ("knavish", "knavish"), ("kneaded", "knead"),
        ("kneading", "knead"), ("knee", "knee"), ("kneeled", "kneel"), ("kneeling", "kneel"), ("knees", "knee"),
        ("knightly", "knight"), ("knitted", "knit"), ("knitting", "knit"), ("knives", "knive"), ("knocker", "knocker"),
        ("knocking", "knock"), ("generously", "generous"), ("communication", "communic"), ("skies", "sky"),
        ("dying", "die"), ("news", "news"), ("proceed", "proceed"), ("refunds", "refund"), ("refunded", "refund"),
        ("charged", "charg"), ("delivery", "deliveri"), ("cancelled", "cancel"), ("cancellation", "cancel"),
        ("happily", "happili"), ("running", "run"), ("hopping", "hop"), ("hoped", "hope"), ("agreed", "agre"),
        ("sized", "size"), ("abilities", "abil"),
    ])
    func stemsLikeSnowball(_ word: String, _ stem: String) {
        #expect(EnglishStemmer().stem(word) == stem)
    }
}
