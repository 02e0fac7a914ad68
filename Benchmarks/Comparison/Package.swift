// swift-tools-version:6.1
// Kith against a plain pandas implementation of the same numbers (see README.md): a separate
// package with its own .build, so that neither the main package nor Benchmarks/ is touched.
import Foundation
import PackageDescription

// `.package(path: "../..")` gets its identity from the root folder's name ("main" here,
// something else in a clone elsewhere), and products are named by that identity.
let kith = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent().lastPathComponent

let package = Package(
  name: "KithComparison",
  platforms: [.macOS(.v13)],
  dependencies: [.package(path: "../..")],
  targets: [
    .systemLibrary(name: "CMalloc", path: "Sources/CMalloc"),
    .systemLibrary(name: "CBytes", path: "Sources/CBytes"),
    .executableTarget(
      name: "kith-compare",
      dependencies: [
        "CMalloc",
        "CBytes",
        .product(name: "KithGraph", package: kith),
        .product(name: "KithAnalytics", package: kith),
      ],
      path: "Sources/kith-compare"
    )
  ],
  swiftLanguageModes: [.v6]
)
