/// Which pane has the keyboard.
public enum Pane: String, Hashable, Sendable, CaseIterable {
    case queue, conversation, suggestions, knowledge
}
