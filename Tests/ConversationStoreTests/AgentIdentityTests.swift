import Foundation
import Testing

@testable import ConversationStore

/// Who a process acts as (AgentIdentity), the rule once: the login as a supervisor mapped it, or the connection's role.
struct AgentIdentityTests {
    @Test func anUnmappedLoginActsAsItselfAndNamesNobodyElse() throws {
        #expect(try AgentIdentity.resolve(login: "ani", requested: nil, source: .login(mapped: [])) == "ani")
        #expect(try AgentIdentity.resolve(login: "ani", requested: "ani", source: .login(mapped: [])) == "ani")
        let posing = #expect(throws: StoreError.self) {
            try AgentIdentity.resolve(login: "root", requested: "ani", source: .login(mapped: []))
        }
        #expect(posing?.code == .notPermitted && !posing!.isRefusal)
        #expect(
            posing?.message
                == "you are logged in as root, so you act as root, not ani; a supervisor lets a login act as an agent: "
                + "tanggap agents map root ani")
    }

    @Test func aMappedLoginActsAsItsAgentsOnlyAndASharedDeskSaysWhich() throws {
        #expect(try AgentIdentity.resolve(login: "ws-07", requested: nil, source: .login(mapped: ["ani"])) == "ani")
        // Mapped, the login is no longer itself.
        let itself = #expect(throws: StoreError.self) {
            try AgentIdentity.resolve(login: "ws-07", requested: "ws-07", source: .login(mapped: ["ani"]))
        }
        #expect(itself?.message.hasPrefix("login ws-07 acts as ani, not ws-07") == true)
        let desk = AgentIdentity.Source.login(mapped: ["ani", "budi", "citra"])
        #expect(try AgentIdentity.resolve(login: "desk", requested: "budi", source: desk) == "budi")
        let which = #expect(throws: StoreError.self) {
            try AgentIdentity.resolve(login: "desk", requested: nil, source: desk)
        }
        #expect(which?.message == "login desk acts as ani, budi or citra: say which with --agent")
        let sari = #expect(throws: StoreError.self) {
            try AgentIdentity.resolve(login: "desk", requested: "sari", source: desk)
        }
        #expect(sari?.message.hasSuffix("tanggap agents map desk ani budi citra sari") == true)
        #expect(AgentIdentity.permitted(login: "desk", source: desk) == ["ani", "budi", "citra"])
        #expect(AgentIdentity.permitted(login: "ani", source: .login(mapped: [])) == ["ani"])
    }

    @Test func onPostgreSQLTheRoleConnectedAsIsTheAgent() throws {
        let source = AgentIdentity.Source.connection(role: "ani")
        #expect(try AgentIdentity.resolve(login: "root", requested: nil, source: source) == "ani")
        #expect(try AgentIdentity.resolve(login: "root", requested: "ani", source: source) == "ani")
        let posing = #expect(throws: StoreError.self) {
            try AgentIdentity.resolve(login: "ani", requested: "budi", source: source)
        }
        #expect(posing?.message.contains("connect as budi (postgres://budi@…)") == true)
    }

    @Test func aLoginThatIsNoAgentNameIsToldToBeMapped() throws {
        let odd = #expect(throws: StoreError.self) {
            try AgentIdentity.resolve(login: "ani@corp.example", requested: nil, source: .login(mapped: []))
        }
        #expect(odd?.message.contains("tanggap agents map ani@corp.example NAME") == true)
        #expect(AgentIdentity.isValidLogin("ani@corp.example") && AgentIdentity.isValidLogin("CORP\\ani"))
        for bad in ["", "a b", "ani\u{0}", "ani\n", String(repeating: "a", count: 257), "ani:x", "анна"] {
            #expect(!AgentIdentity.isValidLogin(bad), "\(bad)")
        }
        #expect(throws: StoreError.self) { try AgentIdentity.checkMapping(login: "ws", agents: ["ani", "ani"]) }
        #expect(throws: StoreError.self) { try AgentIdentity.checkMapping(login: "ws", agents: ["no body"]) }
        #expect(throws: StoreError.self) {
            try AgentIdentity.checkMapping(login: "ws", agents: (0...64).map { "a\($0)" })
        }
        try AgentIdentity.checkMapping(login: "ws", agents: [])
    }
}
