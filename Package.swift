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
    ],
    targets: [
        .target(
            name: "ConversationStore",
            dependencies: [
                "TextAnalysis",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "TextAnalysis",
            resources: [.copy("Resources/kata-dasar.txt"), .copy("Resources/LICENSE-kata-dasar.txt")]
        ),
        .target(
            name: "AgentConsole",
            dependencies: [
                "ConversationStore",
                .product(name: "TOMLKit", package: "TOMLKit"),
            ]
        ),
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
                "AgentConsole",
                "Terminal",
                "TanggapThemes",
                "TextAnalysis",
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "tanggap-bench",
            dependencies: [
                "ConversationStore",
                "AgentConsole",
                "Terminal",
                "TanggapThemes",
                "CNcursesw",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "ConversationStoreTests",
            dependencies: ["ConversationStore"]
        ),
        .testTarget(
            name: "TextAnalysisTests",
            dependencies: ["TextAnalysis"]
        ),
        .testTarget(
            name: "AgentConsoleTests",
            dependencies: ["AgentConsole", "TanggapThemes"],
            exclude: ["Snapshots"]
        ),
        .testTarget(
            name: "TanggapCLITests",
            dependencies: ["tanggap", "tanggap-bench"],
            exclude: ["Support"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
