import ArgumentParser
import ConversationStore
import Foundation
import Gateway
import Logging
import Stores

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Take messages in from the platforms' webhooks and deliver agents' replies.",
        discussion: """
            Routes: GET /healthz, GET /metrics, POST /v1/messages (signed with the intake secret),
            GET|POST /webhooks/meta (Facebook, Instagram, WhatsApp), GET|POST /webhooks/x.
            The config file (TOML) names the accounts, the platform secrets and the delivery settings; see
            Sources/Gateway/Gateway.docc/Serve.md.
            Stops cleanly on SIGINT or SIGTERM, finishing the delivery under way.
            """)

    @Option(help: "Address to listen on, HOST:PORT (default: the config's listen, else 127.0.0.1:8080).")
    var listen: String?

    @Option(help: "The config file (TOML).")
    var config: String?

    @Option(help: "File holding the HMAC secret of POST /v1/messages; must not be readable by others.")
    var secretFile: String?

    @Option(help: "Log level: trace, debug, info, notice, warning, error.")
    var logLevel: String = "info"

    @OptionGroup var options: StoreOptions

    func run() async throws {
        var settings: GatewayConfiguration
        do {
            settings = try config.map { try GatewayConfiguration.load(path: $0) } ?? GatewayConfiguration()
            if let secretFile { settings.intakeSecret = try SecretFile.read(secretFile) }
            if let listen { settings.listen = listen }
            _ = try GatewayServer.address(settings.listen)
        } catch let error as GatewayConfigurationError {
            FileHandle.standardError.write(Data("tanggap: \(error)\n".utf8))
            throw ExitCode(1)
        }
        guard let level = Logger.Level(rawValue: logLevel) else {
            throw ValidationError("--log-level must be trace, debug, info, notice, warning or error")
        }
        let configured = settings
        try await runReportingErrors {
            let location = try StoreLocation.resolve(options.store, environment: ProcessInfo.processInfo.environment)
            let store = try await Store.open(location)
            var logger = Logger(label: "tanggap.serve")
            logger.logLevel = level
            if configured.intakeSecret == nil {
                logger.warning("no intake secret: POST /v1/messages refuses every request (pass --secret-file)")
            }
            if configured.accounts.isEmpty {
                logger.warning("no [[account]] in the config: every message will be refused as for an unknown account")
            }
            let server = GatewayServer(store: store, configuration: configured, logger: logger)
            try await server.run { host, port in
                let shown = host.contains(":") ? "[\(host)]" : host
                FileHandle.standardOutput.write(Data("tanggap serve: listening on http://\(shown):\(port)\n".utf8))
            }
        }
    }
}
