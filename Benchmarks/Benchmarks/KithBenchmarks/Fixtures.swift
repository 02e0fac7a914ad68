import Foundation
import KithAnalytics
import KithGraph
import KithStore
import KithTestSupport

/// Generated inputs for the benchmarks: deterministic (seeded), built once per process, and,
/// for the large databases, cached on disk under `Fixtures.cacheFolder` so reruns reuse them.
enum Fixtures {
  /// Bump when the generators or the schema change: cached databases live under a folder named
  /// after it.
  static let version = "v6"

  /// `KITH_BENCH_CACHE`, else `<tmp>/kith-bench-cache`, then the version.
  static var cacheFolder: String {
    let base =
      ProcessInfo.processInfo.environment["KITH_BENCH_CACHE"]
      ?? (FileManager.default.temporaryDirectory.path as NSString).appendingPathComponent(
        "kith-bench-cache")
    return (base as NSString).appendingPathComponent(version)
  }

  /// The window every generated event falls in: three years from 2023-01-01 UTC.
  static let start = Date(timeIntervalSince1970: 1_672_531_200)
  static let span: Int64 = 3 * 365 * 86_400
  static var end: Date { start.addingTimeInterval(Double(span)) }

  // MARK: People

  /// People with ids 1...n (so store ids and dense indices differ by one).
  static func people(_ n: Int) -> [Person] {
    (1...n).map { Person(id: Int64($0), handle: "person-\($0)", name: "Person \($0)") }
  }

  /// The same people as `people(n)`, as a snapshot's people (through `append`, so that new
  /// per-person columns are filled too).
  static func snapshotPeople(_ n: Int) -> SnapshotPeople {
    var people = SnapshotPeople()
    for person in Self.people(n) { people.append(person) }
    return people
  }

  // MARK: Interactions

  /// `count` interactions among people 1...people, in time order within
  /// [start + from·span, start + to·span): mostly 2 participants (85%), else 3–5; kinds uniform.
  static func interactions(
    count: Int, people: Int, from: Double = 0, to: Double = 1,
    _ rng: inout SeededGenerator
  ) -> [Interaction] {
    let lo = Int64(Double(span) * from)
    let hi = Int64(Double(span) * to)
    var times = (0..<count).map { _ in Int64.random(in: lo..<hi, using: &rng) }
    times.sort()
    let kinds = InteractionKind.allCases
    var out: [Interaction] = []
    out.reserveCapacity(count)
    var participants: [Int64] = []
    for t in times {
      let n = Int.random(in: 0..<100, using: &rng) < 85 ? 2 : Int.random(in: 3...5, using: &rng)
      participants.removeAll(keepingCapacity: true)
      while participants.count < n {
        let p = Int64.random(in: 1...Int64(people), using: &rng)
        if !participants.contains(p) { participants.append(p) }
      }
      out.append(
        Interaction(
          time: start.addingTimeInterval(Double(t)), kind: kinds.randomElement(using: &rng)!,
          participants: participants))
    }
    return out
  }

  // MARK: Ties

  /// `count` distinct random pairs (a < b) among dense indices 0..<people, sorted by (a, b),
  /// with plausible aggregates: dated, 1–20 events each, peak ≥ strength at last.
  static func tieColumns(count: Int, people: Int, _ rng: inout SeededGenerator) -> TieColumns {
    var keys = Set<UInt64>(minimumCapacity: count)
    while keys.count < count {
      let u = UInt32.random(in: 0..<UInt32(people), using: &rng)
      let v = UInt32.random(in: 0..<UInt32(people), using: &rng)
      if u == v { continue }
      keys.insert(UInt64(min(u, v)) << 32 | UInt64(max(u, v)))
    }
    let sorted = keys.sorted()
    var ties = TieColumns()
    ties.reserveCapacity(count)
    let t0 = Int64(start.timeIntervalSince1970)
    for key in sorted {
      let first = t0 + Int64.random(in: 0..<span, using: &rng)
      let last = Int64.random(in: first...(t0 + span - 1), using: &rng)
      let s = Double.random(in: 0.1..<3, using: &rng)
      ties.append(
        a: Int32(truncatingIfNeeded: key >> 32), b: Int32(truncatingIfNeeded: key & 0xFFFF_FFFF),
        count: UInt32.random(in: 1...20, using: &rng), first: first, last: last,
        strengthAtLast: s, peakDecaying: s + Double.random(in: 0..<2, using: &rng), constant: 0)
    }
    return ties
  }

  // MARK: Graphs

  /// A network as an imported contact list makes it: node 0 (you) tied to each of 30k
  /// contacts, and 300 random ties among them; weights in [0.1, 3).
  static func contactList(_ rng: inout SeededGenerator) -> WeightedGraph {
    let n = 30_001
    var edges = (1..<n).map {
      WeightedGraph.Edge(0, Int32($0), weight: Double.random(in: 0.1..<3, using: &rng))
    }
    for _ in 0..<300 {
      let u = Int32.random(in: 1..<Int32(n), using: &rng)
      let v = Int32.random(in: 1..<Int32(n), using: &rng)
      edges.append(WeightedGraph.Edge(u, v, weight: Double.random(in: 0.1..<3, using: &rng)))
    }
    return WeightedGraph(nodeCount: n, edges: edges)
  }

  // MARK: Cached databases

