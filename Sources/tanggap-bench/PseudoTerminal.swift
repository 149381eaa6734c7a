import CNcursesw
import Foundation

/// A program running on a pseudo-terminal of a given size, as a terminal emulator would run it: the benchmark reads
/// everything it writes and types keys into it.
final class PseudoTerminal: Sendable {
    let master: Int32
    let pid: pid_t

    /// Opens a pseudo-terminal of `width`×`height` and starts `arguments` on it as the leader of a new session.
    init(_ arguments: [String], width: Int, height: Int, environment: [String: String]) throws {
        let slavePath: String
        (master, slavePath) = try Self.open(width: width, height: height)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // After setsid, the first terminal the leader opens becomes its controlling terminal.
        posix_spawn_file_actions_addopen(&actions, 0, slavePath, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)
        posix_spawn_file_actions_addclose(&actions, master)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        // POSIX_SPAWN_SETSID (glibc's 0x80), which the Glibc module does not export.
        let newSession: Int32 = 0x80
        posix_spawnattr_setflags(&attributes, Int16(newSession | POSIX_SPAWN_SETSIGMASK))
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var child: pid_t = 0
        let result = posix_spawn(&child, arguments[0], &actions, &attributes, argv, envp)
        guard result == 0 else {
            throw BenchError("cannot start \(arguments[0]): \(String(cString: strerror(result)))")
        }
        pid = child
    }

    /// Opens a new pseudo-terminal of `width`×`height`: the controlling side's descriptor and the other side's path.
    static func open(width: Int, height: Int) throws -> (master: Int32, path: String) {
        var name = [CChar](repeating: 0, count: 256)
        let master = tg_open_pty(&name, name.count)
        guard master >= 0 else {
            throw BenchError("cannot open a pseudo-terminal: \(String(cString: strerror(errno)))")
        }
        var size = winsize(ws_row: UInt16(height), ws_col: UInt16(width), ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)
        return (master, String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }

    /// Reads until `done` says the output so far is complete or `limit` seconds pass; returns the bytes.
    func read(limit: Double, until done: (Data) -> Bool) -> Data {
        var data = Data()
        let deadline = Date().addingTimeInterval(limit)
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while Date() < deadline {
            var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            let remaining = Int32(max(1, deadline.timeIntervalSinceNow * 1000))
            guard poll(&descriptor, 1, min(remaining, 50)) > 0 else {
                if done(data) { break }
                continue
            }
            let count = Foundation.read(master, &buffer, buffer.count)
            if count <= 0 { break }
            data.append(contentsOf: buffer[0..<count])
            if done(data) { break }
        }
        return data
    }

    /// Reads until nothing arrives for `quiet` seconds.
    func drain(quiet: Double, limit: Double = 5) -> Data {
        var last = Date()
        var seen = 0
        return read(limit: limit) { data in
            if data.count != seen {
                seen = data.count
                last = Date()
                return false
            }
            return Date().timeIntervalSince(last) >= quiet
        }
    }

    func type(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Foundation.write(master, $0.baseAddress, $0.count) }
    }

    /// The largest resident set the program has had, in megabytes.
    func peakResidentMegabytes() -> Double? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let number = line.split(separator: " ").compactMap { Double($0) }.first
            return number.map { $0 / 1024 }
        }
        return nil
    }

    func stop() {
        kill(pid, SIGTERM)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        close(master)
    }
}
