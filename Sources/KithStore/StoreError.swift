import KithGraph
import KithImport

/// What can go wrong in the store, phrased for the person at the keyboard.
public enum StoreError: Error, Sendable, CustomStringConvertible, Equatable {
  /// A reference (person, organisation, referral…) that matches nothing.
  case notFound(kind: String, reference: String, suggestions: [String])
  /// A reference that matches several records; `candidates` are "Name (handle)".
  case ambiguous(kind: String, reference: String, candidates: [String])
  /// A record that breaks a rule of the model.
  case invalid(InvalidRecord)
  /// The operation conflicts with what is stored (a handle taken, a non-empty database…).
  case conflict(String)
  /// An ego-centric operation with no ego set.
  case noEgo
  /// An imported record that breaks a rule, located in its file (path:line:col: field: …).
  case rejectedRecord(ImportError)
  /// The database itself failed (I/O, corruption, locked for too long).
  case database(String)
  /// A file this Kith must not use: not a Kith database, or one a newer Kith wrote. Nothing
  /// was written to it.
  case incompatible(String)

  public var description: String {
    switch self {
    case .notFound(let kind, let reference, let suggestions):
      let listing =
        [
          "person": "kith person list", "organisation": "kith org list", "tag": "kith tag list",
        ][kind] ?? (RecordKind(rawValue: kind) != nil ? "kith history" : nil)
      let hint =
        !suggestions.isEmpty
        ? "; did you mean \(suggestions.map { "'\($0)'" }.joined(separator: ", "))?"
        : listing.map { "; see `\($0)`" } ?? ""
      return "no \(kind) matches '\(reference)'\(hint)"
    case .ambiguous(let kind, let reference, let candidates):
      return
        "'\(reference)' matches \(candidates.count) \(kind == "person" ? "people" : kind + "s"): \(candidates.joined(separator: ", ")); use a handle"
    case .invalid(let record):
      return record.description
    case .conflict(let message):
      return message
    case .noEgo:
      return "no ego is set; run `kith init --me NAME` first, or pass --ego PERSON"
    case .rejectedRecord(let error):
      return error.description
    case .database(let message):
      return "database error: \(message)"
    case .incompatible(let message):
      return message
    }
  }

  /// Whether the error rejects the user's data (exit code 65) rather than failing otherwise.
  public var isRejectedData: Bool {
    switch self {
    case .database: false
    default: true
    }
  }
}
