import Foundation
import KithGraph

/// One edge of an edge list: two people by name, a weight, an optional date.
public struct EdgeRecord: Sendable, Hashable {
  public var source: String
  public var target: String
  public var weight: Double
  public var date: Date?
  public var line: Int
}

/// Reads an edge list: CSV with a header naming `source` and `target` (aliases: `from`/`to`,
/// `a`/`b`), and optionally `weight` (default 1) and `date` (YYYY-MM-DD or ISO 8601). Columns
/// are matched by name, case-insensitively; extra columns are ignored.
public enum EdgeListReader {
  /// Reads and validates the edge list at `path`.
  /// - Throws: `ImportError` naming path:line:column and the field for a bad record.
  public static func read(path: String) throws(ImportError) -> [EdgeRecord] {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw ImportError(path: path, message: "cannot read the file", isMissingFile: true)
    }
    guard let text = String(data: data, encoding: .utf8) else {
      // Name the first line that is not UTF-8, and the encoding it looks like.
      for (k, line) in data.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated()
      where String(validating: line, as: UTF8.self) == nil {
        throw ImportText.foreign(line, line: k + 1, path: path, format: "a CSV file")
          ?? ImportError(
            path: path, location: SourceLocation(path: path, line: k + 1, column: 1),
            message: "this line is not UTF-8 (is it a binary file?); save the file as UTF-8")
      }
      throw ImportError(path: path, message: "not UTF-8 text (is it a binary file?)")
    }
    return try parse(text, path: path)
  }

  /// Parses edge-list text; `path` names it in errors.
  public static func parse(_ text: String, path: String) throws(ImportError) -> [EdgeRecord] {
    let records = try CSVReader.parse(text, path: path)
    guard let header = records.first else {
      throw ImportError(path: path, message: "the file is empty")
    }
    let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
    func column(_ aliases: [String]) -> Int? { names.firstIndex { aliases.contains($0) } }
    guard let s = column(["source", "from", "a"]), let t = column(["target", "to", "b"]) else {
      throw ImportError(
        path: path, location: SourceLocation(path: path, line: header.line, column: 1),
        message: "the header must name a source and a target column (source,target[,weight][,date])"
      )
    }
    let w = column(["weight", "strength"])
    let d = column(["date", "on", "time"])
    var edges: [EdgeRecord] = []
    edges.reserveCapacity(records.count - 1)
    for record in records.dropFirst() {
      func field(_ index: Int?) -> String? {
        guard let index, index < record.fields.count else { return nil }
        let value = record.fields[index].trimmingCharacters(in: .whitespaces)
        return value.isEmpty ? nil : value
      }
      func fail(_ index: Int, _ message: String) -> ImportError {
        let col = record.fields.prefix(index).reduce(1) { $0 + $1.count + 1 }
        return ImportError(
          path: path, location: SourceLocation(path: path, line: record.line, column: col),
          message: "\(names[index]): \(message)")
      }
      guard let source = field(s) else { throw fail(s, "missing") }
      guard let target = field(t) else { throw fail(t, "missing") }
      if TextKey.fold(source) == TextKey.fold(target) {
        throw fail(t, "an edge joins two different people")
      }
      var weight = 1.0
      if let w, let text = field(w) {
        guard let value = Double(text), Validate.isWeight(value) else {
          throw fail(w, "'\(text)' is not a number from 0 to 1000000")
        }
        weight = value
      }
      var date: Date? = nil
      if let d, let text = field(d) {
        guard let value = KithTime.parse(text) else {
          throw fail(d, "'\(text)' is not a date (YYYY-MM-DD or ISO 8601, 1900–2200)")
        }
        date = value
      }
      edges.append(
        EdgeRecord(source: source, target: target, weight: weight, date: date, line: record.line))
    }
    return edges
  }
}
