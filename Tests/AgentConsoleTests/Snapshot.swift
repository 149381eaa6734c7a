import Foundation
import Testing

@testable import AgentConsole

/// A frame as a snapshot file: the text a person reads, then the role of every cell as a second layer, so a change
/// of style (a row no longer drawn as the selection, an SLA clock no longer red) shows in the diff as plainly as a
/// change of text.
///
/// ```
/// <the frame's text, one line a row>
/// [roles]
/// <one character a cell, one line a row; trailing normal cells left out>
/// [legend]
/// @ selection
/// ```
enum Snapshot {
    /// One character for each role, picked to be told apart at a glance.
    static let codes: [Role: Character] = [
        .normal: " ", .dim: ".", .title: "T", .border: "|", .focusBorder: "F", .statusBar: "s", .statusAccent: "S",
        .selection: "@", .slaOK: "o", .slaWarning: "w", .slaBreached: "B", .inbound: "<", .outbound: ">",
        .note: "n", .newMarker: "N", .priority: "!", .risk: "r", .tag: "#", .key: "k", .error: "E", .info: "i",
        .input: "I", .match: "m",
    ]

    /// The whole snapshot file for a frame.
    static func file(_ frame: Frame) -> String {
        frame.text + "\n" + roles(frame)
    }

    /// The role layer with its legend of the roles it uses.
    static func roles(_ frame: Frame) -> String {
        var used = Set<Role>()
        var lines: [String] = []
        for y in 0..<frame.height {
            var line = ""
            for x in 0..<frame.width {
                let role = frame[x, y].role
                used.insert(role)
                line.append(codes[role] ?? "?")
            }
            while line.hasSuffix(" ") { line.removeLast() }
            lines.append(line)
        }
        let legend = Role.allCases.filter { used.contains($0) && $0 != .normal }.map { role in
            "\(codes[role] ?? "?") \(role.rawValue)"
        }
        return (["[roles]"] + lines + ["[legend]"] + legend).joined(separator: "\n") + "\n"
    }
}

@Suite struct SnapshotTests {
    @Test func everyRoleHasItsOwnCharacter() {
        #expect(Set(Role.allCases) == Set(Snapshot.codes.keys))
        #expect(Set(Snapshot.codes.values).count == Role.allCases.count)
    }

    @Test func theRoleLayerMarksEachCellsRole() {
        var frame = Frame(width: 6, height: 2)
        frame.write("ab", x: 0, y: 0, role: .selection)
        frame.write("日", x: 3, y: 1, role: .slaBreached)
        #expect(Snapshot.roles(frame) == "[roles]\n@@\n   BB\n[legend]\n@ selection\nB sla_breached\n")
    }
}
