import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What a piece of code wrote to the process's standard output and standard error.
struct CapturedOutput<Value> {
  var value: Value
  /// Everything written to file descriptors 1 and 2 meanwhile, by any thread.
  var text: String
}

/// Runs `body` with file descriptors 1 and 2 redirected into a temporary file, and returns
/// what was written there. Other tests run in parallel, so the text may include their output:
/// check for specific content, not for emptiness. The captured text is written back to
/// standard error afterwards, so nobody's output is lost.
func capturingOutput<Value>(_ body: () throws -> Value) throws -> CapturedOutput<Value> {
  let path = FileManager.default.temporaryDirectory
    .appendingPathComponent("kith-render-capture-\(UUID().uuidString)").path
  let file = open(path, O_RDWR | O_CREAT | O_TRUNC, 0o600)
  guard file >= 0 else { throw CaptureFailed() }
  defer {
    close(file)
    unlink(path)
  }
  fflush(nil)  // all C streams; naming stdout/stderr is shared mutable state to Swift 6
  let savedOut = dup(1)
  let savedErr = dup(2)
  guard savedOut >= 0, savedErr >= 0 else { throw CaptureFailed() }
  dup2(file, 1)
  dup2(file, 2)
  let value: Value
  do {
    defer {
      fflush(nil)
      dup2(savedOut, 1)
      dup2(savedErr, 2)
      close(savedOut)
      close(savedErr)
    }
    value = try body()
  }
  let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
  FileHandle.standardError.write(Data(text.utf8))
  return CapturedOutput(value: value, text: text)
}

struct CaptureFailed: Error {}
