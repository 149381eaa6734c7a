import Foundation
import Testing

/// A store that cannot be written (a read-only mount, another user's file) is read as it stands: a supervisor can
/// list, show and report on it; a command that would change it is refused, named, and nothing is retried.
@Suite struct ReadOnlyStoreTests {
    /// Root writes through any file mode, so as root the commands run as `nobody`, who cannot.
    static let asAnotherUser = getuid() == 0
    static let runnable =
        !asAnotherUser
        || (FileManager.default.isExecutableFile(atPath: "/usr/sbin/runuser") && getpwnam("nobody") != nil)

    @Test(.enabled(if: runnable, "running as root without runuser or a nobody user"))
    func aReadOnlyStoreIsReadAndAWriteIsRefusedNamed() throws {
        let cli = try CLI.seeded(with: IntentCommandTests.log)
        let state = cli.folder.appendingPathComponent("nobody-state").path
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
        // The login the commands run as acts as ani (a supervisor's mapping).
        try cli.map(Self.asAnotherUser ? "nobody" : CLI.loginName(), to: ["ani"])
        // What SQLite keeps beside a store closed cleanly is gone; the file and its folder become read-only.
        try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: state)
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: cli.store)
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: cli.folder.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: cli.folder.path) }
        func run(_ arguments: [String]) throws -> CLI.Result {
            let all = arguments + ["--store", cli.store, "--agent", "ani"]
            guard Self.asAnotherUser else { return try CLI.execute(all, environment: ["XDG_STATE_HOME": state]) }
            return try CLI.execute(
                ["-u", "nobody", "--", "env", "XDG_STATE_HOME=\(state)", CLI.binary] + all,
                executable: "/usr/sbin/runuser")
        }
        let listed = try run(["queue", "--view", "all", "--json"])
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect((json(listed.stdout) as? [[String: Any]])?.count == 4, "\(listed.stdout)")
        let report = try run(["report", "--format", "json"])
        #expect(report.status == 0 && (json(report.stdout) as? [String: Any])?["conversations"] as? Int == 4)
        #expect(try run(["show", "1"]).status == 0)
        let tagged = try run(["tag", "1", "vip"])
        #expect(tagged.status == 1)
        #expect(tagged.stderr.contains("can only be read (the file is read-only"), "\(tagged.stderr)")
        #expect(!tagged.stderr.contains("try again"), "a read-only store is not a passing failure")
        let again = try run(["queue"])
        #expect(again.status == 0, "\(again.stderr)")
        // Once the store can be written, the action refused is not applied behind the agent's back: it was
        // withdrawn from the journal when refused.
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: cli.folder.path)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: cli.store)
        let writable = try CLI.execute(
            ["show", "1", "--json", "--store", try cli.location(actingAs: "ani"), "--agent", "ani"],
            environment: ["XDG_STATE_HOME": state])
        #expect(writable.status == 0, "\(writable.stderr)")
        let shown = json(writable.stdout) as? [String: Any]
        #expect(
            (shown?["conversation"] as? [String: Any])?["tags"] as? [String] == [], "\(writable.stdout.prefix(300))")
    }
}
