import Benchmark
import Foundation

// What more than one benchmark target needs. Each benchmark target is its own executable
// module, so shared pieces live here rather than being copied into each.

/// A value computed once, on first use, from any thread: inputs and fixtures that several
/// benchmarks of one target share.
public final class Once<T>: @unchecked Sendable {
  private let lock = NSLock()
  private var value: T?
  private let make: () throws -> T

  public init(_ make: @escaping () throws -> T) { self.make = make }

  public func get() throws -> T {
    lock.lock()
    defer { lock.unlock() }
    if let value { return value }
    let made = try make()
    value = made
    return made
  }
}

extension Duration {
  /// The duration in seconds.
  public var seconds: Double {
    let (s, atto) = components
    return Double(s) + Double(atto) * 1e-18
  }
}

extension BenchmarkMetric {
  /// Megabytes of input per second, computed from the measured call alone.
  public static let megabytesPerSecond = BenchmarkMetric.custom(
    "MB/s", polarity: .prefersLarger, useScalingFactor: false)
}

/// CPU time (user + system) of the whole process, all threads, in seconds: on a shared machine
/// the process gets a fraction of a core, and rates per CPU second measure the work itself.
public func processCPUTime() -> Double {
  var ts = timespec()
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
  return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}
