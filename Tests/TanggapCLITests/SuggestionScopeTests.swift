import Foundation
import Testing

/// On the demo store, which answers for three brands, no conversation of one brand is offered another brand's
/// template, article or past reply: `tanggap suggest ID --json` over every conversation, checked against the tags
/// the store itself holds.
@Suite struct SuggestionScopeTests {
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3"), "sqlite3 is not installed"))
    func noConversationIsOfferedAnotherBrandsAnswer() throws {
        let cli = try CLI()
        let built = try CLI.execute([
            "demo", "--dir", cli.folder.path, "--no-console", "--agent", "ani", "--conversations", "50",
        ])
        #expect(built.status == 0, "\(built.stderr)")
        // The accounts each template and article is for, from the store.
        var scope: [String: Set<String>] = [:]
        let rows = try CLI.execute(
            [
                cli.store,
                "SELECT 'template:' || id, tags FROM reply_template UNION ALL SELECT 'kb:' || id, tags FROM article",
            ],
            executable: "/usr/bin/sqlite3")
        for line in rows.stdout.split(separator: "\n") {
            let parts = line.split(separator: "|", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            scope[parts[0]] = Set(
                parts[1].split(separator: " ").filter { $0.hasPrefix("account:") }.map { String($0.dropFirst(8)) })
        }
        #expect(scope.values.contains { !$0.isEmpty }, "the demo's answers are scoped")
        let listed = try cli.run(["queue", "--view", "all", "--json", "--limit", "1000"])
        let conversations = json(listed.stdout) as? [[String: Any]] ?? []
        #expect(conversations.count >= 50)
        var accountOf: [Int: String] = [:]
        for conversation in conversations {
            if let id = conversation["id"] as? Int {
                accountOf[id] = (conversation["account"] as? String)?.lowercased()
            }
        }
        var offered = 0
        for (id, account) in accountOf.sorted(by: { $0.key < $1.key }) {
            let suggested = try cli.run(["suggest", "\(id)", "--json"])
            #expect(suggested.status == 0, "\(suggested.stderr)")
            for suggestion in json(suggested.stdout) as? [[String: Any]] ?? [] {
                guard let source = suggestion["source"] as? String, let reference = suggestion["reference"] as? String
                else { continue }
                offered += 1
                if source == "history" {
                    let other = Int(reference.dropFirst("conversation:".count)) ?? 0
                    #expect(accountOf[other] == account, "#\(id) (\(account)) offered the reply of #\(other)")
                } else if let accounts = scope["\(source):\(reference)"], !accounts.isEmpty {
                    #expect(accounts.contains(account), "#\(id) (\(account)) offered \(source) \(reference)")
                }
            }
        }
        #expect(offered > 50, "suggestions were offered: \(offered)")
    }
}
