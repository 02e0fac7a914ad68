import Dispatch

/// A value computed on another thread (or on this one, `inline`), for a caller with other work
/// to do meanwhile.
final class _Background<Value>: @unchecked Sendable {
  private let group = DispatchGroup()
  // Written by the work before `group` is left; read after waiting for it.
  private var result: Value? = nil

  init(inline: Bool = false, _ work: @escaping @Sendable () -> Value) {
    if inline {
      result = work()
      return
    }
    group.enter()
    DispatchQueue.global(qos: .userInitiated).async { [self] in
      result = work()
      group.leave()
    }
  }

  /// The value, once computed.
  func value() -> Value {
    group.wait()
    guard let result else { preconditionFailure("the work ended without a value") }
    return result
  }
}
