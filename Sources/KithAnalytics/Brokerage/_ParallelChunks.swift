import Dispatch
import Foundation

/// Runs `body(chunk)` for every chunk in `0..<chunks`, concurrently on every core.
///
/// `body` is not `@Sendable`: the callers hand every chunk its own scratch memory and let it
/// write only a disjoint part of shared output, and they read nothing that another chunk
/// writes. That discipline, not the compiler, keeps this free of data races, so keep each use
/// small and say what each chunk owns.
func _forEachChunkConcurrently(_ chunks: Int, _ body: (Int) -> Void) {
  if chunks <= 1 {
    if chunks == 1 { body(0) }
    return
  }
  withoutActuallyEscaping(body) { escapable in
    let box = _UncheckedSendable(value: escapable)
    DispatchQueue.concurrentPerform(iterations: chunks) { box.value($0) }
  }
}

/// A value handed across the concurrent chunks of `_forEachChunkConcurrently`.
struct _UncheckedSendable<Value>: @unchecked Sendable {
  let value: Value
}

/// A pointer handed to concurrent chunks that each write a disjoint part of it.
struct _DisjointWrites<Element>: @unchecked Sendable {
  let base: UnsafeMutablePointer<Element>
}
