import CGraphviz

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Lays out and draws DOT text in-process through libgvc (no `dot` executable needed).
///
/// Every call takes one process-wide lock, because Graphviz is not thread-safe: renders from
/// many threads or tasks are safe but run one at a time, and a slow layout delays every other
/// render. A render cannot be cancelled or given a time limit in-process; run it in a child
/// process for that.
///
/// Graphviz's messages are captured and never printed: a failure throws a ``RenderError``
/// carrying them. (One exception: when a PNG would exceed cairo's bitmap size, the pango
/// plugin prints "graph is too large for cairo-renderer bitmaps. Scaling by … to fit" straight
/// to standard error, bypassing Graphviz's error channel, and the render still succeeds.)
///
/// Plugins are loaded from the Graphviz plugin folder by hand, so rendering works whether or
/// not libgvc's plugin configuration file (`config6a`) exists; see `_GraphvizPlugins`.
public enum GraphvizRenderer {
  /// Lays out `dot` with `engine` and renders it as `format`.
  ///
  /// Long strings are fine: a quoted string of 40,000 bytes parses and renders. (Graphviz's
  /// syntax error for an unterminated string asks "longer than 16384?", but the parser has no
  /// such limit.)
  ///
  /// - Parameters:
  ///   - dot: a DOT graph, as written by `DOTGraph.render()` or by hand. Only the first graph
  ///     in the text is used.
  ///   - engine: the layout engine.
  ///   - format: the output format.
  /// - Returns: the rendered bytes (UTF-8 text for `.svg` and `.dot`).
  /// - Throws: ``RenderError`` when the text is empty, holds a NUL byte or is not valid DOT
  ///   (`agmemread`), when the layout fails (`gvLayout`) or when the format cannot be
  ///   produced (`gvRender`).
  /// - Complexity: that of the layout engine (see ``GraphvizEngine``), plus O(*s*) to parse
  ///   and O(*r*) to copy the output, where *s* is the length of `dot` and *r* that of the
  ///   result; waits for any render already in progress.
  public static func render(dot: String, engine: GraphvizEngine, format: RenderFormat)
    throws -> [UInt8]
  {
    try render(dot: dot, engine: engine, format: format, plugins: .automatic)
  }

  /// Parses `dot` with Graphviz's own parser and counts what it found, without laying it out.
  ///
  /// Useful to check that written DOT reads back as intended.
  ///
  /// - Parameter dot: a DOT graph; only the first graph in the text is read.
  /// - Returns: the node and edge counts and the direction Graphviz parsed.
  /// - Throws: ``RenderError`` from `agmemread` when the text is empty, holds a NUL byte or is
  ///   not valid DOT.
  /// - Complexity: O(*s* + *n* + *m*), where *s* is the length of `dot`, *n* the nodes and
  ///   *m* the edges; waits for any render in progress.
  public static func parseCounts(dot: String) throws -> DOTGraphCounts {
    try _GraphvizSession.shared.withLock {
      let graph = try readGraph(.text(dot))
      defer { agclose(graph) }
      return DOTGraphCounts(
        nodes: Int(agnnodes(graph)), edges: Int(agnedges(graph)),
        directed: agisdirected(graph) != 0)
    }
  }

  /// Where a render's Graphviz context gets its plugins.
  enum PluginSource {
    /// The hand-built table (see `_GraphvizPlugins`), else `gvContext()` if none was found.
    case automatic
    /// `gvContext()` only: the plugin configuration file. For tests comparing the two.
    case configurationFile
  }

  /// What ``render(dot:format:freeingGraph:choosing:)`` did: Graphviz's count of the graph,
  /// the engine chosen for it, and what it rendered — `nil` for the engine, the bytes and
  /// their count when the choice was not to render.
  public struct Rendering: Sendable {
    public let counts: DOTGraphCounts
    public let engine: GraphvizEngine?
    /// The rendered bytes, when rendered to ``RenderDestination/memory``.
    public let bytes: [UInt8]?
    /// How many bytes were rendered, wherever they went.
    public let byteCount: Int?
  }

