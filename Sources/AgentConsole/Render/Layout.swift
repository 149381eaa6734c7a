/// Where each pane goes at a terminal size.
///
/// - **wide** (at least 110×28): queue, conversation, and suggested replies above the knowledge base, all at once,
///   with the compose area under the conversation.
/// - **medium** (at least 72×18): queue beside the conversation; suggested replies and knowledge base share one
///   pane under it (`s` switches).
/// - **narrow**: one pane at a time (the queue, or the focused pane), the compose area under it.
/// - **too small** (under 40×12): a message saying so.
public struct Layout: Hashable, Sendable {
    public enum Kind: Hashable, Sendable { case tooSmall, narrow, medium, wide }

    public static let minimumWidth = 40
    public static let minimumHeight = 12

    public var kind: Kind
    public var queue: Rect
    public var conversation: Rect
    public var suggestions: Rect
    public var knowledge: Rect
    public var compose: Rect
    public var status: Rect

    public init(width: Int, height: Int, state: ConsoleState) {
        let none = Rect(x: 0, y: 0, width: 0, height: 0)
        status = Rect(x: 0, y: height - 1, width: width, height: 1)
        if width < Self.minimumWidth || height < Self.minimumHeight {
            kind = .tooSmall
            (queue, conversation, suggestions, knowledge, compose) = (none, none, none, none, none)
            return
        }
        let composeHeight = height >= 30 ? 6 : 5
        let body = height - 1
        if width >= 110 && height >= 28 {
            kind = .wide
            let queueWidth = width * 35 / 100
            let rest = width - queueWidth
            let conversationWidth = rest * 55 / 100
            let sideWidth = rest - conversationWidth
            queue = Rect(x: 0, y: 0, width: queueWidth, height: body)
            conversation = Rect(x: queueWidth, y: 0, width: conversationWidth, height: body - composeHeight)
            compose = Rect(x: queueWidth, y: body - composeHeight, width: conversationWidth, height: composeHeight)
            let suggestionsHeight = body / 2
            suggestions = Rect(x: queueWidth + conversationWidth, y: 0, width: sideWidth, height: suggestionsHeight)
            knowledge = Rect(
                x: queueWidth + conversationWidth, y: suggestionsHeight, width: sideWidth,
                height: body - suggestionsHeight)
        } else if width >= 72 && height >= 18 {
            kind = .medium
            let queueWidth = width * 40 / 100
            let rest = width - queueWidth
            queue = Rect(x: 0, y: 0, width: queueWidth, height: body)
            let sideHeight = max(5, (body - composeHeight) * 40 / 100)
            let conversationHeight = body - composeHeight - sideHeight
            conversation = Rect(x: queueWidth, y: 0, width: rest, height: conversationHeight)
            let side = Rect(x: queueWidth, y: conversationHeight, width: rest, height: sideHeight)
            suggestions = state.sidePane == .suggestions ? side : none
            knowledge = state.sidePane == .knowledge ? side : none
            compose = Rect(x: queueWidth, y: body - composeHeight, width: rest, height: composeHeight)
        } else {
            kind = .narrow
            let full = Rect(x: 0, y: 0, width: width, height: body)
            let above = Rect(x: 0, y: 0, width: width, height: body - composeHeight)
            compose = Rect(x: 0, y: body - composeHeight, width: width, height: composeHeight)
            (queue, conversation, suggestions, knowledge) = (none, none, none, none)
            switch state.focus {
            case .queue: queue = full
            case .conversation: conversation = above
            case .suggestions: suggestions = above
            case .knowledge: knowledge = above
            }
            if state.focus == .queue { compose = none }
        }
    }

    /// The panes `tab` moves between, in order.
    public var focusable: [Pane] {
        switch kind {
        case .tooSmall: [.queue]
        case .wide: [.queue, .conversation, .suggestions, .knowledge]
        case .medium, .narrow: [.queue, .conversation, .suggestions, .knowledge]
        }
    }
}
