import Foundation
import KithGraph

/// A position in an input file: 1-based line and column.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
  public var path: String
  public var line: Int
  public var column: Int

  public init(path: String, line: Int, column: Int) {
    self.path = path
    self.line = line
    self.column = column
  }

  public var description: String { "\(path):\(line):\(column)" }
}

/// An input file Kith cannot read.
public struct ImportError: Error, Sendable, Hashable, CustomStringConvertible {
  public var location: SourceLocation?
  public var path: String
  public var message: String
  /// Whether the file itself is missing or unreadable (exit code 66) rather than malformed.
  public var isMissingFile: Bool

  public init(
    path: String, location: SourceLocation? = nil, message: String, isMissingFile: Bool = false
  ) {
    self.path = path
    self.location = location
    self.message = message
    self.isMissingFile = isMissingFile
  }

  public var description: String { "\(location?.description ?? path): \(message)" }
}

/// Reads a JSON backup written by `kith export json`.
public enum BackupReader {
  /// Reads and decodes the backup at `path`.
  /// - Throws: `ImportError` naming path:line:col and the field for malformed input.
  public static func read(path: String) throws(ImportError) -> Backup {
    let data: Data
    do {
      data = try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
      throw ImportError(path: path, message: "cannot read the file", isMissingFile: true)
    }
    return try decode(data, path: path)
  }

  /// Decodes backup JSON; `path` is only used in error messages.
  public static func decode(_ data: Data, path: String) throws(ImportError) -> Backup {
    if data.isEmpty { throw ImportError(path: path, message: "the file is empty") }
    do {
      return try Backup.makeDecoder().decode(Backup.self, from: data)
    } catch let error as DecodingError {
      throw describe(error, data: data, path: path)
    } catch {
      throw ImportError(path: path, message: "not a Kith backup (\(error.localizedDescription))")
    }
  }

  static func describe(_ error: DecodingError, data: Data, path: String) -> ImportError {
    func field(_ codingPath: [any CodingKey]) -> String {
      codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        .trimmingCharacters(in: CharacterSet(charactersIn: "."))
    }
    switch error {
    case .dataCorrupted(let context):
      if context.codingPath.isEmpty {
        // Invalid JSON: Foundation reports a byte offset in the underlying error's userInfo.
        let nsError = context.underlyingError as NSError?
        let offset =
          (nsError?.userInfo["NSJSONSerializationErrorIndex"] as? Int) ?? syntaxErrorOffset(data)
        return ImportError(
          path: path, location: location(ofByte: offset, in: data, path: path),
          message: "not valid JSON")
      }
      return ImportError(
        path: path, message: "\(field(context.codingPath)): \(context.debugDescription)")
    case .keyNotFound(let key, let context):
      let at = field(context.codingPath + [key])
      return ImportError(path: path, message: "\(at): missing")
    case .typeMismatch(let type, let context):
      return ImportError(
        path: path, message: "\(field(context.codingPath)): expected \(type)")
    case .valueNotFound(let type, let context):
      return ImportError(
        path: path, message: "\(field(context.codingPath)): expected \(type), found null")
    @unknown default:
      return ImportError(path: path, message: "not a Kith backup")
    }
  }

  /// The byte offset of the first JSON syntax error in `data`, from JSONSerialization's
  /// message ("… around character N"; Linux's decoder does not report it otherwise), or 0.
  static func syntaxErrorOffset(_ data: Data) -> Int {
    do {
      _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
      return 0
    } catch {
      let info = (error as NSError).userInfo
      if let index = info["NSJSONSerializationErrorIndex"] as? Int { return index }
      let text = (info["NSDebugDescription"] as? String) ?? "\(error)"
      guard let range = text.range(of: "character ") else { return 0 }
      return Int(text[range.upperBound...].prefix { $0.isNumber }) ?? 0
    }
  }

  /// The line and column of byte `offset`.
  static func location(ofByte offset: Int, in data: Data, path: String) -> SourceLocation {
    var line = 1
    var column = 1
    for byte in data.prefix(offset) {
      if byte == 0x0A {
        line += 1
        column = 1
      } else if byte & 0xC0 != 0x80 {
        column += 1
      }
    }
    return SourceLocation(path: path, line: line, column: column)
  }
}
