// swift-tools-version:6.1
// Kith's benchmarks: a separate package so that the main package's builds stay lean.
// Run with `swift package benchmark` from this folder (see README.md).
import Foundation
import PackageDescription

// `.package(path: "..")` gets its identity from the folder name ("main" here, something else
// in a clone elsewhere), and products are named by that identity: derive it from this file.
let kith = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .lastPathComponent

let package = Package(
  name: "KithBenchmarks",
  platforms: [.macOS(.v13)],
  dependencies: [
    .package(path: ".."),
    // The trait list disables the default "RuntimeInterposer" trait, whose package is not
    // available offline; 1.38.1 is the version the package mirror holds.
    .package(url: "https://github.com/ordo-one/benchmark", exact: "1.38.1", traits: ["MallocInterposer"]),
  ],
  targets: [
    .target(
      name: "BenchmarkSupport",
      dependencies: [.product(name: "Benchmark", package: "benchmark")],
      path: "Sources/BenchmarkSupport"
    ),
    .executableTarget(
      name: "KithBenchmarks",
      dependencies: [
        .product(name: "Benchmark", package: "benchmark"),
        "BenchmarkSupport",
        .product(name: "KithGraph", package: kith),
        .product(name: "KithAnalytics", package: kith),
        .product(name: "KithExport", package: kith),
        .product(name: "KithImport", package: kith),
        .product(name: "KithStore", package: kith),
        .product(name: "KithTestSupport", package: kith),
      ],
      path: "Benchmarks/KithBenchmarks",
      plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    ),
    .executableTarget(
      name: "ImportBenchmarks",
      dependencies: [
        .product(name: "Benchmark", package: "benchmark"),
        "BenchmarkSupport",
        .product(name: "KithGraph", package: kith),
        .product(name: "KithImport", package: kith),
        .product(name: "KithStore", package: kith),
        .product(name: "KithTestSupport", package: kith),
      ],
      path: "Benchmarks/ImportBenchmarks",
      plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    ),
    .executableTarget(
      name: "MailBenchmarks",
      dependencies: [
        .product(name: "Benchmark", package: "benchmark"),
        "BenchmarkSupport",
        .product(name: "KithImport", package: kith),
        .product(name: "KithTestSupport", package: kith),
      ],
      path: "Benchmarks/MailBenchmarks",
      plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    ),
    .executableTarget(
      name: "RenderBenchmarks",
      dependencies: [
        .product(name: "Benchmark", package: "benchmark"),
        .product(name: "KithExport", package: kith),
        .product(name: "KithRender", package: kith),
      ],
      path: "Benchmarks/RenderBenchmarks",
      plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    ),
  ],
  swiftLanguageModes: [.v6]
)
