import TextAnalysis

/// Which prepared answers fit a conversation. An agency answers for several brands: a template or an article tagged
/// `account:HANDLE` (one tag per brand account it is for, any number) is offered only in conversations with one of
/// those accounts; one without such a tag is for every account. A template is a reply to send, so one in another
/// language than the customer's is not offered; an article in the customer's language comes before one that is not.
public enum KnowledgeScope {
    /// The tag prefix naming a brand account.
    public static let accountTagPrefix = "account:"

    /// True when something with these tags may be offered in a conversation with `account`.
    public static func fits(tags: [String], account: String?) -> Bool {
        let accounts = tags.compactMap { tag -> String? in
            let lowered = tag.lowercased()
            return lowered.hasPrefix(accountTagPrefix) ? String(lowered.dropFirst(accountTagPrefix.count)) : nil
        }
        guard !accounts.isEmpty else { return true }
        guard let account else { return false }
        return accounts.contains(account.lowercased())
    }

    /// The language the customer writes in (`id` or `en`), from their texts.
    public static func language(of customerText: String) -> String {
        TextAnalyzer.guessLanguage(customerText).rawValue
    }

    /// True when a template in `language` (`nil`: any) may be offered to a customer writing in `customer`.
    public static func fits(templateLanguage language: String?, customer: String) -> Bool {
        guard let language, !language.isEmpty else { return true }
        return language.lowercased() == customer
    }
}
