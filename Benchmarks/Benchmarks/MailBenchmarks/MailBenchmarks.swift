import Benchmark
import BenchmarkSupport
import Foundation
import KithImport
import KithTestSupport

// Goal (from the issue): ≥ 50 MB/s parsing mbox headers.
//
// The input is a ~100 MB synthetic mbox written once (deterministically, from a seeded
// generator) to the benchmark cache folder, shaped like a Gmail Takeout export: long Received
// and DKIM headers, folded recipient lists, encoded names, some list mail, bodies of 1–24 KB
// with `>From ` escapes and undated `From ` lines. The measured call is the whole
// `MailReader.readMbox(path:)`: mapping the file, finding every message, decoding the headers
// Kith reads.

extension BenchmarkMetric {
  static let messagesPerSecond = BenchmarkMetric.custom(
    "messages/s", polarity: .prefersLarger, useScalingFactor: false)
}

enum SyntheticMbox {
  static let version = "v1"
  static let targetBytes = 100_000_000

  /// `KITH_BENCH_CACHE`, else `<tmp>/kith-bench-cache`, then the version.
  static var path: String {
    let base =
      ProcessInfo.processInfo.environment["KITH_BENCH_CACHE"]
      ?? (FileManager.default.temporaryDirectory.path as NSString).appendingPathComponent(
        "kith-bench-cache")
    return ((base as NSString).appendingPathComponent(version) as NSString)
      .appendingPathComponent("synthetic-100MB.mbox")
  }

  static let first = ["Ada", "Bruno", "Carla", "Dee", "Eli", "Fay", "Gil", "Hana", "Ivo", "Jo"]
  static let last = ["Example", "Testperson", "Sample", "Muster", "Exemple", "Doe", "Quinn"]
  static let months = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
  ]
  static let days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
  static let words = Array(
    "the of and to in is that it for on with as was at by this be from or an are not have we your will can more about our all there their when would which what one time"
      .split(separator: " "))

  /// Writes the file unless it exists; returns its path.
  static func make() throws -> String {
    let path = Self.path
    if FileManager.default.fileExists(atPath: path) { return path }
    try FileManager.default.createDirectory(
      atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    var rng = SeededGenerator(seed: 0x6D62_6F78)
    var out = String()
    out.reserveCapacity(targetBytes + 100_000)
    var n = 0
    func pick<T>(_ a: [T]) -> T { a[Int.random(in: 0..<a.count, using: &rng)] }
    func person() -> (String, String) {
      let f = pick(first)
      let l = pick(last)
      let i = Int.random(in: 0..<500, using: &rng)
      return ("\(f) \(l)", "\(f.lowercased()).\(l.lowercased())\(i)@example.com")
    }
    while out.utf8.count < targetBytes {
      n += 1
      let day = Int.random(in: 1...28, using: &rng)
      let month = pick(months)
      let year = Int.random(in: 2015...2025, using: &rng)
      let time = String(
        format: "%02d:%02d:%02d", Int.random(in: 0..<24, using: &rng),
        Int.random(in: 0..<60, using: &rng), Int.random(in: 0..<60, using: &rng))
      let (fromName, fromEmail) = person()
      out += "From \(n)@xxx \(pick(days)) \(month) \(day) \(time) +0000 \(year)\n"
      out += "X-GM-THRID: \(1_700_000_000_000 + n)\nX-Gmail-Labels: Inbox,Category Personal\n"
      for hop in 0..<3 {
        out +=
          "Received: from mail\(hop).example.net (mail\(hop).example.net. [192.0.2.\(hop + 1)])\n"
          + "        by mx.example.com with ESMTPS id abc\(n)x\(hop)\n"
          + "        for <ada.example@example.com>; \(pick(days)), \(day) \(month) \(year) \(time) +0000 (UTC)\n"
      }
      out += "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.net; s=20230601;\n"
      for _ in 0..<4 {
        out += "        b=" + String(repeating: "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo", count: 2) + "\n"
      }
      out += "MIME-Version: 1.0\n"
      out += "Date: \(pick(days)), \(day) \(month) \(year) \(time) +0100\n"
      out += "Message-ID: <\(n).\(year)@mail.example.net>\n"
      if n % 3 == 0 { out += "In-Reply-To: <\(n - 1).\(year)@mail.example.net>\n" }
      out += "Subject: =?UTF-8?Q?Re:_caf=C3=A9_plans_\(n)?=\n"
      out +=
        n % 7 == 0
        ? "From: =?UTF-8?B?SsO8cmdlbiBNw7xsbGVy?= <\(fromEmail)>\n"
        : "From: \"\(fromName)\" <\(fromEmail)>\n"
      let recipients = Int.random(in: 1...6, using: &rng)
      out += "To: "
      for r in 0..<recipients {
        let (name, email) = person()
        out += (r > 0 ? ",\n " : "") + "\(name) <\(email)>"
      }
      out += "\n"
      if n % 4 == 0 {
        let (name, email) = person()
        out += "Cc: \"\(name.split(separator: " ").reversed().joined(separator: ", "))\" <\(email)>\n"
      }
      if n % 10 == 0 { out += "List-Id: Team list <team.lists.example.net>\n" }
      out += "Content-Type: text/plain; charset=\"UTF-8\"\nContent-Transfer-Encoding: 7bit\n\n"
      let lines = Int.random(in: 12...330, using: &rng)
      for l in 0..<lines {
        if l % 50 == 7 {
          out += ">From the archive, nothing changed.\n"
        } else if l % 97 == 11 {
          out += "\nFrom here on the plan is simple.\n"
        } else {
          var line = ""
          while line.utf8.count < 66 { line += pick(words) + " " }
          out += line + "\n"
        }
      }
      out += "\n"
    }
    let temporary = path + ".partial"
    try Data(out.utf8).write(to: URL(fileURLWithPath: temporary))
    try FileManager.default.moveItem(atPath: temporary, toPath: path)
    return path
  }
}

let mbox = Once { try SyntheticMbox.make() }

let benchmarks: @Sendable () -> Void = {
  let clock = ContinuousClock()

  Benchmark(
    "mbox headers: 100 MB synthetic mailbox (MailReader.readMbox)",
    configuration: .init(
      metrics: [
        .wallClock, .throughput, .peakMemoryResident, .megabytesPerSecond, .messagesPerSecond,
      ],
      warmupIterations: 1, maxDuration: .seconds(30), maxIterations: 10,
      setup: { _ = try mbox.get() })
  ) { benchmark in
    let path = try mbox.get()
    let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?
      .doubleValue ?? 0
    benchmark.startMeasurement()
    let started = clock.now
    let box = try MailReader.readMbox(path: path)
    let elapsed = started.duration(to: clock.now)
    benchmark.stopMeasurement()
    let seconds =
      Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    benchmark.measurement(.megabytesPerSecond, Int(size / 1e6 / seconds))
    benchmark.measurement(.messagesPerSecond, Int(Double(box.messages.count) / seconds))
    if box.messages.isEmpty || !box.rejected.isEmpty {
      benchmark.error("expected messages and no rejections, got \(box.messages.count), \(box.rejected.count)")
    }
    blackHole(box)
  }
}
