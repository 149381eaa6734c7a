import Foundation
import Testing

@testable import ConversationStore

@Suite struct KnowledgeFilesTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func markdownWithFrontMatter() throws {
        let article = try KnowledgeFiles.article(
            markdown: "---\ntitle: Kapan refund masuk\ntags: [Refund, retur]\nlang: id\n---\nRefund 3-5 hari kerja.\n",
            fileName: "kb/refund-timeline.md", updatedAt: now)
        #expect(article.id == "refund-timeline")
        #expect(article.title == "Kapan refund masuk")
        #expect(article.tags == ["refund", "retur"])
        #expect(article.language == "id")
        #expect(article.body == "Refund 3-5 hari kerja.")
    }

    @Test func markdownWithoutFrontMatterTakesItsHeading() throws {
        let article = try KnowledgeFiles.article(
            markdown: "# Sinyal lemot\n\nMatikan mode pesawat.", fileName: "sinyal.md", updatedAt: now)
        #expect(article.id == "sinyal")
        #expect(article.title == "Sinyal lemot")
    }

    @Test(arguments: [
        ("---\ntags: [x\n---\nbody", "the front matter is not valid YAML"),
        ("no heading here", "the article has no title (front matter 'title' or a '# heading')"),
        ("---\ntitle: Kosong\n---\n", "the article has no body"),
        ("---\ntitle: T\nid: two words\n---\nbody", "id 'two words' must be 1–128 characters without spaces"),
    ])
    func badMarkdownSaysWhy(_ text: String, _ message: String) {
        #expect(throws: KnowledgeFileError(message)) {
            _ = try KnowledgeFiles.article(markdown: text, fileName: "a.md", updatedAt: now)
        }
    }

    @Test func jsonLines() throws {
        let article = try KnowledgeFiles.article(
            jsonLine: Data(#"{"id":"otp","title":"OTP","body":"Tunggu 2 menit.","tags":["otp"],"lang":"id"}"#.utf8),
            updatedAt: now)
        #expect(
            article
                == Article(
                    id: "otp", title: "OTP", body: "Tunggu 2 menit.", tags: ["otp"], language: "id", updatedAt: now))
        #expect(throws: KnowledgeFileError("'title' is missing")) {
            _ = try KnowledgeFiles.article(jsonLine: Data(#"{"id":"x","body":"b"}"#.utf8), updatedAt: now)
        }
    }

    @Test func templatesFromTOML() throws {
        let templates = try KnowledgeFiles.templates(
            toml: """
                [[template]]
                id = "refund"
                name = "Refund diproses"
                body = "Halo {{customer.name}}, refund {{?ask:Nomor order}} diproses."
                lang = "id"
                tags = ["refund"]
                status = "pending"
                add_tags = ["Refund"]
                """)
        #expect(
            templates == [
                ReplyTemplate(
                    id: "refund", name: "Refund diproses",
                    body: "Halo {{customer.name}}, refund {{?ask:Nomor order}} diproses.",
                    language: "id", tags: ["refund"], setsStatus: .pending, addsTags: ["refund"])
            ])
        #expect(throws: KnowledgeFileError("template refund: status must be open, pending or resolved")) {
            _ = try KnowledgeFiles.templates(
                toml: "[[template]]\nid = \"refund\"\nname = \"n\"\nbody = \"b\"\nstatus = \"snoozed\"")
        }
        #expect(throws: KnowledgeFileError("template 1 has no 'body'")) {
            _ = try KnowledgeFiles.templates(toml: "[[template]]\nid = \"a\"\nname = \"n\"")
        }
        #expect(throws: KnowledgeFileError("no [[template]] tables in the file")) {
            _ = try KnowledgeFiles.templates(toml: "x = 1")
        }
    }
}
