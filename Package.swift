// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Tanggap",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "ConversationStore", targets: ["ConversationStore"]),
        .executable(name: "tanggap", targets: ["tanggap"]),
        .executable(name: "tanggap-bench", targets: ["tanggap-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // The core: the model, the conversation rules, derivation, metrics, the journal, the backend protocol and
        // the `Store` facade. It links no database: the stores below only read and write rows.
        .target(
            name: "ConversationStore",
            dependencies: [
                "TextAnalysis",
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "SQLiteStore",
            dependencies: [
                "ConversationStore",
                "TextAnalysis",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "PostgresStore",
            dependencies: [
                "ConversationStore",
                "TextAnalysis",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Opens a store from its location (a SQLite path or a PostgreSQL URL), and copies one store to another.
        .target(
            name: "Stores",
            dependencies: [
                "ConversationStore", "SQLiteStore", "PostgresStore", .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "TextAnalysis",
            resources: [
                .copy("Resources/kata-dasar.txt"), .copy("Resources/LICENSE-kata-dasar.txt"),
                .copy("Resources/intent-complaint.tsv"),
            ]
        ),
        .target(
            name: "Gateway",
            dependencies: [
                "ConversationStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ]
        ),
        .target(name: "Presentation", dependencies: ["ConversationStore", "TextAnalysis"]),
        .target(name: "AgentConsole", dependencies: ["ConversationStore", "Presentation", "TextAnalysis"]),
        .target(
            name: "ConsoleConfig",
            dependencies: ["AgentConsole", "ConversationStore", .product(name: "TOMLKit", package: "TOMLKit")]
        ),
        .target(name: "ConsoleRuntime", dependencies: ["AgentConsole", "ConversationStore"]),
        .systemLibrary(name: "CNcursesw", path: "Sources/CNcursesw"),
        .target(
            name: "Terminal",
            dependencies: ["AgentConsole", "CNcursesw"]
        ),
        .target(
            name: "TanggapThemes",
            path: "Themes",
            resources: [.copy("dark.toml"), .copy("light.toml"), .copy("high-contrast.toml"), .copy("mono.toml")]
        ),
        .executableTarget(
            name: "tanggap",
            dependencies: [
                "ConversationStore",
                "Stores",
                "AgentConsole",
                "ConsoleConfig",
                "ConsoleRuntime",
                "Presentation",
                "Terminal",
                "TanggapThemes",
                "TextAnalysis",
                "Gateway",
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "tanggap-bench",
            dependencies: [
                "ConversationStore",
                "TextAnalysis",
                "Stores",
                "AgentConsole",
                "ConsoleConfig",
                "Terminal",
                "TanggapThemes",
                "CNcursesw",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .testTarget(
            name: "ConversationStoreTests",
            dependencies: [
                "ConversationStore", "SQLiteStore", "PostgresStore", "Stores", "Presentation", "TextAnalysis",
                "OutageTesting", "FuzzTesting",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        .target(name: "FuzzTesting", path: "Tests/FuzzTesting"),
        .target(
            name: "OutageTesting",
            path: "Tests/OutageTesting",
            exclude: ["outage_proxy.py"]
        ),
        .target(
            name: "GatewayTesting",
            dependencies: [
                "Gateway",
                "ConversationStore",
                "Stores",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            path: "Tests/GatewayTesting"
        ),
        .testTarget(
            name: "GatewayTests",
            dependencies: [
                "Gateway",
                "GatewayTesting",
                "FuzzTesting",
                "ConversationStore",
                "Stores",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .testTarget(name: "PresentationTests", dependencies: ["Presentation"]),
        .testTarget(
            name: "TextAnalysisTests",
            dependencies: ["TextAnalysis", "ConversationStore"]
        ),
        .testTarget(
            name: "AgentConsoleTests",
            dependencies: ["AgentConsole", "TanggapThemes"],
            exclude: ["Snapshots"]
        ),
        .testTarget(
            name: "ConsoleConfigTests",
            dependencies: [
                "ConsoleConfig", "AgentConsole", "TanggapThemes", .product(name: "TOMLKit", package: "TOMLKit"),
            ]
        ),
        .testTarget(
            name: "ConsoleRuntimeTests",
            dependencies: ["ConsoleRuntime", "AgentConsole", "ConversationStore", "Stores"]
        ),
        .testTarget(
            name: "TanggapCLITests",
            dependencies: [
                "tanggap", "tanggap-bench", "GatewayTesting", "Gateway", "ConversationStore", "Stores", "OutageTesting",
                "FuzzTesting", "SQLiteStore", .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["Support"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
