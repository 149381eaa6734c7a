import ConversationStore
import Foundation

/// Spike alerts: a term rising past the threshold is announced to every agent once, named in the status bar while
/// it stays up, and `R` lists its conversations in the queue, so one answer can go to each of them.
extension ConsoleUpdate {
    static func risingLoaded(_ rises: [RisingTerms.Rise], _ state: inout ConsoleState) -> [ConsoleEffect] {
        state.rising = rises
        let up = Set(rises.map(\.term))
        // A term that fell is forgotten, so it is announced again should it rise again.
        state.risingAnnounced.formIntersection(up)
        let fresh = rises.filter { !state.risingAnnounced.contains($0.term) }
        guard let first = fresh.first else { return [] }
        state.risingAnnounced.formUnion(fresh.map(\.term))
        let others = fresh.count > 1 ? " (+\(fresh.count - 1) more)" : ""
        // The review is read only: its supervisor is told, not offered the list.
        let key =
            state.agentDesk == nil ? "" : state.keymap.keys(for: .rising).first.map { " · \($0.name) lists them" } ?? ""
        flash(
            "“\(first.written)” rising: \(first.conversations.count) conversations this hour, "
                + "\(ratioText(first.ratio)) usual\(others)\(key)", error: true, &state)
        state.alertPending = true
        return []
    }

    static func ratioText(_ ratio: Double) -> String {
        ratio >= 100 ? String(format: "%.0f×", ratio) : String(format: "%.1f×", ratio)
    }

    /// `R`: the queue lists the conversations of the first rising term that still need a reply, most urgent first, or
    /// the next term's when it already lists a rising term's.
    static func listRising(_ state: inout ConsoleState) -> [ConsoleEffect] {
        guard var desk = state.agentDesk else { return [] }
        guard !state.rising.isEmpty else {
            flash(
                "nothing is rising now (a term in \(state.spikeThreshold.conversations) conversations at "
                    + "\(ratioText(state.spikeThreshold.ratio)) its usual share is)", &state)
            return []
        }
        let index =
            state.risingListed.flatMap { listed in state.rising.firstIndex { $0.term == listed } }
            .map { ($0 + 1) % state.rising.count } ?? 0
        let rise = state.rising[index]
        state.risingListed = rise.term
        desk.filter = QueueFilter(ids: rise.conversations)
        desk.view = .needsReply
        state.agentDesk = desk
        state.focus = .queue
        flash(
            "“\(rise.written)”: those of its \(rise.conversations.count) conversations needing a reply · / changes "
                + "the filter" + (state.rising.count > 1 ? " · R again: the next rising term" : ""), &state)
        return [reloadQueue(state)]
    }
}
