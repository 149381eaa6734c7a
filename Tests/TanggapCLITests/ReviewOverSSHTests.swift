import Foundation
import Testing

/// A loopback `sshd` on a free port with a generated host key and key-based login, as a supervisor's SSH session
/// reaches the review console.
struct LoopbackSSH {
    static let daemon = "/usr/sbin/sshd"
    static var available: Bool {
        FileManager.default.isExecutableFile(atPath: daemon)
            && FileManager.default.isExecutableFile(atPath: "/usr/bin/ssh")
            && Tmux.available
    }

    let folder: URL
    let port: Int
    let process: Process
    var key: String { folder.appendingPathComponent("client_ed25519").path }

    init(folder base: URL) throws {
        folder = base.appendingPathComponent("ssh")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // sshd runs its unprivileged child in this directory.
        try? FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)
        for (name, comment) in [("host_ed25519", "host"), ("client_ed25519", "supervisor")] {
            try Self.run(
                "/usr/bin/ssh-keygen",
                ["-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", folder.appendingPathComponent(name).path])
        }
        let authorized = folder.appendingPathComponent("authorized_keys")
        try FileManager.default.copyItem(at: folder.appendingPathComponent("client_ed25519.pub"), to: authorized)
        port = try Self.freePort()
        let config = """
            Port \(port)
            ListenAddress 127.0.0.1
            HostKey \(folder.appendingPathComponent("host_ed25519").path)
            AuthorizedKeysFile \(authorized.path)
            PubkeyAuthentication yes
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            PermitRootLogin prohibit-password
            StrictModes no
            UsePAM no
            PidFile \(folder.appendingPathComponent("sshd.pid").path)
            """
        let configFile = folder.appendingPathComponent("sshd_config")
        try config.write(to: configFile, atomically: true, encoding: .utf8)
        process = Process()
        process.executableURL = URL(fileURLWithPath: Self.daemon)
        process.arguments = ["-D", "-e", "-f", configFile.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(
            forWritingTo: {
                let log = folder.appendingPathComponent("sshd.log")
                FileManager.default.createFile(atPath: log.path, contents: nil)
                return log
            }())
        try launching.withLock { try process.run() }
        // Wait until it listens.
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline, !Self.listening(port) { usleep(50_000) }
    }

    /// `ssh -t` to this server running `command`, with TERM from the client as a real session sends it.
    func command(term: String, remote: String) -> String {
        "env TERM=\(term) /usr/bin/ssh -t -i \(key) -p \(port) -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null "
            + "-o LogLevel=ERROR -o BatchMode=yes \(CLI.loginName())@127.0.0.1 '\(remote)'"
    }

    func stop() { process.terminate() }

    static func run(_ path: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        try launching.withLock { try process.run() }
        process.waitUntilExit()
    }

    static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(descriptor, pointer, length) == 0 && getsockname(descriptor, pointer, &length) == 0
            }
        }
        guard bound else { throw CocoaError(.fileWriteUnknown) }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func listening(_ port: Int) -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}

@Suite(.serialized, .enabled(if: LoopbackSSH.available, "sshd, ssh or tmux is not installed; skipping the SSH runs"))
struct ReviewOverSSHTests {
    /// A store where ani answered Sari seven minutes after she wrote, and the login user is a supervisor. The test's
    /// login acts as both (a desk), so the review says who reviews with `--as`.
    func handledStore() throws -> CLI {
        let cli = try CLI()
        let login = CLI.loginName()
        let written = Date().addingTimeInterval(-7 * 60)
        let formatter = ISO8601DateFormatter()
        let log =
            #"{"channel":"twitter","id":"s1","direction":"inbound","author":{"id":"u2","handle":"sari"},"text":"@TelkomCare refund kapan ya? \u001b[31m","created_at":"\#(formatter.string(from: written))","account":"TelkomCare"}"#
            + "\n"
        #expect(try cli.run(["import", try cli.write("log.jsonl", log)]).status == 0)
        #expect(try cli.run(["claim", "1"]).status == 0)
        #expect(try cli.run(["reply", "1", "--text", "Halo Kak Sari, refund diproses 3x24 jam ya."]).status == 0)
        #expect(try cli.run(["resolve", "1"]).status == 0)
        let made = try cli.run(["agents", "add", login, "--role", "supervisor"], agent: login)
        #expect(made.status == 0, "\(made.stderr)")
        return cli
    }

