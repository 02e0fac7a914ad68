import Benchmark
import BenchmarkSupport
import Foundation
import KithGraph
import KithImport
import KithStore
import KithTestSupport

// Goal (issue 6): ≥ 200k rows/s importing CSV interactions into the store with identity
// resolution. Each benchmark reports its own rate (from the measured call alone).
//
// The input: 200k interaction rows `date,with,kind,summary` among 5,000 people named by name
// (85% one person, else two or three), in time order over three years, into a store holding
// the ego. People are resolved as the command line resolves them (and created on first
// sight), then every interaction goes through the store's bulk path with the tie ledger.

extension BenchmarkMetric {
  static let rowsPerSecond = BenchmarkMetric.custom(
    "rows/s", polarity: .prefersLarger, useScalingFactor: false)
  /// Rows per second of CPU time of the process (`processCPUTime`).
  static let rowsPerCPUSecond = BenchmarkMetric.custom(
    "rows/CPU s", polarity: .prefersLarger, useScalingFactor: false)
}

enum ImportInputs {
  static let rows = 200_000
  static let people = 5_000
  static let start: Int64 = 1_672_531_200

  /// The CSV text of `rows` interactions.
  static let interactionsCSV = Once { () -> String in
    var rng = SeededGenerator(seed: 6)
    let kinds = ["meeting", "call", "video", "message", "email"]
    var times = (0..<rows).map { _ in start + Int64.random(in: 0..<(3 * 365 * 86_400), using: &rng)
    }
    times.sort()
    var out = "date,with,kind,summary\n"
    out.reserveCapacity(rows * 60)
    for (k, t) in times.enumerated() {
      let n = Int.random(in: 0..<100, using: &rng) < 85 ? 1 : Int.random(in: 2...3, using: &rng)
      var names: [String] = []
      while names.count < n {
        let name = "Person \(Int.random(in: 1...people, using: &rng))"
        if !names.contains(name) { names.append(name) }
      }
      let kind = kinds[Int.random(in: 0..<kinds.count, using: &rng)]
      out += "\(KithTime.format(seconds: t)),\(names.joined(separator: ";")),\(kind),note \(k)\n"
    }
    return out
  }

  static let batch = Once { () -> ImportBatch in
    try GenericCSVReader.parse(
      try interactionsCSV.get(), path: "interactions.csv", now: Date(timeIntervalSince1970: 0))
  }

  /// 10k vCards in the 3.0 style, with folding, escapes and item groups.
  static let vcards = Once { () -> String in
    var out = ""
    for k in 1...10_000 {
      out += """
        BEGIN:VCARD\r
        VERSION:3.0\r
        N:Person;Number \(k);;;\r
        FN:Number \(k) Person\r
        ORG:Company \(k % 300);Unit\r
        TITLE:Role \(k % 40)\r
        item1.EMAIL;type=INTERNET;type=pref:person.\(k)@example.com\r
        TEL;type=CELL:+44 7700 9\(String(format: "%05d", k))\r
        NOTE:Met at event \(k % 97)\\, talked about\\nthings and more things that make this\r
          line fold.\r
        CATEGORIES:tag\(k % 7),tag\(k % 11)\r
        END:VCARD\r

        """
    }
    return out
  }
}

extension ImportInputs {
  static let connections = 30_000

  /// LinkedIn's Connections.csv as the export writes it (its "Notes:" lines first) with
  /// `connections` rows: names, profile URLs, an email for one in five, 2,000 companies, dates.
  static let linkedInCSV = Once { () -> String in
    let months = [
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]
    var out = """
      Notes:
      "When exporting your connection data, you may notice that some of the email addresses are missing."

      First Name,Last Name,URL,Email Address,Company,Position,Connected On

      """
    out.reserveCapacity(connections * 110)
    for k in 1...connections {
      let email = k % 5 == 0 ? "first\(k).last@example.com" : ""
      let date = "\(String(format: "%02d", k % 28 + 1)) \(months[k % 12]) \(2015 + k % 11)"
      out += "First\(k),Last \(k % 977),https://www.linkedin.com/in/first-last-\(k),\(email),"
      out += "Company \(k % 2_000),Role \(k % 50),\(date)\n"
    }
    return out
  }
}

