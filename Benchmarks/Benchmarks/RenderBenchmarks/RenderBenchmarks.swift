import Benchmark
import Foundation
import KithExport
import KithRender

// Goal (from the issue): rendering in-process through libgvc is not slower than running
// Graphviz's own command on the same DOT. Each size is measured both ways: `GraphvizRenderer`
// (parse, layout, SVG, inside this process) and the `sfdp` command (a child process that reads
// the DOT file and writes the SVG). Pictures are Kith's own encoding (NetworkPicture.dotGraph)
// of seeded random networks in which each person has ties to 2 earlier people: 297 people and
// ~594 ties, the size of the demo as `kith render` draws it, and 5,000 people with ~10k ties.
// Benchmarks/render_compare.sh makes the same comparison on the demo network itself, timing
// whole `kith render` processes.

/// SplitMix64 (Steele, Lea and Flood, 2014): a seeded generator, so that every run draws the
/// same networks without depending on the store (and GRDB) through KithTestSupport.
struct SplitMix64: RandomNumberGenerator {
  var state: UInt64
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// A seeded random picture: `people` nodes, each tied to `ties` earlier ones.
func randomPicture(people: Int, ties: Int, seed: UInt64, title: String = "Benchmark")
  -> NetworkPicture
{
  var generator = SplitMix64(state: seed)
  var nodes: [NetworkPicture.Node] = []
  var edges: [NetworkPicture.Edge] = []
  var seen = Set<Int>()
  for u in 0..<people {
    nodes.append(
      NetworkPicture.Node(
        id: "p\(u)", name: "Person \(u)", community: u % 9,
        strength: Double.random(in: 0...3, using: &generator),
        size: Double.random(in: 0...1, using: &generator), isEgo: u == 0,
        isNeglected: u % 17 == 3, showsLabel: u < 60))
    guard u > 0 else { continue }
    for _ in 0..<min(ties, u) {
      let v = Int.random(in: 0..<u, using: &generator)
      guard seen.insert(u * people + v).inserted else { continue }
      let peak = Double.random(in: 0.1...3, using: &generator)
      edges.append(
        NetworkPicture.Edge(
          source: u, target: v, strength: peak * Double.random(in: 0...1, using: &generator),
          peak: peak))
    }
  }
  return NetworkPicture(
    kind: .network, title: title, asOf: Date(timeIntervalSince1970: 1_782_777_600),
    nodes: nodes, edges: edges,
    communities: (0..<9).map { NetworkPicture.Community(id: $0, label: "c\($0)", size: 0) })
}

/// The DOT text of a picture and the same text in a file, for the command-line side.
struct Input: Sendable {
  let dot: String
  let file: String
  let nodes: Int
  let edges: Int

