import ArgumentParser
import ConversationStore
import Foundation
import Presentation

struct KnowledgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kb", abstract: "The knowledge base: import and search articles.",
        subcommands: [KnowledgeImportCommand.self, KnowledgeSearchCommand.self])
}

struct KnowledgeImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import articles from Markdown files (front matter: title, tags, lang, id) or JSONL.",
        discussion: """
            A folder imports every .md and .jsonl file in it. Importing an article again replaces it (by id).
            Exit code: 0 all imported, 2 some files or lines were refused (each is named on stderr), 1 nothing
            could be read.
            """)

    @Argument(help: "Folders or files.")
    var paths: [String]

    @OptionGroup var options: StoreOptions

    func run() async throws {
        try await runReportingErrors {
            var articles: [Article] = []
            var refused = 0
            var unreadable = 0
            func refuse(_ where: String, _ reason: String) {
                FileHandle.standardError.write(Data("\(TerminalText.singleLine(`where`)): \(reason)\n".utf8))
                refused += 1
            }
            for file in Self.files(in: paths, unreadable: &unreadable) {
                guard let data = FileManager.default.contents(atPath: file),
                    let text = String(data: data, encoding: .utf8)
                else {
                    refuse(file, "cannot be read as UTF-8 text")
                    continue
                }
                let modified =
                    (try? FileManager.default.attributesOfItem(atPath: file)[.modificationDate] as? Date) ?? Date()
                if file.lowercased().hasSuffix(".jsonl") {
                    for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
                    where !line.trimmingCharacters(in: .whitespaces).isEmpty {
                        do {
                            articles.append(try KnowledgeFiles.article(jsonLine: Data(line.utf8), updatedAt: modified))
                        } catch let error as KnowledgeFileError {
                            refuse("\(file):\(index + 1)", error.message)
                        }
                    }
                } else {
                    do {
                        articles.append(try KnowledgeFiles.article(markdown: text, fileName: file, updatedAt: modified))
                    } catch let error as KnowledgeFileError {
                        refuse(file, error.message)
                    }
                }
            }
            let store = try await options.openStore()
            try await store.saveArticles(articles)
            print("imported \(articles.count) articles\(refused > 0 ? "; \(refused) refused" : "")")
            if articles.isEmpty && (unreadable > 0 || refused > 0) { throw ExitCode(1) }
            if refused > 0 || unreadable > 0 { throw ExitCode(2) }
        }
    }

    /// The .md and .jsonl files named or inside the folders named, sorted.
    static func files(in paths: [String], unreadable: inout Int) -> [String] {
        var files: [String] = []
        for path in paths {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                FileHandle.standardError.write(Data("tanggap: \(path): no such file or folder\n".utf8))
                unreadable += 1
                continue
            }
            if isFolder.boolValue {
                let entries = (try? FileManager.default.subpathsOfDirectory(atPath: path)) ?? []
                files += entries.filter { $0.lowercased().hasSuffix(".md") || $0.lowercased().hasSuffix(".jsonl") }
                    .sorted().map { (path as NSString).appendingPathComponent($0) }
            } else {
                files.append(path)
            }
        }
        return files
    }
}