let benchmarks: @Sendable () -> Void = {
  let clock = ContinuousClock()

  Benchmark(
    "CSV interactions 200k: parse (GenericCSVReader)",
    configuration: .init(
      metrics: [
        .wallClock, .throughput, .peakMemoryResident, .rowsPerSecond, .rowsPerCPUSecond,
        .megabytesPerSecond,
      ],
      warmupIterations: 1, maxDuration: .seconds(30), maxIterations: 5,
      setup: { _ = try ImportInputs.interactionsCSV.get() })
  ) { benchmark in
    let text = try ImportInputs.interactionsCSV.get()
    benchmark.startMeasurement()
    let started = clock.now
    let cpu = processCPUTime()
    let batch = try GenericCSVReader.parse(
      text, path: "interactions.csv", now: Date(timeIntervalSince1970: 0))
    let elapsed = started.duration(to: clock.now)
    let cpuElapsed = processCPUTime() - cpu
    benchmark.stopMeasurement()
    benchmark.measurement(.rowsPerSecond, Int(Double(batch.interactions.count) / elapsed.seconds))
    benchmark.measurement(.rowsPerCPUSecond, Int(Double(batch.interactions.count) / cpuElapsed))
    benchmark.measurement(
      .megabytesPerSecond, Int(Double(text.utf8.count) / 1e6 / elapsed.seconds))
    if batch.interactions.count != ImportInputs.rows { benchmark.error("rows lost") }
    blackHole(batch)
  }

  Benchmark(
    "CSV interactions 200k: store import with identity resolution (importBatch)",
    configuration: .init(
      metrics: [
        .wallClock, .throughput, .peakMemoryResident, .rowsPerSecond, .rowsPerCPUSecond,
      ],
      warmupIterations: 0, maxDuration: .seconds(120), maxIterations: 3,
      setup: { _ = try ImportInputs.batch.get() })
  ) { benchmark in
    let batch = try ImportInputs.batch.get()
    let dir = TemporaryDirectory("kith-bench-import")
    defer { dir.remove() }
    let store = try KithStore(path: dir.file("kith.sqlite"))
    _ = try store.initialise(me: "Me")
    benchmark.startMeasurement()
    let started = clock.now
    let cpu = processCPUTime()
    let summary = try store.importBatch(batch)
    let elapsed = started.duration(to: clock.now)
    let cpuElapsed = processCPUTime() - cpu
    benchmark.stopMeasurement()
    benchmark.measurement(.rowsPerSecond, Int(Double(summary.interactions.added) / elapsed.seconds))
    benchmark.measurement(.rowsPerCPUSecond, Int(Double(summary.interactions.added) / cpuElapsed))
    if summary.interactions.added != ImportInputs.rows {
      benchmark.error("expected \(ImportInputs.rows) interactions, got \(summary.interactions)")
    }
  }

  Benchmark(
    "CSV interactions 200k: file to store, end to end (parse + importBatch)",
    configuration: .init(
      metrics: [
        .wallClock, .throughput, .peakMemoryResident, .rowsPerSecond, .rowsPerCPUSecond,
      ],
      warmupIterations: 0, maxDuration: .seconds(120), maxIterations: 3,
      setup: { _ = try ImportInputs.interactionsCSV.get() })
  ) { benchmark in
    let text = try ImportInputs.interactionsCSV.get()
    let dir = TemporaryDirectory("kith-bench-import")
    defer { dir.remove() }
    let store = try KithStore(path: dir.file("kith.sqlite"))
    _ = try store.initialise(me: "Me")
    benchmark.startMeasurement()
    let started = clock.now
    let cpu = processCPUTime()
    let batch = try GenericCSVReader.parse(
      text, path: "interactions.csv", now: Date(timeIntervalSince1970: 0))
    let summary = try store.importBatch(batch)
    let elapsed = started.duration(to: clock.now)
    let cpuElapsed = processCPUTime() - cpu
    benchmark.stopMeasurement()
    benchmark.measurement(.rowsPerSecond, Int(Double(summary.interactions.added) / elapsed.seconds))
    benchmark.measurement(.rowsPerCPUSecond, Int(Double(summary.interactions.added) / cpuElapsed))
  }

  Benchmark(
    "LinkedIn 30k connections: file to store, end to end (parse + importBatch)",
    configuration: .init(
      metrics: [.wallClock, .throughput, .peakMemoryResident, .rowsPerSecond, .rowsPerCPUSecond],
      warmupIterations: 0, maxDuration: .seconds(120), maxIterations: 3,
      setup: { _ = try ImportInputs.linkedInCSV.get() })
  ) { benchmark in
    let text = try ImportInputs.linkedInCSV.get()
    let dir = TemporaryDirectory("kith-bench-import")
    defer { dir.remove() }
    let store = try KithStore(path: dir.file("kith.sqlite"))
    _ = try store.initialise(me: "Me")
    benchmark.startMeasurement()
    let started = clock.now
    let cpu = processCPUTime()
    let batch = try LinkedInExport.parse(text, path: "Connections.csv")
    let summary = try store.importBatch(batch)
    let elapsed = started.duration(to: clock.now)
    let cpuElapsed = processCPUTime() - cpu
    benchmark.stopMeasurement()
    benchmark.measurement(.rowsPerSecond, Int(Double(summary.people.added) / elapsed.seconds))
    benchmark.measurement(.rowsPerCPUSecond, Int(Double(summary.people.added) / cpuElapsed))
    if summary.people.added != ImportInputs.connections {
      benchmark.error("expected \(ImportInputs.connections) people, got \(summary.people)")
    }
  }

  Benchmark(
    "vCard 10k cards: parse (VCardReader)",
    configuration: .init(
      metrics: [.wallClock, .throughput, .peakMemoryResident, .megabytesPerSecond],
      warmupIterations: 1, maxDuration: .seconds(30), maxIterations: 5,
      setup: { _ = try ImportInputs.vcards.get() })
  ) { benchmark in
    let text = try ImportInputs.vcards.get()
    benchmark.startMeasurement()
    let started = clock.now
    let batch = try VCardReader.parse(text, path: "cards.vcf", now: Date(timeIntervalSince1970: 0))
    let elapsed = started.duration(to: clock.now)
    benchmark.stopMeasurement()
    benchmark.measurement(
      .megabytesPerSecond, Int(Double(text.utf8.count) / 1e6 / elapsed.seconds))
    if batch.people.count != 10_000 || !batch.problems.isEmpty {
      benchmark.error(
        "expected 10,000 cards, got \(batch.people.count), \(batch.problems.first?.description ?? "")"
      )
    }
  }
}
