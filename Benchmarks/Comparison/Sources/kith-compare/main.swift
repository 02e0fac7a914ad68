// kith-compare: Kith's side of the pandas comparison (README.md).
//
//   kith-compare DATA_DIR OUT_DIR [--as-of SECONDS] [--ego ID] [--runs N] [--threads N]
//
// Reads DATA_DIR/{people,interactions,exchanges}.csv with a byte-level CSV parser, builds a
// NetworkSnapshot with the library's bulk paths (EgoInteractionsBuilder for the ego's
// interactions, TieColumns.egoTies for the ego's ties, TieEvents → accumulate for the other
// pairs, the two merged; SnapshotExchanges), then computes what pandas_neglect.py computes —
// Neglect.neglected (without lost ties), Reciprocity.report and the ego's ties — each with its
// CSV files on its own core, and writes them to OUT_DIR, with OUT_DIR/timings.json.
//
// --threads N: threads for parsing interactions.csv (default: the active processors). The
// library's bulk paths split their own work across the cores.
//
// As of: --as-of, else the latest interaction's time. With --runs N > 1 (default 5), after the
// compared results are written (end_to_end stops there), the four analytics (neglected,
// dormant, reciprocity, follow-ups) run N times together, one after another, and N times one by
// one, for medians, and the Kith-only results (dormant.csv, followups.csv) are written too.
// compare.sh times end to end with --runs 1.
#if canImport(Glibc)
  import CMalloc
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import Foundation
import KithAnalytics
import KithGraph