  /// Where the DOT to render comes from.
  public enum DOTSource: Sendable {
    /// DOT text in memory, parsed with `agmemread`. A NUL byte in it is an error.
    case text(String)
    /// A DOT file, read as Graphviz's own commands read their input (`agread` on the open
    /// file), without loading it into memory first. Its content is not checked beyond what
    /// Graphviz's parser checks: a caller that promises an error for NUL bytes or invalid
    /// UTF-8 checks the file itself (`kith render --dot` does).
    case file(path: String)
  }

  /// Where the rendered output goes.
  public enum RenderDestination: Sendable {
    /// Kept in memory and returned in ``Rendering/bytes``.
    case memory
    /// Written through an open file descriptor, as Graphviz's commands write their output
    /// file: no copy is kept in memory. Rendering writes through a duplicate of the descriptor
    /// and leaves it open; the caller closes it. After a failure, part of the output may have
    /// been written.
    case fileDescriptor(Int32)
  }

  /// Parses `dot` once, lets `choose` pick the engine from Graphviz's own count of the graph,
  /// and renders it — or stops after counting when `choose` returns `nil`.
  ///
  /// One parse instead of ``parseCounts(dot:)`` followed by ``render(dot:engine:format:)``:
  /// on a 5,000-person picture the second parse costs about as much as writing the SVG.
  ///
  /// - Parameters:
  ///   - dot: a DOT graph; only the first graph in the text is used.
  ///   - format: the output format.
  ///   - choose: called once, inside the Graphviz lock, with the parsed graph's counts; must
  ///     not call into ``GraphvizRenderer``.
  ///   - freeingGraph: `false` leaves the parsed and laid-out graph allocated, as Graphviz's own
  ///     commands do with their last graph: for a process that exits after this render, freeing
  ///     a large graph object by object is wasted work (about 1% of a 5,000-person sfdp render).
  ///     Every other caller keeps the default.
  /// - Returns: the counts, the chosen engine and the rendered bytes (both `nil` when `choose`
  ///   returned `nil`).
  /// - Throws: ``RenderError`` as ``render(dot:engine:format:)`` does, and whatever `choose`
  ///   throws.
  /// - Complexity: that of ``render(dot:engine:format:)``; waits for any render in progress.
  public static func render(
    dot: String, format: RenderFormat, freeingGraph: Bool = true,
    choosing choose: (DOTGraphCounts) throws -> GraphvizEngine?
  ) throws -> Rendering {
    try render(
      .text(dot), format: format, to: .memory, freeingGraph: freeingGraph, choosing: choose)
  }

  /// ``render(dot:format:freeingGraph:choosing:)`` from a DOT text or file, into memory or a
  /// file.
  ///
  /// Reading a file and writing to a descriptor is how Graphviz's own commands work, and it
  /// costs the same: no copy of the input or the output is made in memory. (From memory,
  /// Graphviz's parser reads its input through a slower channel, and a memory stream grows
  /// and copies the output; at 5,000 people the two cost about 0.3% of the render.)
  ///
  /// - Parameters:
  ///   - source: the DOT text or file; only its first graph is used.
  ///   - format: the output format.
  ///   - destination: memory (the result's `bytes`) or an open file descriptor.
  ///   - freeingGraph: as in ``render(dot:format:freeingGraph:choosing:)``.
  ///   - choose: called once, inside the Graphviz lock, with the parsed graph's counts; must
  ///     not call into ``GraphvizRenderer``.
  /// - Returns: the counts, the chosen engine, the bytes (for `.memory`) and their count (all
  ///   `nil` but the counts when `choose` returned `nil`).
  /// - Throws: ``RenderError`` as ``render(dot:engine:format:)`` does; from `fopen` when the
  ///   file cannot be opened; from `write` when the output cannot be written (a full disk).
  /// - Complexity: that of ``render(dot:engine:format:)``; waits for any render in progress.
  public static func render(
    _ source: DOTSource, format: RenderFormat, to destination: RenderDestination,
    freeingGraph: Bool = true, choosing choose: (DOTGraphCounts) throws -> GraphvizEngine?
  ) throws -> Rendering {
    let session = _GraphvizSession.shared
    return try session.withLock {
      // The context first: creating it sets attribute defaults (a node's label is its name)
      // that a graph parsed before it would lack.
      let context = try makeContext(.automatic)
      defer { _ = gvFreeContext(context) }
      let graph = try readGraph(source)
      defer { if freeingGraph { agclose(graph) } }
      let counts = DOTGraphCounts(
        nodes: Int(agnnodes(graph)), edges: Int(agnedges(graph)),
        directed: agisdirected(graph) != 0)
      guard let engine = try choose(counts) else {
        return Rendering(counts: counts, engine: nil, bytes: nil, byteCount: nil)
      }
      let (bytes, count) = try layOutAndRender(
        graph, in: context, engine: engine, format: format, to: destination,
        freeingLayout: freeingGraph)
      return Rendering(counts: counts, engine: engine, bytes: bytes, byteCount: count)
    }
  }

