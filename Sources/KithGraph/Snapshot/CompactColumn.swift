/// A column of values that stores one value once while every entry has it: the follow-up
/// dates, summaries and participant counts of the ego's history, which bulk paths fill with
/// one value for millions of entries.
///
/// Reads like an array (`column[k]`); appending a different value turns it into an array.
public struct CompactColumn<Element: Equatable & Sendable>: RandomAccessCollection, Sendable {
  @usableFromInline enum Storage: Sendable {
    case values([Element])
    case repeated(Element, count: Int)
  }
  @usableFromInline var storage: Storage

  /// An empty column.
  public init() { storage = .values([]) }

  /// The column of `values`.
  public init(_ values: [Element]) { storage = .values(values) }

  /// `count` entries of `value`, stored once.
  public init(repeating value: Element, count: Int) {
    precondition(count >= 0, "a column has no negative length")
    storage = .repeated(value, count: count)
  }

  public var startIndex: Int { 0 }

  public var endIndex: Int {
    switch storage {
    case .values(let values): values.count
    case .repeated(_, let count): count
    }
  }

  @inlinable
  public subscript(k: Int) -> Element {
    switch storage {
    case .values(let values): return values[k]
    case .repeated(let value, let count):
      precondition(k >= 0 && k < count, "index out of range")
      return value
    }
  }

  /// The one value of every entry, when the column is stored as one (nil for an array, even of
  /// equal values).
  public var repeatedValue: Element? {
    if case .repeated(let value, _) = storage { return value }
    return nil
  }

  /// The entries as an array (the stored one, when there is one).
  @usableFromInline var array: [Element] {
    switch storage {
    case .values(let values): values
    case .repeated(let value, let count): [Element](repeating: value, count: count)
    }
  }

  /// Adds `count` entries of `value`: still stored once when the column is empty or repeats
  /// `value`.
  ///
  /// Amortised constant time per entry: the array grows in place. (A `switch` over `storage`
  /// would keep its own reference to the array until the switch ends, so that every append
  /// copied the whole column.)
  @inlinable
  public mutating func append(_ value: Element, count: Int = 1) {
    if case .repeated(let x, let n) = storage {
      if x == value {
        storage = .repeated(x, count: n + count)
        return
      }
      storage = .values([Element](repeating: x, count: n))
    }
    if isEmpty {
      storage = .repeated(value, count: count)
      return
    }
    var values = array
    storage = .values([])  // the array uniquely referenced while it grows
    values.append(contentsOf: repeatElement(value, count: count))
    storage = .values(values)
  }

  /// Adds `values`, taking the array over when the column is empty.
  public mutating func append(contentsOf values: [Element]) {
    if isEmpty {
      storage = .values(values)
      return
    }
    var all = array
    storage = .values([])
    all.append(contentsOf: values)
    storage = .values(all)
  }

  /// Adds `values`.
  public mutating func append(contentsOf values: UnsafeBufferPointer<Element>) {
    var all = array
    storage = .values([])
    all.append(contentsOf: values)
    storage = .values(all)
  }
}

extension CompactColumn: Equatable {
  /// Equal entries, however they are stored.
  public static func == (lhs: Self, rhs: Self) -> Bool { lhs.elementsEqual(rhs) }
}
