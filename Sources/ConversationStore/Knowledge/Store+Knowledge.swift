extension Store {
    /// Adds or replaces knowledge-base articles.
    public func saveArticles(_ articles: [Article]) async throws {
        try await backend.saveArticles(articles)
    }

    /// How many articles the knowledge base holds.
    public func articleCount() async throws -> Int {
        try await backend.articleCount()
    }

    /// Articles for a free-text query, best first, with the passage that matched.
    /// Without `passages`, hits carry no snippet and no matched words: cheaper, for ranking alone.
    ///
    /// A knowledge base of up to ``KnowledgeSnapshot/maximumBytes`` of text is ranked in memory
    /// (``KnowledgeIndex``), read again whenever it changes; a larger one by the store's text index.
    public func searchArticles(_ query: String, limit: Int = 5, passages: Bool = true) async throws -> [ArticleHit] {
        let terms = KnowledgeText.queryTerms(query)
        let asked = Set(terms)
        let pairs = KnowledgeText.queryPairs(query)
        let found =
            if let index = try await knowledgeIndex.index(backend) {
                index.search(terms: terms, pairs: pairs, limit: limit)
            } else {
                try await backend.searchArticles(terms: terms, pairs: pairs, limit: limit)
            }
        return found.map { article, score in
            guard passages else { return ArticleHit(article: article, score: score, snippet: "", matched: []) }
            let (snippet, matched) = KnowledgeText.snippet(for: article, query: asked, queryText: query)
            return ArticleHit(article: article, score: score, snippet: snippet, matched: matched)
        }
    }

    /// Articles for a conversation: what the customer wrote lately. Beside the conversation only articles near the
    /// best one are shown: one that shares a single common word ("DM") with the customer is noise there, while a
    /// search the agent types (`searchArticles`) lists every match with its score.
    /// The articles for a conversation: of its brand account (``KnowledgeScope``), near the best one's score, those
    /// in the customer's language first.
    public func articles(for thread: ConversationThread, limit: Int = 5) async throws -> [ArticleHit] {
        let text = Self.customerText(thread)
        let account = thread.conversation.account
        // Articles of other brands are passed over, so more are read than are shown.
        let hits = try await searchArticles(text, limit: limit * 4).filter {
            KnowledgeScope.fits(tags: $0.article.tags, account: account)
        }
        guard let best = hits.first?.score else { return [] }
        let language = KnowledgeScope.language(of: text)
        let near = hits.filter { $0.score >= Self.nearBest * best }
        let (same, other) = (
            near.filter { $0.article.language.map { $0.lowercased() == language } ?? true },
            near.filter { !($0.article.language.map { $0.lowercased() == language } ?? true) }
        )
        return Array((same + other).prefix(limit))
    }

    /// How near the best article's score another must come to be shown beside a conversation.
    static let nearBest = 0.25

    public func article(id: String) async throws -> Article? {
        try await backend.article(id: id)
    }

    public func saveTemplates(_ templates: [ReplyTemplate]) async throws {
        try await backend.saveTemplates(templates)
    }

    public func templates() async throws -> [ReplyTemplate] {
        try await backend.templates()
    }

    /// Every template that fits this conversation (its brand account and the customer's language, as suggestions
    /// choose them: ``KnowledgeScope``), by name, with the conversation's variables filled in: what the template
    /// browser lists and searches.
    public func templateChoices(for thread: ConversationThread, agent: String) async throws -> [TemplateChoice] {
        let language = KnowledgeScope.language(of: Self.customerText(thread))
        return try await templates().filter {
            KnowledgeScope.fits(tags: $0.tags, account: thread.conversation.account)
                && KnowledgeScope.fits(templateLanguage: $0.language, customer: language)
        }
        .sorted { $0.name.lowercased() < $1.name.lowercased() }
        .map { TemplateChoice(template: $0, text: $0.filled(for: thread.conversation, agent: agent)) }
    }

    /// Replies the agent may take into the draft for this conversation, best first: matching templates, then the
    /// first replies of the nearest answered conversations (generalised: handles, names and signatures become
    /// variables), then the answers of matching knowledge-base articles. Each says why it was chosen.
    ///
    /// Pass `articles` when the conversation's articles are already at hand (the console shows them beside the
    /// suggestions), so the knowledge base is not searched twice.
    public func suggestions(
        for thread: ConversationThread, agent: String, limit: Int = 9, articles: [ArticleHit]? = nil
    ) async throws
        -> [Suggestion]
    {
        let text = Self.customerText(thread)
        let words = KnowledgeText.queryTerms(text)
        let meaningful = KnowledgeText.queryTerms(text, keepStopwords: false)
        guard !words.isEmpty else { return [] }
        // A customer who thanks or closes gets a closing, never a troubleshooting answer (IntentRules).
        let latest = thread.messages.last { $0.direction == .inbound }?.text ?? ""
        let closing = IntentRules.closes(latest)
        let wanted = Set(meaningful)
        let language = KnowledgeScope.language(of: text)
        var scored: [(score: Int, suggestion: Suggestion)] = []
        for template in try await templates()
        where KnowledgeScope.fits(tags: template.tags, account: thread.conversation.account)
            && KnowledgeScope.fits(templateLanguage: template.language, customer: language)
        {
            if closing.closes {
                guard IntentRules.isClosing(template) else { continue }
                scored.append(
                    (
                        100,
                        Suggestion(
                            text: template.filled(for: thread.conversation, agent: agent), source: .template,
                            why: "template “\(template.name)”: the customer \(closing.why)", reference: template.id,
                            setsStatus: template.setsStatus, addsTags: template.addsTags)
                    ))
                continue
            }
            guard !IntentRules.isClosing(template) else { continue }
            let vocabulary = Set(
                KnowledgeText.queryTerms(
                    template.name + " " + template.tags.joined(separator: " ") + " " + template.body))
            let shared = meaningful.filter { vocabulary.contains($0) }
            guard !shared.isEmpty else { continue }
            let tagHits = template.tags.filter { wanted.contains($0.lowercased()) }.count
            // A word of the body alone ("kak", "mohon") is not a match; the template's name or tags must agree too.
            let named = Set(
                KnowledgeText.queryTerms(
                    template.name + " " + template.tags.joined(separator: " "), keepStopwords: false))
            guard tagHits > 0 || !named.isDisjoint(with: shared) else { continue }
            scored.append(
                (
                    shared.count + 2 * tagHits,
                    Suggestion(
                        text: template.filled(for: thread.conversation, agent: agent), source: .template,
                        why: "template “\(template.name)”: "
                            + KnowledgeText.words(of: text, matching: Set(shared)).prefix(4).joined(separator: ", "),
                        reference: template.id, setsStatus: template.setsStatus, addsTags: template.addsTags)
                ))
        }
        var result = scored.sorted { $0.score > $1.score }.map(\.suggestion)
        if closing.closes { return Array(result.prefix(limit)) }
        // Replies of the same brand account: another brand's answers would not fit.
        for example in try await backend.similarAnswered(
            terms: words, account: thread.conversation.account, excluding: thread.conversation.id, limit: 3)
        {
            let body = example.generalisedReply
            // A reply is sent as it is: one in another language than the customer's is not offered.
            guard KnowledgeScope.fits(templateLanguage: KnowledgeScope.language(of: body), customer: language) else {
                continue
            }
            let filled = ReplyTemplate(id: "history", name: "", body: body).filled(
                for: thread.conversation, agent: agent)
            let shared = Set(example.terms.split(separator: " ").map(String.init)).intersection(wanted)
            // Near only by "gak", "the" and the like is not near.
            guard !shared.isEmpty else { continue }
            result.append(
                Suggestion(
                    text: filled, source: .history,
                    why: "reply to similar conversation #\(example.conversation): "
                        + KnowledgeText.words(of: text, matching: shared).prefix(4).joined(separator: ", "),
                    reference: "conversation:\(example.conversation)"))
        }
        let hits: [ArticleHit]
        if let articles {
            hits = Array(articles.prefix(3))
        } else {
            hits = try await self.articles(for: thread, limit: 3)
        }
        for hit in hits {
            result.append(
                Suggestion(
                    text: hit.article.answer, source: .kb,
                    why: "article “\(hit.article.title)”: " + hit.matched.prefix(4).joined(separator: ", "),
                    reference: hit.article.id))
        }
        var seen = Set<String>()
        return Array(result.filter { seen.insert($0.text).inserted }.prefix(limit))
    }

    /// What the customer wrote in their last three messages, the latest first.
    static func customerText(_ thread: ConversationThread) -> String {
        thread.messages.filter { $0.direction == .inbound }.suffix(3).reversed().map(\.text).joined(separator: "\n")
    }
}
