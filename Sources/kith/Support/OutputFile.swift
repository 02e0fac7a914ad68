import Foundation
import KithStore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A file written whole or not at all, with mode 0600 (it is personal data): the bytes go to a
/// temporary file beside `path`, which ``commit()`` renames over it. Until then `path` is
/// untouched; ``discard()`` removes the temporary file.
///
/// A `path` that exists and is not a regular file (a character device such as `/dev/null` or
/// `/dev/stdout`, a FIFO) is written directly instead: renaming over it would replace the device
/// with a regular file. A symbolic link to a regular file is replaced at its target, so the link
/// stays. Writing over the database in use (or its -wal and -shm files) is refused.
final class OutputFile {
  let path: String
  /// The open file, for writers that take a descriptor (Graphviz's renderer).
  let descriptor: Int32
  /// The temporary file renamed over the target by ``commit()``; nil when writing directly.
  private let temporary: String?
  /// The file the temporary one replaces (`path`, or the target of its symbolic link).
  private let target: String
  private var isOpen = true
  private var committed = false

  /// Creates the temporary file (or opens a special file).
  ///
  /// - Throws: ``CLIError`` (exit 64) when `path` is the database in use or one of its files;
  ///   (exit 1) when the file cannot be created, e.g. a missing folder.
  init(path: String) throws {
    self.path = path
    try OpenDatabases.refuseOverwriting(path)
    var info = stat()
    if stat(path, &info) == 0, info.st_mode & S_IFMT != S_IFREG, info.st_mode & S_IFMT != S_IFDIR {
      let descriptor = open(path, O_WRONLY | O_CLOEXEC)
      guard descriptor >= 0 else { throw Self.failure(path) }
      self.descriptor = descriptor
      temporary = nil
      target = path
      return
    }
    target = OpenDatabases.resolvedLink(path)
    let temporary = target + ".tmp-\(getpid())"
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else { throw Self.failure(path) }
    // A leftover file of the same name keeps its old mode through O_CREAT.
    _ = fchmod(descriptor, 0o600)
    self.descriptor = descriptor
    self.temporary = temporary
  }

  /// Appends `bytes` to the file.
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

  /// Closes the file and renames the temporary file to `path`.
  func commit() throws {
    isOpen = false
    guard close(descriptor) == 0 else { throw Self.failure(path) }
    if let temporary {
      guard rename(temporary, target) == 0 else { throw Self.failure(path) }
    }
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
      if let temporary { unlink(temporary) }
    }
  }

  deinit { discard() }

  private static func failure(_ path: String) -> CLIError {
    CLIError(
      message: "cannot write \(path): \(String(cString: strerror(errno)))", code: ExitCodes.failure)
  }
}

/// The databases this process opened, which no output file may overwrite: `kith export json
/// -o kith.sqlite` would otherwise replace the database it reads with its own backup.
enum OpenDatabases {
  private static let lock = NSLock()
  nonisolated(unsafe) private static var paths: [String] = []

  /// Records `path` as a database in use.
  static func insert(_ path: String) {
    lock.withLock { paths.append(path) }
  }

  /// Throws a usage error if `output` is (or will be, once written) a database in use, or its
  /// -wal or -shm file: the same file (device and inode), or the same resolved path.
  static func refuseOverwriting(_ output: String) throws {
    let outputFile = fileIdentity(output)
    let outputPath = resolved(output)
    for database in lock.withLock({ paths }) {
      for suffix in ["", "-wal", "-shm"] {
        let file = database + suffix
        let sameFile = outputFile != nil && outputFile == fileIdentity(file)
        if sameFile || outputPath == resolved(file) {
          let what =
            suffix.isEmpty ? "the database in use" : "the \(suffix) file of the database in use"
          throw CLIError.usage("\(output) is \(what) (\(database)); write to another file")
        }
      }
    }
  }

  /// The device and inode of the file at `path` (following links), nil if there is none.
  private static func fileIdentity(_ path: String) -> [UInt64]? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    return [UInt64(info.st_dev), UInt64(info.st_ino)]
  }

  /// `path` with its links followed and its folder made absolute; the last component is kept
  /// as is when it does not exist yet.
  private static func resolved(_ path: String) -> String {
    let target = resolvedLink(path)
    let folder = KithStore.folder(of: target)
    let name = (target as NSString).lastPathComponent
    guard let real = realpath(folder.isEmpty ? "." : folder, nil) else { return target }
    defer { free(real) }
    return (String(cString: real) as NSString).appendingPathComponent(name)
  }

  /// Where a symbolic link at `path` ends, or `path` itself when it is not a link (or a
  /// dangling one).
  static func resolvedLink(_ path: String) -> String {
    var info = stat()
    guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFLNK,
      let real = realpath(path, nil)
    else { return path }
    defer { free(real) }
    return String(cString: real)
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
    try StandardOutput.write(data)
    return
  }
  let file = try OutputFile(path: path)
  defer { file.discard() }
  try data.withUnsafeBytes { try file.write($0) }
  try file.commit()
}

/// Standard output, whose write errors are reported: a full disk or a closed terminal would
/// otherwise lose the output with exit status 0 (or crash, through `FileHandle.write`).
enum StandardOutput {
  /// Writes `data` after what `print` has buffered.
  ///
  /// - Throws: ``CLIError`` (exit 1) when the write fails.
  static func write(_ data: Data) throws {
    try finish()
    try data.withUnsafeBytes { bytes in
      var offset = 0
      while offset < bytes.count, let base = bytes.baseAddress {
        let written = systemWrite(STDOUT_FILENO, base + offset, bytes.count - offset)
        if written < 0 {
          if errno == EINTR { continue }
          throw failure(errno)
        }
        offset += written
      }
    }
  }

  /// Flushes what `print` has buffered (the C library keeps what a failed write could not
  /// write, so a failure since the start fails this flush again).
  ///
  /// - Throws: ``CLIError`` (exit 1) when the write fails.
  static func finish() throws {
    errno = 0
    // All streams: stdout itself is a C global that Swift 6 does not let us name.
    if fflush(nil) != 0 {
      throw failure(errno)
    }
  }

  /// The error for a failed write; a reader that went away (`kith ties | head -1`) ends the
  /// command quietly instead, as a closed pipe ends other commands.
  private static func failure(_ code: Int32) -> CLIError {
    if code == EPIPE { exit(ExitCodes.failure) }
    let reason = code == 0 ? "" : ": \(String(cString: strerror(code)))"
    return CLIError(message: "cannot write to standard output\(reason)", code: ExitCodes.failure)
  }
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

/// A new private folder (mode 0700) in the system's temporary folder, for files a command
/// needs only while it runs; ``remove()`` deletes it with its contents.
struct TemporaryFolder {
  let path: String

  /// - Throws: ``CLIError`` (exit 1) when the folder cannot be created.
  init() throws {
    var template = Array(
      (NSTemporaryDirectory() as NSString).appendingPathComponent("kith-XXXXXX").utf8CString)
    let made = template.withUnsafeMutableBufferPointer { buffer -> String? in
      guard let base = buffer.baseAddress, let folder = mkdtemp(base) else { return nil }
      return String(cString: folder)
    }
    guard let made else {
      throw CLIError(
        message: "cannot create a temporary folder: \(String(cString: strerror(errno)))",
        code: ExitCodes.failure)
    }
    path = made
  }

  func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

  func remove() { try? FileManager.default.removeItem(atPath: path) }
}
