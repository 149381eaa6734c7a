import ConversationStore
import Foundation

/// The dashboard over the whole screen, in either console.
extension ConsoleUpdate {
    static func openDashboard(_ state: inout ConsoleState) -> [ConsoleEffect] {
        state.showingDashboard = true
        state.dashboardPage = 0
        return [.loadDashboard]
    }

    /// While the dashboard shows, ? shows the keys, and any other key closes it, q too, as the dashboard says (a
    /// supervisor glancing at the numbers pressed q to leave them and lost the console).
    static func dashboardKey(_ key: Key, _ state: inout ConsoleState) -> [ConsoleEffect] {
        switch state.keymap.command(for: key) {
        case .help?:
            state.mode = .help
            state.helpTop = 0
            return []
        case .focusNext?:
            // Where the parts show one at a time, tab turns to the next.
            state.dashboardPage = (state.dashboardPage + 1) % state.dashboardPages.count
            return []
        default:
            state.showingDashboard = false
            return []
        }
    }
}