  /// ``render(dot:engine:format:)`` with a choice of plugin source.
  static func render(
    dot: String, engine: GraphvizEngine, format: RenderFormat, plugins: PluginSource
  ) throws -> [UInt8] {
    try _GraphvizSession.shared.withLock {
      let context = try makeContext(plugins)
      defer { _ = gvFreeContext(context) }
      let graph = try readGraph(.text(dot))
      defer { agclose(graph) }
      return try layOutAndRender(graph, in: context, engine: engine, format: format, to: .memory)
        .bytes ?? []
    }
  }

  /// Lays out a parsed graph with `engine` and renders it as `format` to `destination`. Call
  /// only inside the lock.
  ///
  /// - Returns: the bytes (`nil` unless rendered to memory) and their count.
  private static func layOutAndRender(
    _ graph: UnsafeMutablePointer<Agraph_t>, in context: OpaquePointer,
    engine: GraphvizEngine, format: RenderFormat, to destination: RenderDestination,
    freeingLayout: Bool = true
  ) throws -> (bytes: [UInt8]?, count: Int) {
    let session = _GraphvizSession.shared
    resetRandomState()
    let laidOut = gvLayout(context, graph, engine.rawValue)
    // Safe even after a failed or partial layout: it frees only what the layout attached.
    defer { if freeingLayout { _ = gvFreeLayout(context, graph) } }
    guard laidOut == 0 else {
      throw session.failure(in: "gvLayout", default: "layout with \(engine.rawValue) failed")
        .adding(pluginHint)
    }
    switch destination {
    case .memory:
      return try renderToMemory(graph, in: context, format: format)
    case .fileDescriptor(let descriptor):
      return (nil, try render(graph, in: context, format: format, toDescriptor: descriptor))
    }
  }

