import Foundation

/// `outage_proxy.py` between a test and a server: `cut()` drops every connection and refuses new ones until
/// `restore()`. Each returns once the proxy has carried it out.
public final class OutageProxy: @unchecked Sendable {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    /// The server's URL with the proxy's port.
    public let url: String

    /// Starts a proxy to the host and port of `server` (a URL such as `postgres://user@127.0.0.1:5432/db`).
    public init(to server: String) throws {
        guard var components = URLComponents(string: server) else { throw Failure(description: "not a URL: \(server)") }
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "outage_proxy.py")
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, components.host ?? "127.0.0.1", String(components.port ?? 5432)]
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        guard let port = Int(Self.line(from: output)) else {
            throw Failure(description: "the outage proxy did not start (python3 \(script.path))")
        }
        components.port = port
        guard let url = components.string else { throw Failure(description: "cannot build the proxy's URL") }
        self.url = url
    }

    /// One line the proxy printed.
    private static func line(from pipe: Pipe) -> String {
        var bytes: [UInt8] = []
        while let byte = try? pipe.fileHandleForReading.read(upToCount: 1), let first = byte.first, first != 10 {
            bytes.append(first)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Sends a command and waits until the proxy has carried it out.
    private func command(_ text: String) {
        input.fileHandleForWriting.write(Data((text + "\n").utf8))
        _ = Self.line(from: output)
    }

    public func cut() { command("cut") }
    public func restore() { command("restore") }

    public func stop() {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }
}
