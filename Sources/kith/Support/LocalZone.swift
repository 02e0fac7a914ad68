import Foundation
import KithGraph

/// The zone whose days `kith` counts and prints: the `TZ` variable's zone when it is set (an
/// IANA name such as `Asia/Tokyo`, with or without a leading `:`, or a path into a zoneinfo
/// folder), else the system's (`/etc/localtime`).
enum LocalZone {
  /// The zone for `environment`, and a warning when `TZ` names no zone the system knows
  /// (days are then counted in UTC).
  static func resolve(_ environment: [String: String]) -> (zone: DayZone, warning: String?) {
    guard var name = environment["TZ"] else { return (.current, nil) }
    if name.hasPrefix(":") { name.removeFirst() }
    if name.isEmpty { return (.utc, nil) }
    if let r = name.range(of: "zoneinfo/") { name = String(name[r.upperBound...]) }
    if let zone = DayZone(identifier: name) { return (zone, nil) }
    return (
      .utc,
      "warning: TZ=\(environment["TZ"] ?? name) is not a time zone kith knows (an IANA name such as Asia/Tokyo); dates are in UTC."
    )
  }

  /// Sets `KithTime.zone` for this process from its environment; says so on stderr when `TZ`
  /// cannot be used. Called first, before any date is read.
  static func install() {
    let (zone, warning) = resolve(ProcessInfo.processInfo.environment)
    KithTime.zone = zone
    if let warning { Terminal.note(warning) }
  }
}