  /// Renders a laid-out graph into memory. Call only inside the lock.
  private static func renderToMemory(
    _ graph: UnsafeMutablePointer<Agraph_t>, in context: OpaquePointer, format: RenderFormat
  ) throws -> (bytes: [UInt8]?, count: Int) {
    // Into a memory stream rather than `gvRenderData`: that one grows its buffer in small steps,
    // copying everything written so far on each growth — about 150 MB of copies for a
    // 6 MB SVG, which made in-process rendering slower than Graphviz's own command. A memory
    // stream grows geometrically. `open_memstream` keeps the two addresses until `fclose`, so
    // they live on the heap.
    let buffer = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: 1)
    let size = UnsafeMutablePointer<Int>.allocate(capacity: 1)
    buffer.initialize(to: nil)
    size.initialize(to: 0)
    defer {
      free(buffer.pointee)
      buffer.deallocate()
      size.deallocate()
    }
    guard let stream = open_memstream(buffer, size) else {
      throw RenderError(
        function: "open_memstream", message: "no memory for the rendered \(format.rawValue)")
    }
    let rendered = gvRender(context, graph, format.rawValue, stream)
    let closed = fclose(stream)
    guard rendered == 0 else {
      throw _GraphvizSession.shared.failure(
        in: "gvRender", default: "rendering as \(format.rawValue) failed"
      ).adding(pluginHint)
    }
    guard closed == 0, let data = buffer.pointee else {
      throw RenderError(
        function: "open_memstream", message: "no memory for the rendered \(format.rawValue)")
    }
    let bytes = data.withMemoryRebound(to: UInt8.self, capacity: size.pointee) {
      Array(UnsafeBufferPointer(start: $0, count: size.pointee))
    }
    return (bytes, bytes.count)
  }

  /// Renders a laid-out graph through a duplicate of `descriptor`, buffered as Graphviz's
  /// commands write their output file. Call only inside the lock.
  ///
  /// - Returns: the number of bytes written.
  private static func render(
    _ graph: UnsafeMutablePointer<Agraph_t>, in context: OpaquePointer, format: RenderFormat,
    toDescriptor descriptor: Int32
  ) throws -> Int {
    func writeFailure() -> RenderError {
      RenderError(
        function: "write",
        message: "cannot write the rendered \(format.rawValue): \(String(cString: strerror(errno)))"
      )
    }
    let copy = dup(descriptor)
    guard copy >= 0 else { throw writeFailure() }
    guard let stream = fdopen(copy, "w") else {
      let failure = writeFailure()
      close(copy)
      throw failure
    }
    let start = ftello(stream)
    let rendered = gvRender(context, graph, format.rawValue, stream)
    let flushed = fflush(stream)
    let end = ftello(stream)
    let flushFailure = flushed == 0 ? nil : writeFailure()
    let closed = fclose(stream)
    guard rendered == 0 else {
      throw _GraphvizSession.shared.failure(
        in: "gvRender", default: "rendering as \(format.rawValue) failed"
      ).adding(pluginHint)
    }
    if let flushFailure { throw flushFailure }
    guard closed == 0 else { throw writeFailure() }
    // A pipe or terminal has no position: the count is then unknown, reported as 0.
    return start >= 0 && end >= start ? Int(end - start) : 0
  }

  /// Puts the C library's random generators back in their state at process start before a
  /// layout.
  ///
  /// sfdp draws from them and leaves them changed: without this, the first sfdp layout in a
  /// process matched Graphviz's command and every later one came out different (the report's
  /// picture and `network.svg`, drawn by one `kith demo`, differed). With it, every render
  /// of the same DOT is the command's. Nothing in Kith uses these generators. (fdp still
  /// varies between renders in one process, from state this does not reach.)
  private static func resetRandomState() {
    var start: [UInt16] = [0, 0, 0]  // drand48's state before anything seeds it
    start.withUnsafeMutableBufferPointer { buffer in
      if let base = buffer.baseAddress { _ = seed48(base) }
    }
    srand(1)  // rand()'s state at start, per the C standard
  }

  /// Parses the first graph of `source`. Call only inside the lock; the caller must `agclose`
  /// the result.
  private static func readGraph(_ source: DOTSource) throws -> UnsafeMutablePointer<Agraph_t> {
    switch source {
    case .text(let dot): return try readGraph(text: dot)
    case .file(let path): return try readGraph(file: path)
    }
  }

  /// Parses the first graph of the file at `path`, as Graphviz's commands read their input.
  private static func readGraph(file path: String) throws -> UnsafeMutablePointer<Agraph_t> {
    guard let file = fopen(path, "r") else {
      throw RenderError(
        function: "fopen", message: "cannot read \(path): \(String(cString: strerror(errno)))")
    }
    defer { fclose(file) }
    resetParser()
    guard let graph = agread(UnsafeMutableRawPointer(file), nil) else {
      throw _GraphvizSession.shared.failure(
        in: "agread", default: "the file holds no graph (only whitespace or comments)")
    }
    return graph
  }

  /// Parses the first graph in `dot`.
  private static func readGraph(text dot: String) throws -> UnsafeMutablePointer<Agraph_t> {
    // A C string ends at the first NUL: reject it rather than parse a silently cut text.
    let hasNUL =
      dot.utf8.withContiguousStorageIfAvailable { bytes in
        bytes.baseAddress.map { memchr($0, 0, bytes.count) != nil } ?? false
      } ?? dot.utf8.contains(0)
    guard !hasNUL else {
      throw RenderError(function: "agmemread", message: "the DOT text contains a NUL byte")
    }
    resetParser()
    guard let graph = agmemread(dot) else {
      // Empty input, or only whitespace and comments, fails without a message.
      throw _GraphvizSession.shared.failure(
        in: "agmemread", default: "the text holds no graph (only whitespace or comments)")
    }
    return graph
  }

  /// Brings Graphviz's DOT scanner back to a clean state before a parse.
  ///
  /// The scanner is global and `agmemread` does not reset it. It reads its input a line at a
  /// time, so whatever follows the first graph on the line where that graph ends stays in the
  /// scanner's buffer and is read at the start of the *next* `agmemread`, whatever its text:
  /// after `digraph A {a} digraph B {b}`, parsing `digraph X {x}` returns B. Worse, if that
  /// rest opens a string, comment or HTML label (`digraph A {a} "x`), the scanner stays inside
  /// it and every later parse fails silently. Also, a leftover line break shifts the line
  /// numbers of the next syntax error.
  ///
  /// So: read the leftovers away (`agmemread("")` until it returns no graph), check with a
  /// tiny graph that parsing works, and if it does not, feed the closers of a string, a
  /// comment and nested HTML labels in turn, checking after each. Messages from this are
  /// discarded.
  ///
  /// - Complexity: O(1) when the scanner is clean (two tiny parses).
  private static func resetParser() {
    func drain() {
      // Each round consumes input, so this ends; the bound is only a guard.
      for _ in 0..<1_000 {
        guard let leftover = agmemread("") else { return }
        agclose(leftover)
      }
    }
    func parsesCleanly() -> Bool {
      guard let probe = agmemread("graph{}") else { return false }
      agclose(probe)
      drain()
      return true
    }
    // From inside a string `"` ends it, from inside a comment `*/`, from inside HTML labels
    // nested up to 4,096 deep the run of `>`; anything left then fails to parse, which
    // flushes the scanner's buffer.
    for closer in ["", "\"", "*/", String(repeating: ">", count: 4_096)] {
      if !closer.isEmpty, let stray = agmemread(closer) {
        agclose(stray)
      }
      drain()
      if parsesCleanly() { break }
    }
    _GraphvizSession.shared.discardMessages()
  }

  /// A new Graphviz context; the caller must `gvFreeContext` it. Call only inside the lock.
  private static func makeContext(_ source: PluginSource) throws -> OpaquePointer {
    let context: OpaquePointer?
    switch (source, _GraphvizPlugins.shared) {
    case (.automatic, .loaded(let plugins)):
      // Demand loading off: with it on and no config6a, libgvc skips initialising its font
      // table.
      context = gvContextPlugins(plugins.table, 0)
    case (.automatic, .unavailable), (.configurationFile, _):
      context = gvContext()
    }
    guard let context else {
      throw _GraphvizSession.shared.failure(
        in: "gvContext", default: "could not create a Graphviz context")
    }
    return context
  }

  /// The hand-built plugin table, or `nil` when none was found and `gvContext()` is used
  /// instead. Loads it, under the lock, if no render has yet.
  static func pluginTable() -> _GraphvizPlugins? {
    _GraphvizSession.shared.withLock {
      switch _GraphvizPlugins.shared {
      case .loaded(let plugins): return plugins
      case .unavailable: return nil
      }
    }
  }

  /// Why a layout or render may have failed for want of plugins, if they were not found.
  private static var pluginHint: String {
    switch _GraphvizPlugins.shared {
    case .loaded: return ""
    case .unavailable(let reason): return "; \(reason)"
    }
  }
}
