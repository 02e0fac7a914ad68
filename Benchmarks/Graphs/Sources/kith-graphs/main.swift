// Times Kith's graph algorithms on one generated edge list (see ../../README.md).
//
//   kith-graphs DATA_DIR TASKS [--membership FILE] [--loader fast|records]
//
// TASKS is a comma-separated list of load, communities (Communities.detect with its default of
// up to 8 iterations, then with 2), betweenness and constraint. Prints one
// JSON object per line (library, task, seconds, cpu, runs, and modularity for communities), like
// run_python.py: a call is repeated while its runs take under 2 s in all (at most 5), and the
// run of median wall-clock time is reported. With --membership, writes each node's name and community as int64 pairs, so
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

func seconds(since start: ContinuousClock.Instant) -> Double {
  let d = ContinuousClock.now - start
  return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}

/// One timed run: wall-clock and CPU seconds.
struct Run {
  var seconds: Double
  var cpu: Double
}

/// Runs `body` once, and again while every run so far took under `budget` seconds in all, at
/// most `most` times, exactly as run_python.py's `timed`; returns the last result, the run of
/// median wall-clock time and the number of runs.
func timed<T>(budget: Double = 2, most: Int = 5, _ body: () throws -> T) rethrows
  -> (result: T, median: Run, runs: Int)
{
  var runs: [Run] = []
  while true {
    let (cpu, start) = (cpuSeconds(), ContinuousClock.now)
    let result = try body()
    runs.append(Run(seconds: seconds(since: start), cpu: cpuSeconds() - cpu))
    if runs.count >= most || runs.reduce(0, { $0 + $1.seconds }) >= budget {
      runs.sort { $0.seconds < $1.seconds }
      return (result, runs[(runs.count - 1) / 2], runs.count)
    }
  }
}

/// Prints one result timed by `timed`.
@MainActor func emit(_ library: String, _ task: String, _ run: Run, runs: Int, _ extra: [String: Any] = [:]) {
  var object: [String: Any] = [
    "library": library, "task": task, "seconds": run.seconds, "cpu": run.cpu, "runs": runs,
  ]
  object.merge(extra) { a, _ in a }
  let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
  FileHandle.standardOutput.write(data + Data("\n".utf8))
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

let loaded: (graph: WeightedGraph, names: [String])
let loadRun: Run
let loadRuns: Int
do {
  (loaded, loadRun, loadRuns) = try timed { try load(path, using: loader) }
} catch {
  FileHandle.standardError.write(Data("\(error)\n".utf8))
  exit(1)
}
let graph = loaded.graph
emit(
  "kith", "load", loadRun, runs: loadRuns,
  ["nodes": graph.nodeCount, "edges": graph.edgeCount, "loader": loader])

if tasks.contains("communities") {
  let (partition, run, runs) = timed { Communities.detect(in: graph, seed: 0) }
  emit(
    "kith", "communities", run, runs: runs,
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
  let (partition, run, runs) = timed { Communities.detect(in: graph, seed: 0, iterations: 2) }
  emit(
    "kith, 2 iterations", "communities", run, runs: runs,
    ["modularity": partition.modularity, "count": partition.count])
}
if tasks.contains("betweenness") {
  let (_, run, runs) = timed { Betweenness.exact(in: graph, weighted: false, normalized: false) }
  emit("kith", "betweenness", run, runs: runs)
}
if tasks.contains("constraint") {
  let (_, run, runs) = timed { StructuralHoles.constraint(in: graph, weighted: true) }
  emit("kith", "constraint", run, runs: runs)
}
