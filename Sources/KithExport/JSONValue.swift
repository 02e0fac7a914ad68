import Foundation

/// A JSON document built explicitly, so that machine output is a stable contract: keys sorted,
/// `null` written (never omitted), numbers in one deterministic form.
public indirect enum JSONValue: Sendable, Equatable {
  case null
  case bool(Bool)
  case int(Int64)
  case double(Double)
  case string(String)
  case array([JSONValue])
  case object([String: JSONValue])

  /// Serialises with sorted keys; `pretty` indents by two spaces.
  /// Doubles are written with at most 6 decimals (trailing zeros dropped), the `--json`
  /// contract; with `exactNumbers`, in the shortest form that reads back as the same double
  /// (`1e-07`), for files other tools compute with; non-finite ones as null either way.
  public func serialized(pretty: Bool = true, exactNumbers: Bool = false) -> String {
    var out = ""
    write(into: &out, pretty: pretty, exact: exactNumbers, indent: 0)
    return out
  }

  private func write(into out: inout String, pretty: Bool, exact: Bool, indent: Int) {
    switch self {
    case .null: out += "null"
    case .bool(let b): out += b ? "true" : "false"
    case .int(let i): out += String(i)
    case .double(let d): out += exact ? Self.exactFormat(d) : Self.format(d)
    case .string(let s): Self.quote(s, into: &out)
    case .array(let items):
      if items.isEmpty {
        out += "[]"
        return
      }
      out += "["
      for (k, item) in items.enumerated() {
        if k > 0 { out += "," }
        if pretty { out += "\n" + String(repeating: "  ", count: indent + 1) }
        item.write(into: &out, pretty: pretty, exact: exact, indent: indent + 1)
      }
      if pretty { out += "\n" + String(repeating: "  ", count: indent) }
      out += "]"
    case .object(let fields):
      if fields.isEmpty {
        out += "{}"
        return
      }
      out += "{"
      for (k, key) in fields.keys.sorted().enumerated() {
        if k > 0 { out += "," }
        if pretty { out += "\n" + String(repeating: "  ", count: indent + 1) }
        Self.quote(key, into: &out)
        out += pretty ? ": " : ":"
        fields[key, default: .null].write(
          into: &out, pretty: pretty, exact: exact, indent: indent + 1)
      }
      if pretty { out += "\n" + String(repeating: "  ", count: indent) }
      out += "}"
    }
  }

  static func format(_ d: Double) -> String {
    guard d.isFinite else { return "null" }
    let rounded = (d * 1e6).rounded() / 1e6
    if rounded == rounded.rounded(), abs(rounded) < 1e15 {
      return String(Int64(rounded)) + ".0"
    }
    var text = String(format: "%.6f", rounded)
    while text.hasSuffix("0") { text.removeLast() }
    // A whole number from 1e15 on keeps a digit after its point: "1000000000000000." is no JSON.
    if text.hasSuffix(".") { text += "0" }
    return text
  }

  /// Swift's shortest round-trip text (`0.1`, `1e-07`, `2.0`), which is valid JSON for every
  /// finite double.
  static func exactFormat(_ d: Double) -> String {
    d.isFinite ? d.description : "null"
  }

  static func quote(_ s: String, into out: inout String) {
    out += "\""
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case _ where scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029:
        out += String(format: "\\u%04x", scalar.value)
      default: out.unicodeScalars.append(scalar)
      }
    }
    out += "\""
  }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
  ExpressibleByFloatLiteral, ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral,
  ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
  public init(stringLiteral value: String) { self = .string(value) }
  public init(integerLiteral value: Int) { self = .int(Int64(value)) }
  public init(floatLiteral value: Double) { self = .double(value) }
  public init(booleanLiteral value: Bool) { self = .bool(value) }
  public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
  public init(dictionaryLiteral elements: (String, JSONValue)...) {
    self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
  }
  public init(nilLiteral: ()) { self = .null }
}

extension JSONValue {
  /// A string, or null.
  public static func string(_ value: String?) -> JSONValue { value.map { .string($0) } ?? .null }
  /// An integer, or null.
  public static func int(_ value: Int?) -> JSONValue { value.map { .int(Int64($0)) } ?? .null }
  /// A number, or null.
  public static func number(_ value: Double?) -> JSONValue { value.map { .double($0) } ?? .null }
  /// An array of strings.
  public static func strings(_ values: [String]) -> JSONValue { .array(values.map { .string($0) }) }
}
