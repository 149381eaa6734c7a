import Foundation
import Testing

@testable import TextAnalysis

/// What a customer wants of a message, and whether it needs a reply.
@Suite struct IntentTests {
    let classifier = IntentClassifier()

    @Test(arguments: [
        "ok thanks", "makasih min", "siap kak", "oke ditunggu", "ok deh", "sudah normal, makasih", "udah aku DM ya",
        "thank you so much", "mantap, pelayanannya cepat 👍", "love the new update",
    ])
    func acknowledgementsAndPraiseNeedNoReply(_ text: String) {
        let reading = classifier.read(text)
        #expect(!reading.needsReply, "\(text): \(reading)")
        #expect(reading.primary == .thanks || reading.primary == .praise, "\(text): \(reading)")
    }

    @Test(arguments: [
        ("paket blm sampe2 udah 2 hari", Intent.complaint), ("kuota gw kepotong padahal gak dipake", .complaint),
        ("otp gak masuk2 dr pagi", .complaint), ("refund kapan ya", .request), ("ada promo gak min?", .question),
        ("kartu kredit diblokir tolong dibantu", .complaint), ("I was charged twice", .complaint),
        ("my order hasn't arrived please help", .complaint), ("gak bagus pelayanannya", .complaint),
        ("saran min, aplikasinya tolong ditambah fitur dark mode", .request),
    ])
    func problemsQuestionsAndRequestsNeedAReply(_ text: String, _ primary: Intent) {
        let reading = classifier.read(text)
        #expect(reading.needsReply, "\(text): \(reading)")
        #expect(reading.primary == primary, "\(text): \(reading)")
    }

    @Test func severalIntentsTheMostCostlyPrimaryAndWhy() {
        let reading = classifier.read("paket belum sampai, kapan dikirim? makasih")
        #expect(reading.intents == [.complaint, .question, .thanks])
        #expect(reading.primary == .complaint && reading.needsReply)
        #expect(reading.why.contains("complaint: \"belum sampai\"") && reading.why.contains("question:"))
        let deal = classifier.read("ada kode promo buat pengguna baru?")
        #expect(deal.intents.contains(.deal) && deal.needsReply)
        let spam = classifier.read("follow back ya kak, cek bio buat slot gacor")
        #expect(spam.primary == .spam && !spam.needsReply)
        let nothing = classifier.read("halo")
        #expect(nothing.primary == nil && nothing.needsReply, "no cue: read as needing a reply, the safe side")
    }

    @Test func theShippedModelLoadsAndExplains() {
        #expect(ComplaintModel.shipped.weights.count > 500 && ComplaintModel.shipped.bias < 0)
        let model = ComplaintModel("# a comment\nbias\t-1\nw:broken\t2\ncue:not working\t1.5\nw:the\t-0.2\n")
        #expect(model.bias == -1 && model.weights.count == 3)
        #expect(model.score(["w:broken", "w:the"]) == 0.8)
        #expect(model.evidence(["w:broken", "cue:not working", "w:the"], count: 3) == ["not working", "broken"])
    }

    /// The shipped model on the development data it was trained on: a floor against breaking the features it reads
    /// (`train.py` prints the cross-validated figure).
    @Test(
        .enabled(
            if: FileManager.default.fileExists(atPath: SharedData.file("complaints/dev.csv").path),
            "../shared/data is absent; skipping the complaint model's check"))
    func theComplaintModelReadsItsTrainingDataAsTrained() throws {
        let text = try String(contentsOf: SharedData.file("complaints/dev.csv"), encoding: .utf8)
        var (tp, fp, fn) = (0, 0, 0)
        for (line, label) in try Self.rows(text) {
            let complaint = classifier.read(line).intents.contains(.complaint)
            if complaint && label { tp += 1 } else if complaint { fp += 1 } else if label { fn += 1 }
        }
        let precision = Double(tp) / Double(tp + fp)
        let recall = Double(tp) / Double(tp + fn)
        let f1 = 2 * precision * recall / (precision + recall)
        #expect(f1 > 0.85, "complaint F1 \(f1) on the training data")
    }

    /// `text` and `label` of a CSV with a header, quoted fields allowed.
    static func rows(_ csv: String) throws -> [(String, Bool)] {
        var rows: [[String]] = []
        var field = ""
        var row: [String] = []
        var quoted = false
        var previous: Character?
        for character in csv {
            if quoted {
                if character == "\"" { quoted = false } else { field.append(character) }
            } else if character == "\"" {
                if previous == "\"" { field.append("\"") }
                quoted = true
            } else if character == "," {
                row.append(field)
                field = ""
            } else if character == "\n" || character == "\r\n" {
                row.append(field)
                rows.append(row)
                (row, field) = ([], "")
            } else {
                field.append(character)
            }
            previous = character
        }
        let header = rows.removeFirst()
        guard let text = header.firstIndex(of: "text"), let label = header.firstIndex(of: "label") else { return [] }
        return rows.filter { $0.count == header.count }.map {
            ($0[text].replacingOccurrences(of: "\n", with: " "), $0[label] == "1")
        }
    }
}
