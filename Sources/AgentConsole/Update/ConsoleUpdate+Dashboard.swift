import ConversationStore
import Foundation

/// The dashboard over the whole screen, in either console.
extension ConsoleUpdate {
    static func openDashboard(_ state: inout ConsoleState) -> [ConsoleEffect] {
        state.showingDashboard = true
        return [.loadDashboard]
    }

    /// While the dashboard shows, q quits, ? shows the keys, and any other key closes it.
    static func dashboardKey(_ key: Key, _ state: inout ConsoleState) -> [ConsoleEffect] {
        switch state.keymap.command(for: key) {
        case .quit?: return run(.quit, &state)
        case .help?:
            state.mode = .help
            return []
        default:
            state.showingDashboard = false
            return []
        }
    }
}
