import ArgumentParser

/// Positional values captured with `@Argument(parsing: .allUnrecognized)`. argument-parser
/// reads `-1` as an unknown option, so a plain `@Argument` given a negative number fails with
/// "Missing expected argument" instead of the value's own check; capturing every input that no
/// option claims lets the number through, and this sorts the capture back out.
enum NegativeValues {
  /// The captured values, in order, without the `--` that may end the options. An input that
  /// starts with `-` and is not a number is refused as argument-parser would refuse it, and so
  /// is a count of values other than that of `names` (`<value>`); `usage` shows the right form.
  static func positionals(_ captured: [String], names: [String], usage: String) throws
    -> [String]
  {
    let values = captured.filter { $0 != "--" }
    if let option = values.first(where: { $0.hasPrefix("-") && Double($0) == nil }) {
      throw ValidationError("Unknown option '\(option)'. Use \(usage).")
    }
    guard values.count == names.count else {
      throw ValidationError(
        values.count < names.count
          ? "Missing expected argument '\(names[values.count])'. Use \(usage)."
          : "Unexpected argument '\(values[names.count])'. Use \(usage).")
    }
    return values
  }
}