  /// The path of a cached database, building it with `build` (given a path in a scratch
  /// folder) when missing. The finished file is moved into place, so an interrupted build
  /// leaves no half-built cache behind.
  static func cachedDatabase(_ name: String, build: (String) throws -> Void) throws -> String {
    let fm = FileManager.default
    let folder = cacheFolder
    let path = (folder as NSString).appendingPathComponent(name)
    if fm.fileExists(atPath: path) { return path }
    try fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let scratch = TemporaryDirectory("kith-bench-build")
    defer { scratch.remove() }
    let building = scratch.file(name)
    let clock = ContinuousClock()
    let started = clock.now
    log("building \(path) (once; later runs reuse it)…")
    try build(building)
    // `build` has checkpointed and released its store: the WAL is empty, the file complete.
    try? fm.removeItem(atPath: building + "-wal")
    try? fm.removeItem(atPath: building + "-shm")
    try fm.moveItem(atPath: building, toPath: path)
    log("built \(name) in \(started.duration(to: clock.now))")
    return path
  }

  /// A copy of `path` in a fresh temporary folder (for benchmarks that write).
  static func copy(_ path: String, into dir: TemporaryDirectory) throws -> String {
    let target = dir.file((path as NSString).lastPathComponent)
    try FileManager.default.copyItem(atPath: path, toPath: target)
    return target
  }

  /// 50k people and nothing else: the starting point of the insert benchmark.
  static func people50kDatabase() throws -> String {
    try cachedDatabase("people-50k.sqlite") { path in
      let store = try KithStore(path: path)
      try store.importBackup(Backup(people: people(50_000)))
      try store.checkpoint()
    }
  }

  /// 100k people and 2M dated explicit ties (the pairs of `tieColumns(count: 2M, people: 100k)`,
  /// seed 2): a tie ledger of 2M pairs.
  static func ledger2MDatabase() throws -> String {
    try cachedDatabase("ledger-100k-2m.sqlite") { path in
      let store = try KithStore(path: path)
      let clock = ContinuousClock()
      var t = clock.now
      try store.importBackup(Backup(people: people(100_000)))
      log("  100k people via importBackup: \(t.duration(to: clock.now))")
      var rng = SeededGenerator(seed: 2)
      let columns = tieColumns(count: 2_000_000, people: 100_000, &rng)
      var ties: [Tie] = []
      ties.reserveCapacity(columns.a.count)
      for i in columns.a.indices {
        ties.append(
          Tie(
            a: Int64(columns.a[i]) + 1, b: Int64(columns.b[i]) + 1, weight: 1,
            date: Date(timeIntervalSince1970: Double(columns.last[i]))))
      }
      t = clock.now
      _ = try store.addTies(ties)
      log("  2M ties via addTies (one transaction): \(t.duration(to: clock.now))")
      try store.checkpoint()
    }
  }

  /// 100k people and 10M interactions (1M per time slice, seed 3), each slice recorded with
  /// one `addInteractions` call (one transaction each, the ledger maintained), so that the
  /// later slices merge into an existing ledger.
  static func interactions10MDatabase() throws -> String {
    try cachedDatabase("interactions-100k-10m.sqlite") { path in
      let store = try KithStore(path: path)
      try store.importBackup(Backup(people: people(100_000)))
      var rng = SeededGenerator(seed: 3)
      for chunk in 0..<10 {
        log("  recording interactions \(chunk)M–\(chunk + 1)M")
        let batch = interactions(
          count: 1_000_000, people: 100_000, from: Double(chunk) / 10,
          to: Double(chunk + 1) / 10, &rng)
        _ = try store.addInteractions(batch)
      }
      try store.checkpoint()
    }
  }

  /// A personal network: 5k people, person 1 the ego, and 200k interactions of the ego's
  /// (seed 4) in time order: with one other person (85%) or 2–4 others (a group meeting),
  /// kinds uniform, every other one with its own summary, one in twenty with a follow-up.
  static func personalInteractions(_ rng: inout SeededGenerator) -> [Interaction] {
    let count = 200_000
    var times = (0..<count).map { _ in Int64.random(in: 0..<span, using: &rng) }
    times.sort()
    let kinds = InteractionKind.allCases
    var out: [Interaction] = []
    out.reserveCapacity(count)
    for (k, t) in times.enumerated() {
      let n = Int.random(in: 0..<100, using: &rng) < 85 ? 2 : Int.random(in: 3...5, using: &rng)
      var participants: [Int64] = [1]
      while participants.count < n {
        let p = Int64.random(in: 2...5_000, using: &rng)
        if !participants.contains(p) { participants.append(p) }
      }
      let time = start.addingTimeInterval(Double(t))
      out.append(
        Interaction(
          time: time, kind: kinds.randomElement(using: &rng)!, participants: participants,
          initiator: participants.randomElement(using: &rng),
          summary: k % 2 == 0 ? "Talked about topic \(k)" : nil,
          followUp: k % 20 == 0 ? time.addingTimeInterval(14 * 86_400) : nil))
    }
    return out
  }

  /// `personalInteractions` recorded with one `addInteractions` call into a store of 5k
  /// people (the snapshot is asked for person 1's network).
  static func personalDatabase() throws -> String {
    try cachedDatabase("personal-5k-200k.sqlite") { path in
      let store = try KithStore(path: path)
      try store.importBackup(Backup(people: people(5_000)))
      var rng = SeededGenerator(seed: 4)
      _ = try store.addInteractions(personalInteractions(&rng))
      try store.checkpoint()
    }
  }

  static func log(_ message: String) {
    FileHandle.standardError.write(Data("[kith-bench] \(message)\n".utf8))
  }
}

struct FixtureError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}
