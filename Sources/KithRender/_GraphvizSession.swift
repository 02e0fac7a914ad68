import CGraphviz
import Foundation

/// The one gate to Graphviz: a process-wide lock and the capture of Graphviz's messages.
///
/// Graphviz keeps global state (the DOT parser, the error channel, the attribute
/// prototypes) and is not thread-safe, even with one context per thread: every call into
/// libgvc/libcgraph must happen inside ``withLock(_:)``. Swift Testing runs tests in parallel
/// in one process, so without this gate the tests crash.
final class _GraphvizSession: @unchecked Sendable {
  static let shared = _GraphvizSession()

  private let lock = NSLock()

  /// The text Graphviz reported through `agseterrf` during the current locked section.
  /// Touched only with `lock` held: the callback runs inside a Graphviz call, on the thread
  /// that holds the lock.
  private var captured = ""

  /// A cap on captured text, so that a flood of warnings cannot grow it without bound.
  private static let captureLimit = 64 * 1024

  private init() {}

  /// Runs `body` with the Graphviz lock held and Graphviz's messages redirected into a
  /// buffer (read them with ``failure(in:default:)``); the previous error function is restored
  /// afterwards.
  ///
  /// Not reentrant: `body` must not call `withLock` again.
  func withLock<Result>(_ body: () throws -> Result) rethrows -> Result {
    lock.lock()
    defer { lock.unlock() }
    discardMessages()
    let previous = agseterrf(captureGraphvizMessage)
    defer { _ = agseterrf(previous) }
    return try body()
  }

  /// Forgets what Graphviz reported so far in this locked section.
  func discardMessages() {
    captured = ""
    _ = agreseterrors()
  }

  /// Appends one piece of a Graphviz message. Messages arrive in pieces ("Error", ": ",
  /// the text), so pieces are concatenated as they come.
  fileprivate func capture(_ piece: UnsafePointer<CChar>) {
    guard captured.utf8.count < Self.captureLimit else { return }
    captured += String(cString: piece)
  }

  /// The error for a failed call to `function`, carrying what Graphviz reported since the
  /// lock was taken, or `fallback` when it reported nothing. Call only inside `withLock`.
  func failure(in function: String, default fallback: String) -> RenderError {
    let said = RenderError.oneLine(captured)
    return RenderError(function: function, message: said.isEmpty ? fallback : said)
  }
}

/// Graphviz's error function (`agusererrf`): collects messages instead of printing them.
private let captureGraphvizMessage: agusererrf = { piece in
  if let piece {
    _GraphvizSession.shared.capture(piece)
  }
  return 0
}
