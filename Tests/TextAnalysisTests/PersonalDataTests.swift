import Foundation
import Testing

@testable import TextAnalysis

/// All names, numbers and addresses below are invented. Card numbers are the
/// networks' public test numbers.
@Suite struct PersonalDataTests {

    // MARK: Helpers

    /// The findings of `text` as "kind:text" strings, in text order.
    private func hits(_ text: String) -> [String] {
        PersonalData.find(in: text).map { "\($0.kind.rawValue):\($0.text)" }
    }

    /// Checks the invariants every result must satisfy, whatever the input.
    private func expectWellFormed(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let findings = PersonalData.find(in: text)
        var previousEnd = text.startIndex
        for finding in findings {
            #expect(
                finding.range.lowerBound >= previousEnd, "findings are in text order and never overlap",
                sourceLocation: sourceLocation)
            #expect(
                finding.range.upperBound <= text.endIndex, "a range stays inside the text",
                sourceLocation: sourceLocation)
            #expect(
                String(text[finding.range]) == finding.text, "a finding's text is exactly its range's substring",
                sourceLocation: sourceLocation)
            #expect(
                text.unicodeScalars.index(finding.range.lowerBound, offsetBy: 0) == finding.range.lowerBound,
                "a range starts on a scalar boundary", sourceLocation: sourceLocation)
            #expect(!finding.text.isEmpty, "a finding is never empty", sourceLocation: sourceLocation)
            previousEnd = finding.range.upperBound
        }
        let masked = PersonalData.mask(text)
        if findings.isEmpty {
            #expect(masked == text, "a text without findings is masked to itself", sourceLocation: sourceLocation)
        }
        #expect(
            PersonalData.kinds(in: text) == Set(findings.map(\.kind)),
            "kinds(in:) agrees with find(in:)", sourceLocation: sourceLocation)
    }

    // MARK: Phone

    @Test(
        "A clearly written Indonesian phone number is found as a phone",
        arguments: [
            ("min tolong cek no hp aku 0812-3456-7890 ya", "0812-3456-7890"),
            ("kak nomor wa saya 081234567890, tolong dihubungi", "081234567890"),
            ("hubungi saya di +62 812 3456 7890 aja", "+62 812 3456 7890"),
            ("WA: +62-812-3456-7890", "+62-812-3456-7890"),
            ("nomorku 6281234567890 kak", "6281234567890"),
            ("bisa telp ke 0812.3456.7890 setelah jam 5", "0812.3456.7890"),
            ("wa 0857 1234 5678 ya min", "0857 1234 5678"),
            ("kantor kami (021) 555 1234", "(021) 555 1234"),
            ("telp kantor 021-5551234 jam kerja", "021-5551234"),
            ("rumah 0274 123456 sore hari", "0274 123456"),
            ("atau ke (0274) 512345 ya", "(0274) 512345"),
            ("please call me at +62 21 5551234 tomorrow", "+62 21 5551234"),
            ("my number is 0813-9876-5432, thanks", "0813-9876-5432"),
            ("📞081234567890", "081234567890"),
            ("hp:081234567890", "081234567890"),
            ("nomor saya 0812 - 3456 - 7890 kak", "0812 - 3456 - 7890"),
            ("My number: 0812 3456 789", "0812 3456 789"),
            ("CP: 0878-1234-5678 (Rina)", "0878-1234-5678"),
            ("pesanan atas nama Budi 081234567890", "081234567890"),
        ])
    func phoneIsFound(message: String, number: String) {
        #expect(hits(message) == ["phone:\(number)"], "\(message) should hold the phone \(number)")
    }

    @Test("Two phones in one message are found separately")
    func twoPhonesAreFoundSeparately() {
        #expect(
            hits("hp:081234567890,wa:081298765432") == ["phone:081234567890", "phone:081298765432"],
            "each number is its own finding")
        #expect(
            hits("no hp 0812 3456 7890 1234") == ["phone:0812 3456 7890"],
            "a trailing group that would make the number too long is left out")
        #expect(
            hits("hp/wa 0812-3456-7890/0813-1111-2222") == ["phone:0812-3456-7890", "phone:0813-1111-2222"],
            "a slash between two whole numbers separates them")
        #expect(
            hits("0812-3456-7890 - 2 kali") == ["phone:0812-3456-7890"],
            "a count after a spaced dash is not part of the number")
    }

    @Test("No phone is carved out of the middle of another number")
    func noPhoneFromTheMiddleOfANumber() {
        #expect(
            hits("Nomor KTP 3171 0412 8812 0003").isEmpty,
            "an invalid NIK does not become the landline 0412 8812 0003")
    }

    @Test("A landline without a separated area code needs a naming word")
    func unseparatedLandlineNeedsName() {
        #expect(hits("0215551234").isEmpty, "a bare ten-digit 021 number is too ambiguous")
        #expect(hits("tlp 0215551234") == ["phone:0215551234"], "named as telephone it is a phone")
    }

    @Test("Numbers glued to letters are not phones")
    func gluedNumbersAreNotPhones() {
        #expect(hits("081234567890ya").isEmpty, "letters right after the digits make it a code")
        #expect(hits("SPX-081234567890").isEmpty, "a code prefix with a dash makes it a code")
    }

    // MARK: NIK

    @Test(
        "A structurally valid NIK is found",
        arguments: [
            ("NIK 3201234508900001", "3201234508900001"),
            ("no ktp saya 3201 2345 0890 0001 ya min", "3201 2345 0890 0001"),
            ("nik: 3174051203850002, atas nama ibu saya", "3174051203850002"),
            ("ini nik istri 3578106607920003 tolong diverifikasi", "3578106607920003"),
            ("3201234508900001 itu nik saya", "3201234508900001"),
            ("data KTP 32.01.23.450890.0001", "32.01.23.450890.0001"),
            ("my ID number is 3201234508900001", "3201234508900001"),
        ])
    func nikIsFound(message: String, nik: String) {
        #expect(hits(message) == ["nik:\(nik)"], "\(message) should hold the NIK \(nik)")
    }

    @Test(
        "A 16-digit number with an impossible NIK structure is not a NIK",
        arguments: [
            "NIK 9901234508900001",  // province 99 does not exist
            "nik saya 3201233213900001",  // day 32
            "no ktp 3201231513900001",  // month 13
            "NIK 3201234508900000",  // serial 0000
            "NIK 3200234508900001",  // regency 00
            "3201234508900000",
        ])
    func invalidNIKIsNotFound(message: String) {
        #expect(hits(message).isEmpty, "\(message) has no valid NIK")
    }

    @Test("An unnamed NIK is not read from two-digit groups")
    func unnamedNIKNeedsLongGroups() {
        #expect(hits("12 12 12 12 12 12 12 12").isEmpty, "eight pairs of digits are not a NIK")
        #expect(hits("NIK 32 01 23 45 08 90 00 01") == ["nik:32 01 23 45 08 90 00 01"], "named, the pairs are one NIK")
    }

    @Test("A woman's NIK with day plus forty is valid")
    func womansNIKIsValid() {
        #expect(hits("NIK 3201236512990004") == ["nik:3201236512990004"], "day 65 is the 25th for a woman")
        #expect(hits("NIK 3201237212990004").isEmpty, "day 72 is neither a man's nor a woman's day")
    }

    // MARK: E-mail

    @Test(
        "An ordinary e-mail address is found",
        arguments: [
            ("email saya budi.santoso@gmail.com ya kak", "budi.santoso@gmail.com"),
            ("my email: siti_aminah99@yahoo.co.id, thanks", "siti_aminah99@yahoo.co.id"),
            ("kirim ke Rina.Wulandari+toko@Mail-Box.example.com.", "Rina.Wulandari+toko@Mail-Box.example.com"),
            ("(andi@kantor.co.id)", "andi@kantor.co.id"),
        ])
    func emailIsFound(message: String, address: String) {
        #expect(hits(message) == ["email:\(address)"], "\(message) should hold the address \(address)")
    }

    @Test("Handles and half addresses are not e-mails")
    func handlesAreNotEmails() {
        #expect(hits("cc @budi dan x@y serta a@b.c").isEmpty, "a mention or a one-letter domain is no address")
    }

    // MARK: Card

    @Test(
        "A Luhn-valid card number with a real prefix is found",
        arguments: [
            ("my card 4111 1111 1111 1111 was charged twice", "4111 1111 1111 1111"),
            ("kartu kredit saya 5555-5555-5555-4444 kena double charge", "5555-5555-5555-4444"),
            ("amex 3782 822463 10005 ditolak terus", "3782 822463 10005"),
            ("cc 6011111111111117 gagal bayar", "6011111111111117"),
            ("pakai kartu JCB 3530 1113 3330 0000", "3530 1113 3330 0000"),
            ("debit card 2223 0031 2200 3222 declined", "2223 0031 2200 3222"),
            ("4111111111111111", "4111111111111111"),
        ])
    func cardIsFound(message: String, card: String) {
        #expect(hits(message) == ["card:\(card)"], "\(message) should hold the card \(card)")
    }

    @Test(
        "A card-like number failing Luhn or prefix is not a card",
        arguments: [
            "my card 4111 1111 1111 1112 was charged",  // Luhn fails
            "kartu 9111 1111 1111 1111",  // no such prefix
            "card 4111-1111-1111-1111-1",  // part of a longer run
            "41111111111111110000",
        ])
    func invalidCardIsNotFound(message: String) {
        #expect(!hits(message).contains { $0.hasPrefix("card:") }, "\(message) has no card")
    }

    // MARK: Competing kinds

    @Test("The naming word decides between NIK, card and NPWP")
    func namingWordDecides() {
        // 5171041205900018 is a valid NIK and a Luhn-valid Mastercard number.
        #expect(hits("NIK 5171 0412 0590 0018") == ["nik:5171 0412 0590 0018"], "named NIK wins")
        #expect(hits("kartu debit BCA 5171 0412 0590 0018") == ["card:5171 0412 0590 0018"], "named card wins")
        #expect(hits("npwp saya 5171041205900018") == ["npwp:5171041205900018"], "named NPWP wins")
        #expect(hits("rekening 5171041205900018") == ["bank_account:5171041205900018"], "named account wins")
    }

    @Test("Without a naming word the structure decides")
    func structureDecides() {
        #expect(hits("5171041205900018") == ["nik:5171041205900018"], "one unbroken run reads as a NIK")
        #expect(hits("5171 0412 0590 0018") == ["card:5171 0412 0590 0018"], "4-4-4-4 groups read as a card")
        #expect(
            hits("NIK 3201234508900001 08123456789") == ["nik:3201234508900001", "phone:08123456789"],
            "a phone after a NIK is not named by the NIK word")
    }

    // MARK: Bank account

    @Test(
        "An account number named as such is found",
        arguments: [
            ("no rek BCA 1234567890 a/n Budi", "1234567890"),
            ("rek bca 123 456 7890 ya kak", "123 456 7890"),
            ("transfer ke mandiri 1370012345678", "1370012345678"),
            ("nomor rekening saya 1234-5678-90", "1234-5678-90"),
            ("norek: 0987654321", "0987654321"),
            ("account number 00123456789 please refund", "00123456789"),
            ("refund ke BRI 0123-01-001234-50-9", "0123-01-001234-50-9"),
            ("a/n Siti Aminah 1234567890", "1234567890"),
            ("sudah transfer dari 1234567890 a/n Budi", "1234567890"),
            ("acc no 9876543210 (Jenius)", "9876543210"),
            ("no. rek Jago 106012345678", "106012345678"),
            ("refund ke 1234567890 a.n. Budi", "1234567890"),
            ("refund ke 1234567890 atas nama Siti", "1234567890"),
            ("Mohon refund ke rekening BCA 5270123456 atas nama Dewi", "5270123456"),
        ])
    func bankAccountIsFound(message: String, account: String) {
        #expect(hits(message) == ["bank_account:\(account)"], "\(message) should hold the account \(account)")
    }

    @Test("Amounts and payment codes near a bank name are not accounts")
    func amountsNearBankAreNotAccounts() {
        #expect(hits("rek BCA Rp 1.500.000").isEmpty, "an amount is not an account")
        #expect(hits("rek 1.500.000").isEmpty, "a thousands-formatted amount is not an account")
        #expect(hits("VA BCA 8077001234567890").isEmpty, "a virtual account is a payment code")
        #expect(hits("virtual account 8077001234567890").isEmpty, "a virtual account is a payment code")
        #expect(
            hits("tgl 2026-11-22 rek BCA 1234567890") == ["bank_account:1234567890"],
            "the date stays, the account is found")
    }

    @Test("An account number alone is not flagged")
    func unnamedAccountIsNotFlagged() {
        #expect(hits("sudah transfer 1234567890 kemarin").isEmpty, "a bare ten-digit number is not named")
    }

    // MARK: NPWP

    @Test(
        "An NPWP is found in the old layout or when named",
        arguments: [
            ("NPWP 01.234.567.8-901.000", "01.234.567.8-901.000"),
            ("npwp perusahaan 09.876.543.2-101.000 untuk faktur", "09.876.543.2-101.000"),
            ("01.234.567.8-901.000", "01.234.567.8-901.000"),
            ("NPWP saya 012345678901000", "012345678901000"),
            ("npwp baru 3201234508900001", "3201234508900001"),
        ])
    func npwpIsFound(message: String, npwp: String) {
        #expect(hits(message) == ["npwp:\(npwp)"], "\(message) should hold the NPWP \(npwp)")
    }

    // MARK: OTP

    @Test(
        "A verification or PIN code named as such is found",
        arguments: [
            ("kode OTP 482913 jangan dikasih siapa2", "482913"),
            ("otp nya 4829 min", "4829"),
            ("kode verifikasi: 553201", "553201"),
            ("PIN saya 123456 kok ditolak", "123456"),
            ("verification code 887766", "887766"),
            ("OTP: 1234", "1234"),
            ("kodenya 662 190 kak", "662 190"),
            ("<#> 482913 adalah kode OTP Anda. JANGAN BERIKAN kode ini ke siapapun", "482913"),
            ("Your verification code is 739201", "739201"),
            ("123456 adalah kode OTP kamu", "123456"),
            ("pin atm 1234 ya", "1234"),
            ("kode WhatsApp kamu 123-456", "123-456"),
        ])
    func otpIsFound(message: String, code: String) {
        #expect(hits(message) == ["otp:\(code)"], "\(message) should hold the code \(code)")
    }

    @Test("A long number after an OTP word is still a phone")
    func phoneAfterOTPWord() {
        #expect(
            hits("otp dikirim ke 081234567890 tapi gak masuk") == ["phone:081234567890"],
            "the OTP word does not make a phone number a code")
    }

    @Test(
        "Codes that are not verification codes are not OTPs",
        arguments: [
            "kode pos 12345", "kode booking 98765432", "12345678 adalah kode unik", "pinjam 1234",
            "kode OTP 2026-11-22", "referral code 8888", "kode pembayaran 123456", "error code 500123",
            "kode produk 88123",
        ])
    func otherCodesAreNotOTP(message: String) {
        #expect(hits(message).isEmpty, "\(message) has no OTP")
    }

    // MARK: Address

    @Test(
        "A street address or RT/RW is found",
        arguments: [
            ("alamat saya Jl. Merdeka No. 12 RT 03/RW 05 Kel. Sukamaju", "Jl. Merdeka No. 12 RT 03/RW 05"),
            ("kirim ke jln mawar no 12A ya", "jln mawar no 12A"),
            ("Jalan Diponegoro 45, Bandung", "Jalan Diponegoro 45"),
            ("rumah di RT.003 RW.005 kel cempaka", "RT.003 RW.005"),
            ("Rt 3 Rw 5 desa sukamaju", "Rt 3 Rw 5"),
            ("Jl.Gatot Subroto Kav. 52-53, Jakarta", "Jl.Gatot Subroto Kav. 52-53"),
            ("Jl. K.H. Hasyim Asy'ari No. 5", "Jl. K.H. Hasyim Asy'ari No. 5"),
            ("antar ke jalan melati indah no.7 rt 2 rw 9", "jalan melati indah no.7 rt 2 rw 9"),
            ("my address is Jl. Kenanga Raya, No. 3 Depok", "Jl. Kenanga Raya, No. 3"),
            ("RT/RW 003/005 Kec. Cibinong", "RT/RW 003/005"),
            ("Jl Raya Bogor KM 25 No 10 Cimanggis", "Jl Raya Bogor KM 25 No 10"),
            ("kirim ke jl. anggrek raya blok c3 no 7 ya kak", "jl. anggrek raya blok c3 no 7"),
            ("Perum Griya Asri Blok A2 No 5 RT 04 RW 09", "RT 04 RW 09"),
        ])
    func addressIsFound(message: String, address: String) {
        #expect(hits(message) == ["address:\(address)"], "\(message) should hold the address \(address)")
    }

    @Test(
        "Everyday uses of jalan and RT are not addresses",
        arguments: [
            "aplikasinya jalan lambat 3 hari", "jalan terus no 5", "jl sudirman 5 menit lagi", "RT 05 kali",
            "RT 12/11/2026", "udah jalan 2 jam",
        ])
    func everydayJalanIsNotAddress(message: String) {
        #expect(hits(message).isEmpty, "\(message) has no address")
    }

    // MARK: Decoys

    @Test(
        "Order, tracking, amount, date, promo and other decoy numbers are never flagged",
        arguments: [
            "min pesanan INV/2026/11/0107 belum dikirim",
            "order #2211223344 belum sampai",
            "no pesanan 230987654321 dibatalkan sepihak",
            "ID pesanan 2311223344556677 mohon dicek",
            "resi JP1234567890 gak bisa dilacak",
            "JNE 0123456789012 nyangkut di gudang",
            "SPXID012345678901 sudah 5 hari",
            "sudah bayar Rp150.000 kemarin",
            "total Rp 1.500.000 belum masuk",
            "cuma 150rb kok mahal",
            "charged IDR 250,000 and $25.99",
            "tanggal 12/11/2026 jam 14.30",
            "dikirim 2026-11-22",
            "jam 10.00 pagi",
            "promo PROMO12.12 dan HEMAT50",
            "kode promo DISKON20 gak jalan",
            "voucher 11NOV hangus",
            "lihat https://twitter.com/x/status/1334567890123456789",
            "link www.example.com/produk/081234567890 error",
            "beli 3 pcs 2026 model",
            "udah update iOS 17.2.1 masih crash",
            "tiket #48213 belum dibalas",
            "IMEI 356789012345678 terblokir",
            "IMEI: 490154203237518",
            "ID pelanggan 123456789012 token belum masuk",
            "idpel 532100123456",
            "no meter 14012345678",
            "tahun 2026 lalu",
            "hubungi 0800-1-500-500 atau 14045",
            "call center 1500-888",
            "token listrik 1234 5678 9012 3456 7890",
            "virtual account 8077001234567890",
            "?utm=0812345678901&id=3201234508900001",
        ])
    func decoyIsNotFlagged(message: String) {
        #expect(hits(message).isEmpty, "\(message) holds no personal data")
    }

    @Test("A decoy and a real phone in one message: only the phone is found")
    func decoyNextToPhone() {
        let message = "order #2211223344 Rp150.000, resi JP1234567890, hp 0812-3456-7890"
        #expect(hits(message) == ["phone:0812-3456-7890"], "only the phone is personal data")
    }

    // MARK: Masking

    @Test("Masking keeps at most the last four digits of a phone, NIK, card, account and NPWP")
    func maskingKeepsLastFour() {
        #expect(PersonalData.mask("0812-3456-7890") == "****-****-7890", "dashes stay, last four digits stay")
        #expect(PersonalData.mask("+62 812 3456 7890") == "+** *** **** 7890", "plus and spaces stay")
        #expect(PersonalData.mask("kantor (021) 555 1234") == "kantor (***) *** 1234", "parentheses stay")
        #expect(PersonalData.mask("NIK 3201234508900001") == "NIK ************0001", "the NIK's last four stay")
        #expect(
            PersonalData.mask("my card 4111 1111 1111 1111 was charged twice")
                == "my card **** **** **** 1111 was charged twice", "the card's last four stay")
        #expect(PersonalData.mask("rek bca 123 456 7890") == "rek bca *** *** 7890", "the naming words stay")
        #expect(
            PersonalData.mask("NPWP 01.234.567.8-901.000") == "NPWP **.***.***.*-**1.000",
            "the NPWP's layout stays")
    }

    @Test("Masking hides every digit of an OTP and an address, keeping the words")
    func maskingHidesCodesAndHouseNumbers() {
        #expect(PersonalData.mask("kode OTP 482913") == "kode OTP ******", "the whole code is hidden")
        #expect(
            PersonalData.mask("alamat Jl. Merdeka No. 12A RT 03/RW 05 ya")
                == "alamat Jl. Merdeka No. **A RT **/RW ** ya", "street names stay, numbers go")
    }

    @Test("Masking an e-mail keeps its first character and domain, at the same length")
    func maskingEmail() {
        let masked = PersonalData.mask("email budi.santoso@gmail.com ya")
        #expect(masked == "email b***********@gmail.com ya", "the local part is starred after its first letter")
        #expect(masked.utf8.count == "email budi.santoso@gmail.com ya".utf8.count, "the length is unchanged")
    }

    @Test("masked(_:) gives the form mask writes for each finding")
    func maskedAgreesWithMask() {
        let text = "hp 0812-3456-7890, NIK 3201234508900001, email budi@mail.com, kode OTP 4829, Rt 3 Rw 5"
        var rebuilt = ""
        var current = text.startIndex
        for finding in PersonalData.find(in: text) {
            rebuilt += text[current..<finding.range.lowerBound]
            rebuilt += PersonalData.masked(finding)
            current = finding.range.upperBound
        }
        rebuilt += text[current...]
        #expect(rebuilt == PersonalData.mask(text), "mask is the findings replaced by masked(_:)")
        #expect(PersonalData.find(in: text).count == 5, "all five findings are there")
    }

    @Test("Masking only some kinds leaves the others readable")
    func maskingOnlySomeKinds() {
        let text = "hp 0812-3456-7890 email budi@mail.com"
        #expect(
            PersonalData.mask(text, only: [.email]) == "hp 0812-3456-7890 email b***@mail.com",
            "the phone stays readable")
        #expect(
            PersonalData.mask(text, only: [.phone]) == "hp ****-****-7890 email budi@mail.com",
            "the e-mail stays readable")
        #expect(PersonalData.mask(text, only: []) == text, "an empty set masks nothing")
    }

    @Test("Masking leaves the rest of the text byte for byte")
    func maskingKeepsTheRest() {
        let text = "Halo kak 🙏🏽, café\u{301} — NIK: 3201234508900001 ✅\u{0}"
        #expect(
            PersonalData.mask(text) == "Halo kak 🙏🏽, café\u{301} — NIK: ************0001 ✅\u{0}",
            "emoji, combining marks and NUL survive")
        #expect(
            Array(PersonalData.mask("tidak ada apa-apa 🙂").utf8) == Array("tidak ada apa-apa 🙂".utf8),
            "text without findings is unchanged")
    }

    // MARK: Ranges

    @Test("Each finding's range holds exactly its text, even after multi-byte characters")
    func rangesAgreeWithText() {
        let text = "Mbak Siti 👩🏽‍💼 bilang: hp +62 812 3456 7890, e-mail siti@toko.id, Jl. Anggrek No. 9 🏠, OTP 5521"
        let findings = PersonalData.find(in: text)
        #expect(findings.map(\.kind) == [.phone, .email, .address, .otp], "all four kinds in text order")
        for finding in findings {
            #expect(String(text[finding.range]) == finding.text, "\(finding.kind) text matches its range")
        }
        expectWellFormed(text)
    }

    // MARK: Robustness

    @Test(
        "Odd inputs never trap and give well-formed results",
        arguments: [
            "", " ", "\u{0}", "\u{0}\u{0}0812\u{0}3456\u{0}7890", "🙂🙂🙂", "e\u{301}\u{302}\u{303}",
            "0812345678\u{301}90", "1\u{20E3}2\u{20E3}3\u{20E3}4\u{20E3}", "+", "(", "((021)", "(021", "+62",
            "++62 812", "0812--3456..7890", "-.-.-.-", "@", "@@@", "a@", "@b.com", "a@b.", "jl", "jalan", "Jl.",
            "Jl. Merdeka No.", "rt", "RT 0", "RT/", "RT/RW", "RW 1 RT", "jl jl jl jl jl jl jl 1",
            "\u{202E}0812-3456-7890\u{202C}", "١٢٣٤٥٦٧٨٩٠", "０８１２３４５６７８９０",
            "NIK\n3201234508900001", "kode\tOTP\t1234", "http://", "www.", "a/n", "rek", "rek 12345678 a/n",
        ])
    func oddInputsAreSafe(text: String) {
        expectWellFormed(text)
    }

    @Test("Findings are seen wherever they sit relative to eight-byte words and multi-byte characters")
    func findingsAtEveryOffset() {
        for padding in ["", "a", "é", "🙂", "x\u{301}"] {
            for count in 0..<17 {
                let prefix = String(repeating: padding, count: count)
                #expect(hits(prefix + " OTP 4829") == ["otp:4829"], "the code after \(count) × \(padding)")
                #expect(hits(prefix + " a@b.co") == ["email:a@b.co"], "the address after \(count) × \(padding)")
                #expect(hits(prefix + " Rt 3 Rw 5") == ["address:Rt 3 Rw 5"], "the RT/RW after \(count) × \(padding)")
            }
        }
    }

    @Test("A run of ten thousand digits is not a number of any kind")
    func veryLongDigitRun() {
        let text = "no hp " + String(repeating: "8", count: 10_000) + " ok"
        #expect(hits(text).isEmpty, "a huge run is not personal data")
        let grouped = String(repeating: "0812 ", count: 2_000)
        expectWellFormed(grouped)
        let tiny = String(repeating: "11 ", count: 5_000)
        expectWellFormed(tiny)
    }

    @Test("A one-megabyte text is scanned without trouble")
    func oneMegabyteText() {
        let chunk = "halo kak 0812-3456-7890 pesanan 2211223344 ok 🙂 budi@mail.com Jl. Mawar No. 5. "
        let text = String(repeating: chunk, count: 1_048_576 / chunk.utf8.count + 1)
        let findings = PersonalData.find(in: text)
        #expect(findings.count == 3 * (1_048_576 / chunk.utf8.count + 1), "three findings per chunk")
        #expect(findings.last.map { String(text[$0.range]) == $0.text } == true, "the last range still agrees")
        let digits = String(repeating: "1234567890", count: 100_000)
        #expect(hits(digits).isEmpty, "a megabyte of digits holds nothing")
    }

    @Test("Random texts from risky characters always give well-formed results")
    func randomTextsAreWellFormed() {
        let pieces = [
            "0", "8", "1", "2", "6", "3", "5", "4", "9", " ", "-", ".", "+", "(", ")", "/", "@", ",",
            ":", "#", "a", "n", "jl", "Jl.", "No.", "RT", "rw", "rek", "BCA", "NIK", "OTP", "kode",
            "wa", "hp", "gmail.com", "🙂", "é", "\u{301}", "\u{0}", "\n", "0812", "3201", "4111",
            "https://x.co/", "a/n", "Rp", "62",
        ]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(truncatingIfNeeded: state >> 33)
        }
        for _ in 0..<3_000 {
            var text = ""
            for _ in 0..<(next() % 40) { text += pieces[next() % pieces.count] }
            expectWellFormed(text)
        }
    }

    // MARK: API

    @Test("Kinds are ordered by declaration and coded by their raw names")
    func kindsOrderAndCoding() throws {
        #expect(PersonalDataKind.allCases.sorted() == PersonalDataKind.allCases, "declaration order is the order")
        #expect(PersonalDataKind.phone < .address, "phone comes before address")
        #expect(PersonalDataKind.bankAccount.rawValue == "bank_account", "the account kind's raw name")
        let data = try JSONEncoder().encode([PersonalDataKind.bankAccount, .otp])
        #expect(String(decoding: data, as: UTF8.self) == #"["bank_account","otp"]"#, "kinds encode as raw names")
        #expect(
            try JSONDecoder().decode([PersonalDataKind].self, from: data) == [.bankAccount, .otp],
            "kinds decode back")
    }

    @Test("kinds(in:) lists each kind once")
    func kindsListsEachKindOnce() {
        let text = "hp 081234567890 / wa 081298765432, email a.b@c.id, NIK 3201234508900001"
        #expect(PersonalData.kinds(in: text) == [.phone, .email, .nik], "three kinds")
        #expect(PersonalData.kinds(in: "halo kak, makasih ya").isEmpty, "no kinds in a plain greeting")
    }
}

/// A company's own mailboxes, which agents give customers every day, are not a person's data.
@Suite struct RoleMailboxTests {
    @Test func aCompanysRoleMailboxIsNotPersonalData() {
        #expect(PersonalData.find(in: "Silakan email ke cs@telkomcare.co.id ya kak").isEmpty)
        #expect(PersonalData.find(in: "write to support@bank.example.com or halo@toko.id").isEmpty)
        #expect(PersonalData.kinds(in: "email aku budi.cs@gmail.com") == [.email])
    }
}
