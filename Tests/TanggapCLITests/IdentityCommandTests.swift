import Foundation
import Testing

/// Who acts, through the real binary: on SQLite the login as a supervisor mapped it (--agent may name only that),
/// on PostgreSQL the role connected as.
struct IdentityCommandTests {
    static let log = """
        {"channel":"twitter","id":"a1","direction":"inbound","author":{"id":"c1","handle":"rina"},"text":"@brand paket belum sampai","created_at":"2026-11-20T08:00:00Z","visibility":"public","account":"brand"}
        {"channel":"twitter","id":"b1","direction":"inbound","author":{"id":"c2","handle":"dodi"},"text":"@brand sinyal hilang","created_at":"2026-11-20T08:01:00Z","visibility":"public","account":"brand"}
        {"channel":"twitter","id":"d1","direction":"inbound","author":{"id":"c3","handle":"eka"},"text":"@brand refund kapan?","created_at":"2026-11-20T08:02:00Z","visibility":"public","account":"brand"}

        """

    @Test func onSQLiteTheLoginActsAsItselfOrAsASupervisorMappedIt() throws {
        let cli = try CLI(mapsLogin: false)
        let login = CLI.loginName()
        #expect(try cli.run(["import", try cli.write("log.jsonl", Self.log)], agent: nil).status == 0)
        // The probe's case: naming another agent to make oneself supervisor.
        let posing = try cli.run(["agents", "add", login, "--role", "supervisor"], agent: "ani")
        #expect(posing.status == 77)
        #expect(
            posing.stderr
                == "tanggap: you are logged in as \(login), so you act as \(login), not ani; a supervisor lets a login "
                + "act as an agent: tanggap agents map \(login) ani\n")
        #expect(try cli.run(["claim", "1"], agent: "ani").status == 77)
        #expect(try cli.run(["agents", "list", "--json"]).stdout.isEmpty, "nothing was given")
        // As itself the login works, and only a supervisor maps logins.
        let claimed = try cli.run(["claim", "1"], agent: nil)
        #expect(claimed.status == 0, "\(claimed.stderr)")
        #expect(try cli.run(["show", "1"], agent: nil).stdout.contains("claimed by \(login)"))
        let early = try cli.run(["agents", "map", login, "ani"], agent: nil)
        #expect(early.status == 1 && early.stderr.contains("only a supervisor can map logins"), "\(early.stderr)")
        #expect(try cli.run(["agents", "add", login, "--role", "supervisor"], agent: nil).status == 0)
        let mapped = try cli.run(["agents", "map", login, login, "ani", "budi"], agent: nil)
        #expect(mapped.status == 0 && mapped.stdout == "\(login) acts as \(login), ani, budi\n", "\(mapped.stderr)")
        // A desk several agents share: each names themselves, nobody else.
        let which = try cli.run(["queue"], agent: nil)
        #expect(which.status == 77)
        #expect(which.stderr == "tanggap: login \(login) acts as \(login), ani or budi: say which with --agent\n")
        #expect(try cli.run(["claim", "2"], agent: "budi").status == 0)
        #expect(try cli.run(["show", "2"], agent: "budi").stdout.contains("claimed by budi"))
        let sari = try cli.run(["claim", "3"], agent: "sari")
        #expect(sari.status == 77 && sari.stderr.contains("acts as \(login), ani or budi, not sari"), "\(sari.stderr)")
        let listed = try cli.run(["agents", "list"], agent: "ani")
        #expect(listed.stdout.contains("\(login)  "), "\(listed.stdout)")
        #expect(listed.stdout.contains("\(login), ani, budi"), "the mapping is listed: \(listed.stdout)")
        // A read-only command without --agent goes on for a shared login.
        #expect(try cli.run(["report"], agent: nil).status == 0)
        // A supervisor does not map their own login away from themselves.
        let away = try cli.run(["agents", "map", login, "ani"], agent: login)
        #expect(away.status == 1 && away.stderr.contains("list \(login) too"), "\(away.stderr)")
        // Undone, the login is itself again.
        #expect(try cli.run(["agents", "map", login], agent: login).stdout == "\(login) acts as itself\n")
        #expect(try cli.run(["claim", "3"], agent: "budi").status == 77)
        #expect(try cli.run(["claim", "3"], agent: nil).status == 0)
    }

    /// Names from the command line are checked before anything opens, and shown without their control characters.
    @Test func badNamesAreRefusedAsBadCommandLines() throws {
        let cli = try CLI(mapsLogin: false)
        for name in ["", ".", "..", "a b", "ani\u{1B}[31m", String(repeating: "a", count: 65)] {
            let refused = try cli.run(["queue"], agent: name)
            #expect(refused.status == 64, "\(name): \(refused.stderr)")
            #expect(!refused.stderr.contains("\u{1B}"), "no escape reaches the terminal")
        }
        let login = try cli.run(["agents", "map", "bad\u{7}login", "ani"], agent: nil)
        #expect(login.status == 64 && !login.stderr.contains("\u{7}"), "\(login.stderr)")
        #expect(login.stderr.contains("'bad\\u{7}login' is not a login name"), "\(login.stderr)")
        #expect(try cli.run(["agents", "map", "desk", "ani", "ani"], agent: nil).status == 64)
        #expect(try cli.run(["review", "--as", ""], agent: nil).status == 64)
    }

    /// A user the system's user database does not know (a container's arbitrary uid) is `uid-N`, never the name
    /// the environment claims.
    @Test(
        .enabled(
            if: geteuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")
                && getpwuid(54_321) == nil, "needs root, setpriv and a free uid"))
    func aUserTheSystemDoesNotKnowIsTheirUid() throws {
        let cli = try CLI(mapsLogin: false)
        #expect(try cli.run(["import", try cli.write("log.jsonl", Self.log)], agent: nil).status == 0)
        for path in [cli.folder.path, cli.store] {
            try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: path)
        }
        let state = cli.folder.appendingPathComponent("uid-state").path
        func run(_ arguments: [String]) throws -> CLI.Result {
            try CLI.execute(
                [
                    "--reuid=54321", "--regid=54321", "--clear-groups", "env", "LOGNAME=ani", "USER=ani",
                    "XDG_STATE_HOME=\(state)", CLI.binary,
                ] + arguments + ["--store", cli.store], executable: "/usr/bin/setpriv")
        }
        let posing = try run(["claim", "1", "--agent", "ani"])
        #expect(posing.status == 77, "\(posing.stderr)")
        #expect(posing.stderr.contains("you are logged in as uid-54321, so you act as uid-54321, not ani"))
        let claimed = try run(["claim", "1", "--json"])
        #expect((json(claimed.stdout) as? [String: Any])?["assignee"] as? String == "uid-54321", "\(claimed.stderr)")
    }

    @Test(.enabled(if: ProcessInfo.processInfo.environment["TANGGAP_SKIP_POSTGRES"] != "1"))
    func onPostgreSQLTheRoleConnectedAsActsAndNoOneElse() throws {
        let cli = try CLI(store: try PostgresCommandTests.freshDatabase())
        #expect(try cli.run(["import", try cli.write("log.jsonl", Self.log)], agent: nil).status == 0)
        let asAni = try cli.location(actingAs: "ani")
        let posing = try CLI.execute(["claim", "1", "--store", asAni, "--agent", "budi"])
        #expect(posing.status == 77)
        #expect(posing.stderr.contains("you are connected to the store as ani, so you act as ani, not budi"))
        let claimed = try CLI.execute(["claim", "1", "--store", asAni, "--json"])
        #expect(claimed.status == 0, "\(claimed.stderr)")
        #expect((json(claimed.stdout) as? [String: Any])?["assignee"] as? String == "ani", "\(claimed.stdout)")
        let mapping = try CLI.execute(["agents", "map", "ws-1", "ani", "--store", asAni])
        #expect(mapping.status == 1 && mapping.stderr.contains("logins are not mapped"), "\(mapping.stderr)")
        let supervisor = try CLI.execute(["agents", "add", "budi", "--role", "supervisor", "--store", asAni])
        #expect(supervisor.status == 1, "the store has no supervisor yet: the first names themselves")
    }
}