  init(people: Int, ties: Int, seed: UInt64) {
    let picture = randomPicture(people: people, ties: ties, seed: seed)
    dot = picture.dotGraph().render()
    nodes = picture.nodes.count
    edges = picture.edges.count
    file = NSTemporaryDirectory() + "kith-render-bench-\(people).dot"
    _ = FileManager.default.createFile(atPath: file, contents: Data(dot.utf8))
  }
}

/// The `sfdp` executable, found on PATH.
let sfdpPath: String? = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin")
  .split(separator: ":").map { "\($0)/sfdp" }
  .first { FileManager.default.isExecutableFile(atPath: $0) }

/// Runs `sfdp -Tsvg file -o out` and waits.
func runCommand(_ input: Input) throws {
  guard let sfdpPath else { throw CocoaError(.fileNoSuchFile) }
  let process = Process()
  process.executableURL = URL(fileURLWithPath: sfdpPath)
  process.arguments = ["-Tsvg", input.file, "-o", input.file + ".svg"]
  try process.run()
  process.waitUntilExit()
  precondition(process.terminationStatus == 0, "sfdp failed")
}

/// Renders the DOT file into an SVG file in-process, as the command does (Graphviz reads the
/// file and writes through a file descriptor; no copy of either in memory).
func renderFileToFile(_ input: Input) throws {
  let output = input.file + ".in-process.svg"
  let descriptor = open(output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
  precondition(descriptor >= 0, "cannot write \(output)")
  defer { close(descriptor) }
  let rendering = try GraphvizRenderer.render(
    .file(path: input.file), format: .svg, to: .fileDescriptor(descriptor)
  ) { _ in .sfdp }
  blackHole(rendering.byteCount)
}

extension BenchmarkMetric {
  /// CPU time of the render alone, in milliseconds: this thread's for the in-process
  /// renders, the child's (user + system, from `getrusage(RUSAGE_CHILDREN)`) for the command.
  /// Unlike wall-clock time, it hardly moves when other work shares the machine's cores.
  static let cpuMilliseconds = BenchmarkMetric.custom(
    "CPU ms", polarity: .prefersSmaller, useScalingFactor: false)
}

/// This thread's CPU time, in seconds.
func threadCPUSeconds() -> Double {
  var time = timespec()
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
  return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// The CPU time (user + system) of every waited-for child process, in seconds.
func childrenCPUSeconds() -> Double {
  var usage = rusage()
  getrusage(RUSAGE_CHILDREN.rawValue, &usage)
  func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
  return seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

/// The SVG of the 5,000-person picture, titled with a non-ASCII name as most networks hold
/// one: the picture `kith report` inlines (a comment per node and per edge).
let reportSVG: String = {
  let picture = randomPicture(people: 5_000, ties: 2, seed: 2026, title: "Zoë’s network")
  let svg = try? GraphvizRenderer.render(
    dot: picture.dotGraph().render(), engine: .sfdp, format: .svg)
  return String(decoding: svg ?? [], as: UTF8.self)
}()

let benchmarks: @Sendable () -> Void = {
  // The report's picture made ready to inline: comments dropped, tags checked.
  Benchmark(
    "Inline the SVG of 5,000 people, ~10k ties in the HTML report",
    configuration: .init(
      metrics: [.wallClock, .peakMemoryResident], warmupIterations: 1,
      maxDuration: .seconds(60), maxIterations: 10, setup: { _ = reportSVG })
  ) { benchmark in
    if reportSVG.isEmpty { benchmark.error("the picture did not render") }
    blackHole(try HTMLReport.inlineSVG(reportSVG))
  }

  let sizes: [(label: String, people: Int, ties: Int, iterations: Int)] = [
    ("demo size: 297 people, ~594 ties", 297, 2, 30),
    ("5,000 people, ~10k ties", 5_000, 2, 8),
  ]
  for size in sizes {
    let input = Input(people: size.people, ties: size.ties, seed: 2026)
    let configuration = Benchmark.Configuration(
      metrics: [.wallClock, .peakMemoryResident, .cpuMilliseconds], warmupIterations: 1,
      maxDuration: .seconds(60), maxIterations: size.iterations)
    Benchmark("Render \(size.label) to SVG with sfdp: in-process", configuration: configuration) {
      benchmark in
      let started = threadCPUSeconds()
      blackHole(try GraphvizRenderer.render(dot: input.dot, engine: .sfdp, format: .svg))
      benchmark.measurement(.cpuMilliseconds, Int((threadCPUSeconds() - started) * 1000))
    }
    Benchmark(
      "Render \(size.label) to SVG with sfdp: in-process, file to file",
      configuration: configuration
    ) { benchmark in
      let started = threadCPUSeconds()
      try renderFileToFile(input)
      benchmark.measurement(.cpuMilliseconds, Int((threadCPUSeconds() - started) * 1000))
    }
    if sfdpPath != nil {
      Benchmark(
        "Render \(size.label) to SVG with sfdp: the sfdp command", configuration: configuration
      ) { benchmark in
        let started = childrenCPUSeconds()
        try runCommand(input)
        benchmark.measurement(.cpuMilliseconds, Int((childrenCPUSeconds() - started) * 1000))
      }
    }
  }
}
