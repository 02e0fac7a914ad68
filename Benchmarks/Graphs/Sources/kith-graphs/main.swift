// Times Kith's graph algorithms on one generated edge list (see ../../README.md).
//
//   kith-graphs DATA_DIR TASKS [--membership FILE] [--loader fast|records]
//
// TASKS is a comma-separated list of load, communities (Communities.detect with its default of
// up to 8 iterations, then with 2), betweenness and constraint. Prints one
// JSON object per line (library, task, seconds, cpu, and modularity for communities), like
// run_python.py. With --membership, writes each node's name and community as int64 pairs, so
// that igraph can score Kith's partition independently.
import Foundation
import KithAnalytics
import KithImport

/// The CPU time of the process so far (every thread), in seconds.
func cpuSeconds() -> Double {
  var t = timespec()
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
  return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

var cpuMark = cpuSeconds()

/// Prints one result; `cpu` is the process CPU time since the previous result.
@MainActor func emit(_ library: String, _ task: String, _ seconds: Double, _ extra: [String: Any] = [:]) {
  let now = cpuSeconds()
  var object: [String: Any] = [
    "library": library, "task": task, "seconds": seconds, "cpu": now - cpuMark,
  ]
  cpuMark = now
  object.merge(extra) { a, _ in a }
  let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
  FileHandle.standardOutput.write(data + Data("\n".utf8))
}

func seconds(since start: ContinuousClock.Instant) -> Double {
  let d = ContinuousClock.now - start
  return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
  FileHandle.standardError.write(
    Data("usage: kith-graphs DATA_DIR TASKS [--membership FILE] [--loader fast|records]\n".utf8))
  exit(2)
}
let data = arguments[1]
let tasks = Set(arguments[2].split(separator: ",").map(String.init))
func option(_ name: String) -> String? {
  arguments.firstIndex(of: name).flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil }
}
let loader = option("--loader") ?? "records"
let path = data + "/edges.csv"

cpuMark = cpuSeconds()
let start = ContinuousClock.now
let loaded: (graph: WeightedGraph, names: [String])
do {
  loaded = try load(path, using: loader)
} catch {
  FileHandle.standardError.write(Data("\(error)\n".utf8))
  exit(1)
}
let graph = loaded.graph
emit(
  "kith", "load", seconds(since: start),
  ["nodes": graph.nodeCount, "edges": graph.edgeCount, "loader": loader])

if tasks.contains("communities") {
  cpuMark = cpuSeconds()
  let t = ContinuousClock.now
  let partition = Communities.detect(in: graph, seed: 0)
  emit(
    "kith", "communities", seconds(since: t),
    ["modularity": partition.modularity, "count": partition.count])
  if let file = option("--membership") {
    var pairs = [Int64]()
    pairs.reserveCapacity(2 * graph.nodeCount)
    for v in 0..<graph.nodeCount {
      pairs.append(Int64(loaded.names[v]) ?? -1)
      pairs.append(Int64(partition.communities[v]))
    }
    let bytes = pairs.withUnsafeBytes { Data($0) }
    FileManager.default.createFile(atPath: file, contents: bytes)
  }
}
if tasks.contains("communities") {
  // As igraph's community_leiden runs by default: two iterations of the whole algorithm.
  cpuMark = cpuSeconds()
  let t = ContinuousClock.now
  let partition = Communities.detect(in: graph, seed: 0, iterations: 2)
  emit(
    "kith, 2 iterations", "communities", seconds(since: t),
    ["modularity": partition.modularity, "count": partition.count])
}
if tasks.contains("betweenness") {
  cpuMark = cpuSeconds()
  let t = ContinuousClock.now
  _ = Betweenness.exact(in: graph, weighted: false, normalized: false)
  emit("kith", "betweenness", seconds(since: t))
}
if tasks.contains("constraint") {
  cpuMark = cpuSeconds()
  let t = ContinuousClock.now
  _ = StructuralHoles.constraint(in: graph, weighted: true)
  emit("kith", "constraint", seconds(since: t))
}
