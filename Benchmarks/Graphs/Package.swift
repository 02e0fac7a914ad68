// swift-tools-version:6.1
// Kith against NetworkX, igraph and NetworKit on generated community graphs (see README.md): a
// separate package with its own .build, so that the main package's builds are not slowed down.
import Foundation
import PackageDescription

// `.package(path: "../..")` gets its identity from the root folder's name, which differs from
// clone to clone, and products are named by that identity.
let kith = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent().lastPathComponent

let package = Package(
  name: "KithGraphBenchmarks",
  platforms: [.macOS(.v13)],
  dependencies: [.package(path: "../..")],
  targets: [
    .executableTarget(
      name: "kith-graphs",
      dependencies: [
        .product(name: "KithAnalytics", package: kith),
        .product(name: "KithImport", package: kith),
      ],
      path: "Sources/kith-graphs"
    )
  ],
  swiftLanguageModes: [.v6]
)
