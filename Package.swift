// swift-tools-version:6.1
import PackageDescription

let package = Package(
  name: "Kith",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "kith", targets: ["kith"]),
    .library(name: "KithGraph", targets: ["KithGraph"]),
    .library(name: "KithStore", targets: ["KithStore"]),
    .library(name: "KithAnalytics", targets: ["KithAnalytics"]),
    .library(name: "KithImport", targets: ["KithImport"]),
    .library(name: "KithExport", targets: ["KithExport"]),
    .library(name: "KithRender", targets: ["KithRender"]),
    .library(name: "KithDemo", targets: ["KithDemo"]),
    .library(name: "KithTestSupport", targets: ["KithTestSupport"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
    .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
  ],
  targets: [
    .systemLibrary(
      name: "CGraphviz",
      pkgConfig: "libgvc",
      providers: [.apt(["libgraphviz-dev", "pkg-config"])]
    ),
    .target(name: "KithGraph"),
    .target(
      name: "KithStore",
      dependencies: [
        "KithGraph", "KithImport",
        .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "GRDBSQLite", package: "GRDB.swift"),
      ]
    ),
    .target(name: "KithAnalytics", dependencies: ["KithGraph"]),
    .target(name: "KithImport", dependencies: ["KithGraph"]),
    .target(name: "KithExport", dependencies: ["KithGraph"]),
    .target(name: "KithRender", dependencies: ["CGraphviz", "KithExport"]),
    .target(name: "KithDemo", dependencies: ["KithGraph"]),
    .target(name: "KithTestSupport", dependencies: ["KithGraph", "KithStore", "KithDemo"]),
    .executableTarget(
      name: "kith",
      dependencies: [
        "KithGraph", "KithStore", "KithAnalytics", "KithImport", "KithExport", "KithRender",
        "KithDemo", .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .testTarget(name: "KithGraphTests", dependencies: ["KithGraph", "KithTestSupport"]),
    .testTarget(
      name: "KithStoreTests", dependencies: ["KithStore", "KithImport", "KithTestSupport"]),
    .testTarget(name: "KithAnalyticsTests", dependencies: ["KithAnalytics", "KithTestSupport"]),
    .testTarget(name: "KithImportTests", dependencies: ["KithImport", "KithTestSupport"]),
    .testTarget(
      name: "KithExportTests", dependencies: ["KithExport", "KithTestSupport"],
      exclude: ["Goldens"]),
    .testTarget(name: "KithRenderTests", dependencies: ["KithRender", "KithTestSupport"]),
    .testTarget(
      name: "KithCLITests", dependencies: ["kith", "KithTestSupport"],
      exclude: ["Goldens", "Scripts"]),
  ],
  swiftLanguageModes: [.v6]
)