    func review(
        _ cli: CLI, ssh: LoopbackSSH, term: String, lang: String, width: Int = 100, height: Int = 30
    ) throws
        -> Tmux
    {
        let remote =
            "env LANG=\(lang) XDG_STATE_HOME=\(cli.stateFolder) XDG_CONFIG_HOME=\(cli.folder.path)/config "
            + "\(CLI.binary) review --store \(cli.store) --as \(CLI.loginName()) --agent ani"
        let command = ssh.command(term: term, remote: remote) + "; echo EXIT:$?; sleep 30"
        return try Tmux(command: command, width: width, height: height, folder: cli.folder)
    }

    @Test(arguments: [("xterm-256color", "C.UTF-8"), ("vt100", "C.UTF-8"), ("xterm-256color", "C")])
    func aSupervisorReplaysAHandledConversationOverSSH(_ term: String, _ lang: String) throws {
        let cli = try handledStore()
        let ssh = try LoopbackSSH(folder: cli.folder)
        defer { ssh.stop() }
        let tmux = try review(cli, ssh: ssh, term: term, lang: lang)
        defer { tmux.kill() }
        var screen = try tmux.waitFor("Handled (1)", seconds: 20)
        #expect(screen.contains("Handled (1)"), "no review list over SSH (\(term), \(lang)):\n\(screen)")
        #expect(screen.contains("agent:ani"))
        try tmux.keys("Enter")
        screen = try tmux.waitFor("first response")
        #expect(screen.contains("first response 7m0"), "\(screen)")
        #expect(screen.contains("on time"))
        #expect(screen.contains("ani claimed it"))
        #expect(screen.contains("ani replied"))
        #expect(screen.contains("ani set it resolved"))
        try tmux.keys("4")
        screen = try tmux.waitFor("scored 4 of 5")
        #expect(screen.contains("scored 4 of 5"))
        // Nothing customer-facing: r is refused.
        try tmux.keys("r")
        screen = try tmux.waitFor("read-only")
        #expect(!screen.contains("┌─ Reply") && !screen.contains("+- Reply"))
        // The customer's escape sequence shows as text (^[[31m) and reaches no terminal as a control.
        #expect(screen.contains("refund kapan ya? ^[[31m"), "\(screen)")
        #expect(!screen.contains("\u{1B}"))
        if lang == "C" {
            let ascii = screen.unicodeScalars.allSatisfy { $0.isASCII }
            #expect(ascii, "non-ASCII under LANG=C:\n\(screen)")
            #expect(screen.contains("+-"))
        } else {
            #expect(screen.contains("┌─"))
        }
        try tmux.keys("q")
        screen = try tmux.waitFor("EXIT:")
        #expect(screen.contains("EXIT:0"), "\(screen)")
    }

    @Test func anAgentIsRefusedWithAClearMessage() throws {
        let cli = try CLI()
        // Somebody else leads this store; the login, acting as ani, is no supervisor.
        #expect(try cli.run(["agents", "add", "sari", "--role", "supervisor"], agent: "sari").status == 0)
        let refused = try CLI.execute(
            ["review", "--store", try cli.location(actingAs: "ani"), "--as", "ani"],
            environment: ["XDG_STATE_HOME": cli.stateFolder])
        #expect(refused.status == 77)
        #expect(refused.stderr.contains("review is for supervisors, and ani is not one"), "\(refused.stderr)")
        #expect(refused.stderr.contains("tanggap agents add ani --role supervisor"))
        // A login that acts as several says which reviews: in review, --agent filters.
        let which = try CLI.execute(["review", "--store", cli.store], environment: ["XDG_STATE_HOME": cli.stateFolder])
        #expect(which.status == 77 && which.stderr.contains("say which with --as"), "\(which.stderr)")
    }
}