@inline(__always) func now() -> Double {
  var ts = timespec()
  clock_gettime(CLOCK_MONOTONIC, &ts)
  return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

/// CPU time of the calling thread: on a shared machine, what the work cost without the waits.
@inline(__always) func threadCPU() -> Double {
  var ts = timespec()
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
  return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

func median(_ xs: [Double]) -> Double {
  let s = xs.sorted()
  return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

func fail(_ message: String) -> Never {
  FileHandle.standardError.write(Data("kith-compare: \(message)\n".utf8))
  exit(2)
}

struct Options {
  var data = ""
  var out = ""
  var asOf: Int64? = nil
  var egoID: Int64 = 0
  var runs = 5
  var threads = ProcessInfo.processInfo.activeProcessorCount

  init(_ args: [String]) {
    var positional: [String] = []
    var k = 0
    func value() -> String {
      k += 1
      guard k < args.count else { fail("\(args[k - 1]) needs a value") }
      return args[k]
    }
    while k < args.count {
      switch args[k] {
      case "--as-of":
        guard let v = Int64(value()) else { fail("--as-of takes unix seconds") }
        asOf = v
      case "--ego":
        guard let v = Int64(value()) else { fail("--ego takes a person id") }
        egoID = v
      case "--runs":
        guard let v = Int(value()), v >= 1 else { fail("--runs takes a number ≥ 1") }
        runs = v
      case "--threads":
        guard let v = Int(value()), v >= 1 else { fail("--threads takes a number ≥ 1") }
        threads = v
      case "-h", "--help":
        print("usage: kith-compare DATA_DIR OUT_DIR [--as-of SECONDS] [--ego ID] [--runs N] [--threads N]")
        exit(0)
      default:
        if args[k].hasPrefix("--") { fail("unknown option \(args[k])") }
        positional.append(args[k])
      }
      k += 1
    }
    guard positional.count == 2 else { fail("usage: kith-compare DATA_DIR OUT_DIR [--as-of SECONDS] [--ego ID] [--runs N] [--threads N]") }
    data = positional[0]
    out = positional[1]
  }
}

/// "jane-doe-2" → "Jane Doe 2" (names only feed the suggestion sentences).
func displayName(_ handle: String) -> String {
  var handle = handle
  // ASCII handles (all generated ones) byte by byte: each word's first letter in capitals,
  // a space for each dash.
  let ascii: String? = handle.withUTF8 { bytes in
    let dash = UInt8(ascii: "-")
    guard bytes.allSatisfy({ $0 < 0x80 }), bytes.first != dash, bytes.last != dash,
      !zip(bytes, bytes.dropFirst()).contains(where: { $0 == dash && $1 == dash })
    else { return nil }  // (split(separator:) drops empty words)
    return String(unsafeUninitializedCapacity: bytes.count) { out in
      var wordStart = true
      for (k, c) in bytes.enumerated() {
        if c == UInt8(ascii: "-") {
          out[k] = UInt8(ascii: " ")
          wordStart = true
        } else {
          out[k] = wordStart && c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z") ? c - 32 : c
          wordStart = false
        }
      }
      return bytes.count
    }
  }
  return ascii
    ?? handle.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: " ")
}

/// The four analytics one after another, as the goal "four analytics from a snapshot" counts
/// them.
func analyse(_ s: NetworkSnapshot, ego: Int32) -> (
  neglected: [NeglectedContact], dormant: [DormantContact], reciprocity: ReciprocityReport,
  followUps: [FollowUp]
) {
  (
    Neglect.neglected(in: s, ego: ego, includeLost: false), Neglect.dormant(in: s, ego: ego),
    Reciprocity.report(in: s, ego: ego), FollowUps.list(in: s, ego: ego)
  )
}

/// Large arrays from malloc's heap, and freed memory kept there for the next ones (glibc).
///
/// By default glibc maps every allocation above 32 MB afresh and unmaps it when freed, so each
/// step's large arrays (the sort's scratch, the builder's gathered columns) cost page faults and
/// zeroed pages again, though the previous step freed as much. A batch process that builds and
/// drops arrays of hundreds of MB keeps its memory instead; it returns all of it at exit.
func keepFreedMemory() {
  #if canImport(Glibc)
    guard mallopt(M_MMAP_THRESHOLD, 1 << 30) == 1, mallopt(M_TRIM_THRESHOLD, Int32.max) == 1 else {
      fail("mallopt refused the heap settings")
    }
  #endif
}

/// The whole run, in a function: locals, not globals, in the hot loops.
func run() {
  let options = Options(Array(CommandLine.arguments.dropFirst()))
  keepFreedMemory()
  let t0 = now()

  // MARK: Parse

  let people: PeopleTable
  var interactions: InteractionColumns!
  var exchanges: ExchangeColumns!
  do {
    // First, on every core: the lines of interactions.csv counted slice by slice (to size its
    // columns), people.csv read and exchanges.csv read (its ids looked up once people.csv is
    // in), the longest first.
    let file = try InteractionsFile(options.data + "/interactions.csv", threads: options.threads)
    let counts = UncheckedSendable(
      UnsafeMutableBufferPointer<(lines: Int, quoted: Bool)>.allocate(capacity: file.parts))
    let peopleRead = UncheckedSendable(
      UnsafeMutablePointer<Result<PeopleTable, Error>>.allocate(capacity: 1))
    let exchangesRead = UncheckedSendable(
      UnsafeMutablePointer<Result<ExchangeRows, Error>>.allocate(capacity: 1))
    defer {
      counts.value.deallocate()
      peopleRead.value.deinitialize(count: 1).deallocate()
      exchangesRead.value.deinitialize(count: 1).deallocate()
    }
    let data = options.data
    DispatchQueue.concurrentPerform(iterations: file.parts + 2) { k in
      switch k - file.parts {
      case 0: peopleRead.value.initialize(to: Result { try PeopleTable.read(data + "/people.csv") })
      case 1:
        exchangesRead.value.initialize(to: Result { try ExchangeRows.read(data + "/exchanges.csv") })
      default: (counts.value.baseAddress! + k).initialize(to: file.count(k))
      }
    }
    people = try peopleRead.value.pointee.get()
    guard let ego = people.index(options.egoID) else {
      fail("no person with id \(options.egoID) (the ego)")
    }
    let settings = DecaySettings.default
    interactions = try InteractionColumns.read(
      file, counts: Array(counts.value), people: people,
      weights: InteractionColumns.kinds.map { settings.pairWeight($0, participants: 2) },
      ego: ego, egoAsOf: options.asOf ?? .max)
    exchanges = try exchangesRead.value.pointee.get().resolved(people)
  } catch {
    fail("\(error)")
  }
  let t1 = now()

  // MARK: Build the snapshot

  guard let ego = people.index(options.egoID) else { fail("no person with id \(options.egoID) (the ego)") }
  let asOf = options.asOf ?? (interactions.rows > 0 ? interactions.maxTime : 0)
  let n = people.ids.count
  var buildSteps: [String: Double] = [:]
  let snapshot = buildSnapshot(
    people: people, interactions: &interactions!, exchanges: exchanges, ego: ego, asOf: asOf,
    steps: &buildSteps)
  interactions = nil
  exchanges = nil
  let t2 = now()

  // MARK: The compared results, on both cores

  // What pandas_neglect.py computes and writes, from the snapshot: the neglected list, the
  // reciprocity report (two files) and the ego's ties, each computed and assembled on its own
  // core, then written.
  let rows: [String: Int]
  do {
    try FileManager.default.createDirectory(atPath: options.out, withIntermediateDirectories: true)
    rows = try writeConcurrently(
      [
        { [ResultFiles.neglected(Neglect.neglected(in: snapshot, ego: ego, includeLost: false), snapshot)] },
        { ResultFiles.reciprocity(Reciprocity.report(in: snapshot, ego: ego), snapshot) },
        { [ResultFiles.egoTies(snapshot, ego: ego)] },
      ], to: options.out)
  } catch {
    fail("\(error)")
  }
  let t3 = now()

  // MARK: Kith only, and repeated runs for medians (not part of end to end; only with --runs > 1)

  var all: [Double] = []
  var allCPU: [Double] = []
  var each: [String: [Double]] = ["neglected": [], "dormant": [], "reciprocity": [], "followups": []]
  var neglectedAndReciprocity: [Double] = []
  var dormantCount: Int? = nil
  var followUpCount: Int? = nil
  if options.runs > 1 {
    for run in 0..<options.runs {
      // The four together, one after another.
      let a = now()
      let c = threadCPU()
      let r = analyse(snapshot, ego: ego)
      all.append(now() - a)
      allCPU.append(threadCPU() - c)
      precondition(
        r.neglected.count == rows["neglected.csv"] && r.reciprocity.entries.count == rows["reciprocity.csv"])
      if run == 0 {
        dormantCount = r.dormant.count
        followUpCount = r.followUps.count
        do {
          try writeConcurrently(
            [{ [ResultFiles.dormant(r.dormant, snapshot)] }, { [ResultFiles.followUps(r.followUps, snapshot)] }],
            to: options.out)
        } catch {
          fail("\(error)")
        }
      }
      // Each function alone, for the breakdown.
      var b = now()
      let neglected = Neglect.neglected(in: snapshot, ego: ego, includeLost: false)
      let tn = now() - b
      b = now()
      let dormant = Neglect.dormant(in: snapshot, ego: ego)
      each["dormant"]!.append(now() - b)
      b = now()
      let reciprocity = Reciprocity.report(in: snapshot, ego: ego)
      let tr = now() - b
      b = now()
      let followUps = FollowUps.list(in: snapshot, ego: ego)
      each["followups"]!.append(now() - b)
      each["neglected"]!.append(tn)
      each["reciprocity"]!.append(tr)
      neglectedAndReciprocity.append(tn + tr)
      precondition(
        neglected.count == r.neglected.count && dormant.count == r.dormant.count
          && reciprocity.entries.count == r.reciprocity.entries.count && followUps.count == r.followUps.count)
    }
  }

  var timings: [String: Any] = [
    "parse": t1 - t0,
    "build": t2 - t1,
    "results": t3 - t2,
    "end_to_end": t3 - t0,
    "count_people": n,
    "count_ties": snapshot.numberOfTies,
    "count_ego_interactions": snapshot.activity.egoInteractions.time.count,
    "count_exchanges": snapshot.activity.exchanges.count,
    "as_of": asOf,
    "parse_threads": options.threads,
    "count_neglected": rows["neglected.csv"] ?? 0,
    "count_reciprocity": rows["reciprocity.csv"] ?? 0,
  ]
  if options.runs > 1 {
    timings["analytics4_median"] = median(all)
    timings["analytics4_runs"] = all
    timings["analytics4_cpu_median"] = median(allCPU)
    timings["analytics4_cpu_runs"] = allCPU
    timings["count_dormant"] = dormantCount
    timings["count_followups"] = followUpCount
    timings["neglected_reciprocity_median"] = median(neglectedAndReciprocity)
    for (k, v) in each { timings[k + "_median"] = median(v) }
  }
  for (k, v) in buildSteps { timings[k] = v }
  do {
    let json = try JSONSerialization.data(withJSONObject: timings, options: [.sortedKeys, .prettyPrinted])
    try json.write(to: URL(fileURLWithPath: options.out + "/timings.json"))
  } catch {
    fail("\(error)")
  }

  func f(_ x: Double) -> String { String(format: "%.3f", x) }
  var report = """
    kith-compare: \(n) people, \(snapshot.numberOfTies) ties, \
    \(snapshot.activity.egoInteractions.time.count) ego interactions, \
    \(snapshot.activity.exchanges.count) exchanges, as of \(KithTime.formatDay(seconds: asOf))
      parse CSV                    \(f(t1 - t0)) s
      build snapshot               \(f(t2 - t1)) s  (\(buildSteps.sorted { $0.key < $1.key }.map { "\($0.key.dropFirst(6)) \(f($0.value))" }.joined(separator: ", ")))
      compared results, written    \(f(t3 - t2)) s  (\(rows["neglected.csv"] ?? 0) neglected, \(rows["reciprocity.csv"] ?? 0) reciprocity entries)
      end to end                   \(f(t3 - t0)) s
    """
  if options.runs > 1 {
    let breakdown = ["neglected", "dormant", "reciprocity", "followups"].map { "\($0) \(f(median(each[$0]!)))" }
    report += """

        4 analytics, median of \(all.count): \(f(median(all))) s (CPU \(f(median(allCPU))) s)  (\(breakdown.joined(separator: ", ")))
        Kith only: \(dormantCount ?? 0) dormant, \(followUpCount ?? 0) follow-ups
      """
  }
  print(report)
  // Leave without tearing down the snapshot piece by piece: the process's memory goes at once.
  fflush(nil)  // all output streams
  exit(0)
}

run()
