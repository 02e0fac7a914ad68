import Foundation

/// What one run of the `kith` binary produced.
public struct KithRun: Sendable, CustomStringConvertible {
  public var stdout: String
  public var stderr: String
  public var status: Int32

  public init(stdout: String, stderr: String, status: Int32) {
    self.stdout = stdout
    self.stderr = stderr
    self.status = status
  }

  /// The lines of stdout, without the final empty one.
  public var stdoutLines: [String] { Self.lines(stdout) }
  /// The lines of stderr, without the final empty one.
  public var stderrLines: [String] { Self.lines(stderr) }

  static func lines(_ text: String) -> [String] {
    var lines = text.components(separatedBy: "\n")
    if lines.last == "" { lines.removeLast() }
    return lines
  }

  /// A summary for test failure messages.
  public var description: String {
    "exit \(status)\n--- stdout ---\n\(stdout)--- stderr ---\n\(stderr)"
  }
}

/// Why `runKith` could not run the binary at all.
public struct KithProcessError: Error, Sendable, CustomStringConvertible {
  public var message: String
  public var description: String { message }
}

/// The built `kith` binary: a sibling of the running test executable (SwiftPM puts test bundles
/// and products in the same build folder), else `.build/debug/kith` under the package root.
public func kithExecutableURL() throws -> URL {
  for candidate in kithExecutableCandidates() {
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory),
      !isDirectory.boolValue, FileManager.default.isExecutableFile(atPath: candidate.path)
    {
      return candidate
    }
  }
  let tried = kithExecutableCandidates().map(\.path).joined(separator: ", ")
  throw KithProcessError(
    message: "cannot find the built kith binary (tried \(tried)); run `swift build` first")
}

func kithExecutableCandidates() -> [URL] {
  var candidates: [URL] = []
  var executables: [URL] = []
  if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
    executables.append(URL(fileURLWithPath: resolved))
  }
  if let first = CommandLine.arguments.first, !first.isEmpty {
    executables.append(URL(fileURLWithPath: first).resolvingSymlinksInPath())
  }
  if let main = Bundle.main.executableURL { executables.append(main) }
  for executable in executables {
    var directory = executable.deletingLastPathComponent()
    // macOS: the test bundle's binary sits in Foo.xctest/Contents/MacOS/; walk up to the
    // build folder that holds the bundle.
    for _ in 0..<4 {
      candidates.append(directory.appendingPathComponent("kith"))
      directory.deleteLastPathComponent()
    }
  }
  let root = kithPackageRoot()
  candidates.append(root.appendingPathComponent(".build/debug/kith"))
  return candidates
}

/// The package root: three folders above this file (Sources/KithTestSupport/KithProcess.swift).
public func kithPackageRoot() -> URL {
  URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()  // KithTestSupport
    .deletingLastPathComponent()  // Sources
    .deletingLastPathComponent()  // the package
}

/// Runs the built `kith` binary and waits for it to finish.
///
/// The child gets a clean environment: `PATH`, `HOME` set to a new temporary folder (removed
/// afterwards), `TZ=UTC`, the given `environment`, and `KITH_DB=db` when `db` is given; so that the
/// user's own database can never be touched. Its stdin is `stdin`, or empty. A `launcher`
/// (a program's full path and its arguments, e.g. `setpriv` and the privileges to drop) runs
/// the binary, whose path is its last argument.
/// - Throws: `KithProcessError` when the binary cannot be found or started.
public func runKith(
  _ arguments: [String], environment: [String: String] = [:], db: String? = nil,
  stdin: String? = nil, launcher: [String] = []
) throws -> KithRun {
  try startKith(arguments, environment: environment, db: db, stdin: stdin, launcher: launcher)
    .wait()
}

/// Starts the built `kith` binary without waiting, so that several can run at once; call
/// `wait()` on the result. Same environment rules as `runKith`.
public func startKith(
  _ arguments: [String], environment: [String: String] = [:], db: String? = nil,
  stdin: String? = nil, launcher: [String] = []
) throws -> RunningKith {
  let kith = try kithExecutableURL()
  guard let program = launcher.first else {
    return try RunningKith(
      executable: kith, arguments: arguments, environment: environment, db: db, stdin: stdin)
  }
  return try RunningKith(
    executable: URL(fileURLWithPath: program),
    arguments: launcher.dropFirst() + [kith.path] + arguments, environment: environment, db: db,
    stdin: stdin)
}

