import ConversationStore
import Foundation

/// The `:` command line: every command by name, some with an argument (`:tag refund`, `:reply TEXT`, `:open 42`).
extension ConsoleUpdate {
    /// Tab on the command line: the command name begun is completed when one command starts so (with the longer
    /// common start of several), and the candidates are said.
    static func completed(_ input: LineInput, _ state: inout ConsoleState) -> LineInput {
        let typed = input.text.lowercased()
        guard !typed.contains(" ") else { return input }
        let names = ConsoleCommand.allCases.map(\.rawValue).filter { $0.hasPrefix(typed) }.sorted()
        guard let first = names.first else {
            flash("no command starts with '\(typed)'", error: true, &state)
            return input
        }
        if names.count == 1 { return LineInput(first + " ") }
        var common = first
        for name in names.dropFirst() {
            while !name.hasPrefix(common) { common.removeLast() }
        }
        flash(names.joined(separator: " "), &state)
        return LineInput(common)
    }

    static func commandTyped(_ line: String, _ state: inout ConsoleState) -> [ConsoleEffect] {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return [] }
        let name = String(trimmed.prefix { $0 != " " }).lowercased()
        let argument = trimmed.dropFirst(name.count).trimmingCharacters(in: .whitespaces)
        guard let command = ConsoleCommand(rawValue: name) ?? (name == "q" ? .quit : nil) else {
            flash("unknown command '\(name)'; ? lists them", error: true, &state)
            return []
        }
        guard !argument.isEmpty else { return run(command, &state) }
        switch command {
        case .reply, .replyPrivately, .note:
            guard let id = state.thread?.conversation.id else {
                flash("open a conversation first (enter)", error: true, &state)
                return []
            }
            if command == .note { return [.perform(.note(text: argument), id)] }
            if let field = TemplateFields.firstUnfilled(in: argument) {
                flash("fill in \(fieldLabel(field)) before sending", error: true, &state)
                return []
            }
            return [
                .perform(
                    .reply(text: argument, isPrivate: command == .replyPrivately), id,
                    seen: state.agentDesk?.openedRevision[id])
            ]
        case .tag: return promptAnswered(.tag, argument, &state)
        case .priority: return promptAnswered(.priority, argument, &state)
        case .snooze: return promptAnswered(.snooze, argument, &state)
        case .noReply: return promptAnswered(.noReply, argument, &state)
        case .view:
            guard let view = QueueView(rawValue: argument) else {
                flash("views are " + QueueView.allCases.map(\.rawValue).joined(separator: ", "), error: true, &state)
                return []
            }
            return switchView(view, &state)
        case .search:
            do {
                return applyFilter(try QueueFilter(parsing: argument), &state)
            } catch {
                flash("\(error)", error: true, &state)
                return []
            }
        case .status:
            guard let status = ConversationStatus(rawValue: argument.lowercased()),
                [.open, .pending, .resolved].contains(status)
            else {
                flash("status is open, pending or resolved (snooze with :snooze)", error: true, &state)
                return []
            }
            return perform(.setStatus(status), &state)
        case .open:
            guard let id = ConversationID(parsing: argument) else {
                flash("'\(argument)' is not a conversation id", error: true, &state)
                return []
            }
            return open(id, &state)
        default:
            return run(command, &state)
        }
    }
}