struct KnowledgeSearchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search", abstract: "Search the knowledge base.",
        discussion: """
            With --json, one object a query: {"query":…,"hits":[{"id":…,"title":…,"score":…,"snippet":…}]}.
            --queries FILE runs one query a line in one process and prints one JSON line each, in order.
            """)

    @Argument(help: "The query.")
    var query: [String] = []

    @Option(help: "At most this many articles (1–100).")
    var limit: Int = 5

    @Option(help: "A file of queries, one a line.")
    var queries: String?

    @Flag(help: "Print JSON.")
    var json = false

    @OptionGroup var options: StoreOptions

    func validate() throws {
        guard (1...100).contains(limit) else { throw ValidationError("--limit must be between 1 and 100") }
        guard queries != nil || !query.isEmpty else { throw ValidationError("give a query, or --queries FILE") }
        if queries != nil && !json { throw ValidationError("--queries prints JSON lines; add --json") }
    }

    func run() async throws {
        try await runReportingErrors {
            let store = try await options.openStore()
            var all: [String] = []
            if let queries {
                guard let text = try? String(contentsOfFile: queries, encoding: .utf8) else {
                    throw StoreError(.notFound, "cannot read queries from \(queries)")
                }
                all = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                if all.last == "" { all.removeLast() }
            } else {
                all = [query.joined(separator: " ")]
            }
            for text in all {
                let hits = try await store.searchArticles(text, limit: limit)
                if json {
                    let object: JSONValue = .object([
                        "query": .string(text),
                        "hits": .array(
                            hits.map { hit in
                                .object([
                                    "id": .string(hit.article.id), "title": .string(hit.article.title),
                                    "score": .double(hit.score), "snippet": .string(hit.snippet),
                                ])
                            }),
                    ])
                    print(object.serialized())
                } else if hits.isEmpty {
                    print("no article matches")
                } else {
                    for hit in hits {
                        print(
                            TerminalText.singleLine(
                                String(format: "%6.2f  %@  %@", hit.score, hit.article.id, hit.article.title)))
                        print("        " + TerminalText.singleLine(hit.snippet))
                    }
                }
            }
        }
    }
}

struct TemplatesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "templates", abstract: "Reply templates (canned replies).",
        subcommands: [TemplatesImportCommand.self])
}

struct TemplatesImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import reply templates from a TOML file of [[template]] tables.",
        discussion: """
            Each template: id, name, body (with {{customer.name}}, {{customer.handle}}, {{agent.name}},
            {{conversation.id}} and {{?ask:Label}} fields), and optional lang, tags, status (open, pending or
            resolved, set when the reply is sent) and add_tags. Importing again replaces templates by id.
            """)

    @Argument(help: "The TOML file.")
    var file: String

    @OptionGroup var options: StoreOptions

    func run() async throws {
        try await runReportingErrors {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                FileHandle.standardError.write(Data("tanggap: cannot read \(file)\n".utf8))
                throw ExitCode(1)
            }
            let templates: [ReplyTemplate]
            do {
                templates = try KnowledgeFiles.templates(toml: text)
            } catch let error as KnowledgeFileError {
                FileHandle.standardError.write(Data("tanggap: \(file): \(error.message)\n".utf8))
                throw ExitCode(1)
            }
            let store = try await options.openStore()
            try await store.saveTemplates(templates)
            print("imported \(templates.count) templates")
        }
    }
}

struct SuggestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suggest",
        abstract: "Suggested replies for a conversation, best first.",
        discussion:
            "With --json, an array of {\"text\", \"source\" (template, history or kb), \"why\"}. Nothing is sent.")

    @Argument(help: "The conversation id.")
    var id: String

    @Option(help: "At most this many suggestions (1–9).")
    var limit: Int = 9

    @Flag(help: "Print JSON.")
    var json = false

    @OptionGroup var options: StoreOptions

    func validate() throws {
        guard (1...9).contains(limit) else { throw ValidationError("--limit must be between 1 and 9") }
    }

    func run() async throws {
        let id = try conversationID(id)
        try await runReportingErrors {
            let (store, agent) = try await options.open()
            guard let thread = try await store.thread(id) else {
                throw StoreError(.notFound, "no conversation with id \(id)")
            }
            let suggestions = try await store.suggestions(for: thread, agent: agent, limit: limit)
            // Shown to an agent, so journaled like the console's.
            if !suggestions.isEmpty {
                try await store.record(
                    .suggestionsShown(suggestions.map { "\($0.source.rawValue):\($0.reference)" }),
                    on: thread.conversation.id, by: agent)
            }
            if json {
                print(
                    JSONValue.array(
                        suggestions.map {
                            .object([
                                "text": .string($0.text), "source": .string($0.source.rawValue), "why": .string($0.why),
                                "reference": .string($0.reference),
                            ])
                        }
                    ).serialized())
                return
            }
            if suggestions.isEmpty { print("no suggestion matches this conversation") }
            for (index, suggestion) in suggestions.enumerated() {
                print("\(index + 1) [\(suggestion.source.rawValue)] " + TerminalText.singleLine(suggestion.text))
                print("  " + TerminalText.singleLine(suggestion.why))
            }
        }
    }
}
