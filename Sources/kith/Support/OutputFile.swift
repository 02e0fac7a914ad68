import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A file written whole or not at all, with mode 0600 (it is personal data): the bytes go to a
/// temporary file beside `path`, which ``commit()`` renames over it. Until then `path` is
/// untouched; ``discard()`` removes the temporary file.
final class OutputFile {
  let path: String
  /// The open temporary file, for writers that take a descriptor (Graphviz's renderer).
  let descriptor: Int32
  private let temporary: String
  private var isOpen = true
  private var committed = false

  /// Creates the temporary file.
  ///
  /// - Throws: ``CLIError`` (exit 1) when it cannot be created, e.g. a missing folder.
  init(path: String) throws {
    self.path = path
    temporary = path + ".tmp-\(getpid())"
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else { throw Self.failure(path) }
    // A leftover file of the same name keeps its old mode through O_CREAT.
    _ = fchmod(descriptor, 0o600)
    self.descriptor = descriptor
  }

  /// Appends `bytes` to the temporary file.
  func write(_ bytes: UnsafeRawBufferPointer) throws {
    var offset = 0
    while offset < bytes.count {
      guard let base = bytes.baseAddress else { return }
      let written = systemWrite(descriptor, base + offset, bytes.count - offset)
      if written < 0 {
        if errno == EINTR { continue }
        throw Self.failure(path)
      }
      offset += written
    }
  }

  func write(_ bytes: [UInt8]) throws {
    try bytes.withUnsafeBytes { try write($0) }
  }

  /// Closes the temporary file and renames it to `path`.
  func commit() throws {
    isOpen = false
    guard close(descriptor) == 0 else { throw Self.failure(path) }
    guard rename(temporary, path) == 0 else { throw Self.failure(path) }
    committed = true
  }

  /// Removes the temporary file unless it was committed. Safe to call more than once.
  func discard() {
    if isOpen {
      isOpen = false
      close(descriptor)
    }
    if !committed {
      committed = true
      unlink(temporary)
    }
  }

  deinit { discard() }

  private static func failure(_ path: String) -> CLIError {
    CLIError(
      message: "cannot write \(path): \(String(cString: strerror(errno)))", code: ExitCodes.failure)
  }
}

/// The C library's `write`, which `OutputFile.write` hides inside the class.
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
  write(descriptor, bytes, count)
}

/// Writes `data` to `path` whole or not at all, with mode 0600 (see ``OutputFile``), or to
/// stdout when `path` is `nil` or `-`.
func writeOutput(_ data: Data, to path: String?) throws {
  guard let path, path != "-" else {
    FileHandle.standardOutput.write(data)
    return
  }
  let file = try OutputFile(path: path)
  defer { file.discard() }
  try data.withUnsafeBytes { try file.write($0) }
  try file.commit()
}

/// UTF-8 validation with a fast path for ASCII, eight bytes at a time: DOT files are mostly
/// ASCII, and the standard library's check costs about 9 instructions a byte.
enum UTF8Check {
  /// Whether `bytes` is well-formed UTF-8 (no overlong forms, surrogates or code points above
  /// U+10FFFF), as `String(validating:as:)` decides.
  ///
  /// - Complexity: O(*n*).
  static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let base = bytes.baseAddress else { return true }
    let count = bytes.count
    var i = 0
    while i < count {
      // ASCII, a word at a time.
      while i + 8 <= count,
        UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0
      {
        i += 8
      }
      guard i < count else { break }
      let lead = base[i]
      if lead < 0x80 {
        i += 1
        continue
      }
      // The range the second byte must fall in, and the sequence's length (Unicode 15, table 3-7).
      let length: Int
      var low: UInt8 = 0x80
      var high: UInt8 = 0xBF
      switch lead {
      case 0xC2...0xDF: length = 2
      case 0xE0: length = 3; low = 0xA0
      case 0xE1...0xEC, 0xEE...0xEF: length = 3
      case 0xED: length = 3; high = 0x9F
      case 0xF0: length = 4; low = 0x90
      case 0xF1...0xF3: length = 4
      case 0xF4: length = 4; high = 0x8F
      default: return false
      }
      guard i + length <= count, (low...high).contains(base[i + 1]) else { return false }
      for k in 2..<max(length, 2) where !(0x80...0xBF).contains(base[i + k]) {
        return false
      }
      i += length
    }
    return true
  }
}