/// A `kith` process that was started; `wait()` collects its output.
///
/// Output goes to files rather than pipes, so that a chatty child can never block on a full
/// pipe while the test waits for it to exit.
public final class RunningKith {
  let process = Process()
  let home: String
  let stdoutPath: String
  let stderrPath: String
  let stdoutHandle: FileHandle
  let stderrHandle: FileHandle

  init(
    executable: URL, arguments: [String], environment: [String: String], db: String?,
    stdin: String?
  ) throws {
    let fm = FileManager.default
    home = (fm.temporaryDirectory.path as NSString).appendingPathComponent(
      "kith-home-\(UUID().uuidString)")
    do {
      try fm.createDirectory(
        atPath: home, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    } catch {
      throw KithProcessError(message: "cannot create a temporary HOME: \(error)")
    }
    stdoutPath = (home as NSString).appendingPathComponent(".stdout")
    stderrPath = (home as NSString).appendingPathComponent(".stderr")
    guard fm.createFile(atPath: stdoutPath, contents: nil),
      fm.createFile(atPath: stderrPath, contents: nil),
      let out = FileHandle(forWritingAtPath: stdoutPath),
      let err = FileHandle(forWritingAtPath: stderrPath)
    else {
      try? fm.removeItem(atPath: home)
      throw KithProcessError(message: "cannot create output files in \(home)")
    }
    stdoutHandle = out
    stderrHandle = err

    var env: [String: String] = [
      "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin",
      "HOME": home,
      // Days are counted in the zone TZ names: UTC unless a test says otherwise, whatever the
      // machine's zone.
      "TZ": "UTC",
    ]
    env.merge(environment) { _, new in new }
    if let db { env["KITH_DB"] = db }

    process.executableURL = executable
    process.arguments = arguments
    process.environment = env
    process.currentDirectoryURL = URL(fileURLWithPath: home)
    process.standardOutput = out
    process.standardError = err
    let input = Pipe()
    process.standardInput = stdin == nil ? FileHandle.nullDevice : input
    do {
      try process.run()
    } catch {
      try? out.close()
      try? err.close()
      try? fm.removeItem(atPath: home)
      throw KithProcessError(message: "cannot run \(executable.path): \(error)")
    }
    if let stdin {
      input.fileHandleForWriting.write(Data(stdin.utf8))
      try? input.fileHandleForWriting.close()
    }
  }

  /// Waits for the process to exit and returns what it wrote; removes its temporary HOME.
  /// - Parameter timeout: seconds after which the process is killed and this throws, so that a
  ///   hung `kith` fails its test instead of hanging the whole run.
  public func wait(timeout: TimeInterval = 300) throws -> KithRun {
    let deadline = Date(timeIntervalSinceNow: timeout)
    var pause: useconds_t = 500
    while process.isRunning && Date() < deadline {
      usleep(pause)
      pause = min(pause * 2, 20_000)
    }
    if process.isRunning {
      process.terminate()
      process.waitUntilExit()
      try? stdoutHandle.close()
      try? stderrHandle.close()
      let err = FileManager.default.contents(atPath: stderrPath) ?? Data()
      try? FileManager.default.removeItem(atPath: home)
      let command = (process.arguments ?? []).joined(separator: " ")
      let stderr = String(decoding: err, as: UTF8.self)
      throw KithProcessError(
        message: "kith \(command) did not finish in \(Int(timeout)) s; stderr: \(stderr)")
    }
    process.waitUntilExit()
    try? stdoutHandle.close()
    try? stderrHandle.close()
    defer { try? FileManager.default.removeItem(atPath: home) }
    let out = FileManager.default.contents(atPath: stdoutPath) ?? Data()
    let err = FileManager.default.contents(atPath: stderrPath) ?? Data()
    return KithRun(
      stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self),
      status: process.terminationStatus)
  }
}
