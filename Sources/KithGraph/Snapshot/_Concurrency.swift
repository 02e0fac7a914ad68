import Dispatch
import Foundation

/// Runs `body(chunk)` for every chunk in `0..<chunks`, concurrently when there are several.
///
/// `body` is not `@Sendable`: each caller hands every chunk a disjoint part of the output to
/// write and lets no chunk read what another writes. That discipline, not the compiler, keeps
/// this free of data races, so keep each use small and say what each chunk owns.
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

/// How many chunks to split `count` items of bulk work into: one per active core, but one
/// in all below `minimum` items, where starting threads costs more than it saves.
func _chunkCount(_ count: Int, minimum: Int = 1 << 18) -> Int {
  count < minimum ? 1 : max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
}

/// A value handed across the concurrent chunks of `_forEachChunkConcurrently`.
struct _UncheckedSendable<Value>: @unchecked Sendable {
  let value: Value
}
