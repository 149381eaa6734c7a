import Foundation
import TOMLKit
import Yams

/// Reads knowledge-base articles and reply templates from the files people write them in.
///
/// - Markdown articles: optional front matter between `---` lines (`title`, `tags`, `lang`, `id`), then the body.
///   The id is the file name without `.md` unless `id` is given; the title falls back to the first `# heading`.
/// - JSONL articles: one object a line with `id`, `title`, `body`, and optional `tags`, `lang`.
/// - TOML templates: `[[template]]` tables with `id`, `name`, `body`, and optional `lang`, `tags`, `status` (set
///   when the reply is sent) and `add_tags`.
public enum KnowledgeFiles {
    /// One Markdown article.
    public static func article(markdown: String, fileName: String, updatedAt: Date) throws -> Article {
        var body = markdown
        var fields: [String: Any] = [:]
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.first?.trimmingCharacters(in: .whitespaces) == "---",
            let end = lines.dropFirst().firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "---" })
        {
            let yaml = lines[1..<end].joined(separator: "\n")
            do {
                fields = (try Yams.load(yaml: yaml) as? [String: Any]) ?? [:]
            } catch {
                throw KnowledgeFileError("the front matter is not valid YAML")
            }
            body = lines[(end + 1)...].joined(separator: "\n").trimmingCharacters(in: .newlines)
        }
        let base = (fileName as NSString).lastPathComponent
        let defaultID = base.lowercased().hasSuffix(".md") ? String(base.dropLast(3)) : base
        let id = try identifier(fields["id"].map { "\($0)" } ?? defaultID)
        let heading = body.split(separator: "\n").first { $0.hasPrefix("# ") }.map { String($0.dropFirst(2)) }
        guard let title = (fields["title"] as? String) ?? heading, !title.trimmingCharacters(in: .whitespaces).isEmpty
        else { throw KnowledgeFileError("the article has no title (front matter 'title' or a '# heading')") }
        guard !body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw KnowledgeFileError("the article has no body")
        }
        return Article(
            id: id, title: title.trimmingCharacters(in: .whitespaces), body: body, tags: tags(fields["tags"]),
            language: fields["lang"] as? String, updatedAt: updatedAt)
    }

    /// One JSONL article line.
    public static func article(jsonLine: Data, updatedAt: Date) throws -> Article {
        guard let object = (try? JSONSerialization.jsonObject(with: jsonLine)) as? [String: Any] else {
            throw KnowledgeFileError("the line is not a JSON object")
        }
        guard let id = object["id"] as? String else { throw KnowledgeFileError("'id' must be a string") }
        guard let title = object["title"] as? String, !title.isEmpty else {
            throw KnowledgeFileError("'title' is missing")
        }
        guard let body = object["body"] as? String, !body.isEmpty else { throw KnowledgeFileError("'body' is missing") }
        return Article(
            id: try identifier(id), title: title, body: body, tags: tags(object["tags"]),
            language: object["lang"] as? String, updatedAt: updatedAt)
    }

    /// Every template in a TOML file.
    public static func templates(toml: String) throws -> [ReplyTemplate] {
        let table: TOMLTable
        do {
            table = try TOMLText.table(toml)
        } catch {
            throw KnowledgeFileError(error.description)
        }
        guard let entries = table["template"]?.array else {
            throw KnowledgeFileError("no [[template]] tables in the file")
        }
        var templates: [ReplyTemplate] = []
        for (index, entry) in entries.enumerated() {
            guard let fields = entry.table else { throw KnowledgeFileError("template \(index + 1) is not a table") }
            func text(_ key: String) throws -> String {
                guard let value = fields[key]?.string, !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
                else {
                    throw KnowledgeFileError("template \(index + 1) has no '\(key)'")
                }
                return value
            }
            let id = try identifier(try text("id"))
            var status: ConversationStatus?
            if let name = fields["status"]?.string {
                guard let parsed = ConversationStatus(rawValue: name), [.open, .pending, .resolved].contains(parsed)
                else {
                    throw KnowledgeFileError("template \(id): status must be open, pending or resolved")
                }
                status = parsed
            }
            let addTags = fields["add_tags"]?.array?.compactMap(\.string) ?? []
            for tag in addTags where ActionRules.normalisedTag(tag) == nil {
                throw KnowledgeFileError("template \(id): '\(tag)' is not a tag")
            }
            templates.append(
                ReplyTemplate(
                    id: id, name: try text("name"), body: try text("body"), language: fields["lang"]?.string,
                    tags: fields["tags"]?.array?.compactMap(\.string) ?? [], setsStatus: status,
                    addsTags: addTags.compactMap(ActionRules.normalisedTag)))
        }
        return templates
    }

    static func identifier(_ text: String) throws -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard (1...128).contains(trimmed.count), !trimmed.contains(where: { $0.isWhitespace || $0.isNewline }) else {
            throw KnowledgeFileError("id '\(trimmed.prefix(40))' must be 1–128 characters without spaces")
        }
        return trimmed
    }

    static func tags(_ value: Any?) -> [String] {
        if let list = value as? [Any] { return list.map { "\($0)".lowercased() } }
        if let text = value as? String {
            return text.split(whereSeparator: { $0 == "," || $0 == " " }).map { $0.lowercased() }
        }
        return []
    }
}

/// A knowledge-base or template file that cannot be used, and why.
public struct KnowledgeFileError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
