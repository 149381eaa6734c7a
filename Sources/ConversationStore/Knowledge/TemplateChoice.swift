import Foundation

/// A reply template as the template browser offers it: the template, and its text with the conversation's variables
/// filled in (`{{?ask:…}}` fields stay for the agent).
public struct TemplateChoice: Hashable, Sendable {
    public var template: ReplyTemplate
    public var text: String

    public init(template: ReplyTemplate, text: String) {
        self.template = template
        self.text = text
    }

    /// True when every word of `query` is in the template's name, tags, language or filled text, without regard
    /// to case or accents; an empty query matches everything.
    public func matches(_ query: String) -> Bool {
        let fold: (String) -> String = { $0.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil) }
        let haystack = fold(
            [template.name, template.tags.joined(separator: " "), template.language ?? "", text].joined(separator: " "))
        return query.split(whereSeparator: \.isWhitespace).allSatisfy { haystack.contains(fold(String($0))) }
    }
}
