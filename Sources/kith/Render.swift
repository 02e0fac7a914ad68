import ArgumentParser
import Foundation
import KithExport
import KithGraph
import KithRender

extension GraphvizEngine: ExpressibleByArgument {}
extension RenderFormat: ExpressibleByArgument {}

extension Kith {
  struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "render",
      abstract: "Draw your network as SVG, PNG or PDF.",
      discussion: """
        Colour is the circle (a colour-blind-safe palette, ids as in `kith circles`), node size \
        is centrality in the network view and strength to you elsewhere, line width is tie \
        strength; dashed, faded lines are ties below half their peak; a red double outline \
        marks contacts you are overdue to see; you are black. Hover a person in the SVG for \
        their organisation, last contact and strength. A legend sits under the drawing.

        Views: network (everyone), ego (you and your contacts, --radius 2 adds theirs), \
        circle ID, path A B (the best path between two people), intro TARGET (the ways `kith \
        intro --to` offers to reach someone, at most three, the first highlighted; your own tie \
        when it offers none; for an organisation or tag:TAG, as `kith intro --to` takes them, \
        its first way to each of the five people you can best reach there, or your tie to \
        someone you already know, and the legend says how many others there are). The network, ego and circle views draw at most \
        1000 people (you and those closest to you; --max-people) and their strongest ties, \
        twice as many as people, chosen so that nobody is cut off (--max-ties); the legend \
        says what was left out.

        Graphviz runs inside kith. The engine is dot for paths and introductions and sfdp \
        otherwise; --engine forces one. An engine forced onto a graph too big for it runs in a \
        child process that is stopped after --time-limit seconds. --dot FILE draws a DOT file \
        of your own instead of the database. --format defaults to the output file's extension \
        (a .svg, .png, .pdf or .dot name; another extension needs --format, and one that names \
        another format is refused); \
        --format dot writes the laid-out DOT (with positions; `kith export dot` writes it \
        without).

        Example: kith render --view ego --radius 2 -o ego.svg
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var viewOptions: ViewOptions

    @Option(
      help: ArgumentHelp(
        "The file format (default: from the output file's extension, else svg).",
        valueName: "format"))
    var format: RenderFormat?

    @Option(
      help: ArgumentHelp(
        "The layout engine (default: chosen by the graph's size and shape).",
        valueName: "engine"))
    var engine: GraphvizEngine?

    @Option(
      help: ArgumentHelp("Draw this DOT file instead of the database.", valueName: "file"),
      completion: .file(extensions: ["dot", "gv"]))
    var dot: String?

    @Option(
      name: .customLong("time-limit"), parsing: .unconditional,
      help: ArgumentHelp(
        "Stop a forced engine on a too-big graph after this many seconds (0: no limit).",
        valueName: "seconds"))
    var timeLimit: Double = 60

    @Option(
      name: [.short, .customLong("output")],
      help: ArgumentHelp("The file to write (mode 0600).", valueName: "file"),
      completion: .file(extensions: ["svg", "png", "pdf", "dot"]))
    var output: String

    func validate() throws {
      if !timeLimit.isFinite || timeLimit < 0 {
        throw ValidationError("--time-limit must be a number of seconds ≥ 0, e.g. --time-limit 60.")
      }
      if dot != nil && !viewOptions.view.isEmpty {
        throw ValidationError("--dot draws a file of your own; it cannot be combined with --view.")
      }
      if output.isEmpty || output == "-" {
        throw ValidationError("-o needs a file name, e.g. -o network.svg.")
      }
    }

    /// A file named for one format holds that format: a .gif holding SVG opens nowhere. Checked
    /// once the database is open, so that `-o` naming the database is refused as that first.
    func checkOutputName() throws {
      let ext = (output as NSString).pathExtension
      guard !ext.isEmpty else { return }
      try OpenDatabases.refuseOverwriting(output)
      let named = Self.format(forPath: output)
      if named == nil && format == nil {
        throw CLIError.usage(
          "-o \(output): kith draws svg, png, pdf or dot; end the file name with one of them, or give --format"
        )
      }
      if let named, let format, named != format {
        throw CLIError.usage(
          "-o \(output) names a .\(ext) file, but --format is \(format.rawValue); make them agree")
      }
    }

    func run() throws {
      let chosenFormat = format ?? Self.format(forPath: output) ?? .svg
      let source: GraphvizRenderer.DOTSource
      var picture: NetworkPicture?
      var asOf: Date?
      var egoPerson: KithGraph.Person?
      if let dot {
        // Checked here, then read by Graphviz from the file itself, as its commands read it.
        try Self.checkDOTFile(dot)
        try checkOutputName()
        source = .file(path: dot)
      } else {
        let builder = try PictureBuilder(global)
        try checkOutputName()
        let built = try builder.picture(viewOptions, defaultPruning: true)
        picture = built
        asOf = builder.asOf
        egoPerson = builder.ego
        source = .text(built.dotGraph().render())
      }
      // One Graphviz parse counts the graph, picks the engine and renders in-process — unless
      // a forced engine is expected to struggle, then a child process renders under the limit.
      let inChild = ProcessInfo.processInfo.environment[RenderChild.marker] != nil
      func chosen(_ counts: DOTGraphCounts) -> GraphvizEngine {
        engine ?? .automatic(nodes: counts.nodes, edges: counts.edges)
      }
      // Rendered straight into the output's temporary file, as Graphviz's commands write.
      let file = try OutputFile(path: output)
      defer { file.discard() }
      let rendering: GraphvizRenderer.Rendering
      do {
        // The last thing this process does with Graphviz: the graph is left for the exit to
        // reclaim, as the `dot` and `sfdp` commands leave theirs.
        rendering = try GraphvizRenderer.render(
          source, format: chosenFormat, to: .fileDescriptor(file.descriptor), freeingGraph: false
        ) { counts in
          let limited =
            !chosen(counts).isComfortable(nodes: counts.nodes, edges: counts.edges)
            && timeLimit > 0 && !inChild
          return limited ? nil : chosen(counts)
        }
      } catch let error as RenderError {
        throw Self.renderFailure(error, path: dot)
      }
      let counts = rendering.counts
      let chosenEngine = chosen(counts)
      let byteCount: Int
      if let count = rendering.byteCount {
        byteCount = count
      } else {
        let bytes = try RenderChild.render(
          source, engine: chosenEngine, format: chosenFormat, timeLimit: timeLimit,
          counts: counts)
        try file.write(bytes)
        byteCount = bytes.count
      }
      try file.commit()

      if global.json {
        Output.json(
          [
            "file": .string(output), "format": .string(chosenFormat.rawValue),
            "engine": .string(chosenEngine.rawValue), "bytes": .int(byteCount),
            "people": .int(counts.nodes), "ties": .int(counts.edges),
            "view": .string(picture?.kind.rawValue), "title": .string(picture?.title),
            "omitted": .string(picture?.omitted),
          ], asOf: asOf, ego: egoPerson)
        return
      }
      print(
        "Wrote \(output) (\(chosenFormat.rawValue), \(chosenEngine.rawValue)): \(counts.nodes) \(counts.nodes == 1 ? "person" : "people"), \(counts.edges) \(counts.edges == 1 ? "tie" : "ties")."
      )
      if let omitted = picture?.omitted { print("Left out: \(omitted).") }
    }

    /// The format an output path's extension names, if any.
    static func format(forPath path: String) -> RenderFormat? {
      switch (path as NSString).pathExtension.lowercased() {
      case "svg": return .svg
      case "png": return .png
      case "pdf": return .pdf
      case "dot", "gv": return .dot
      default: return nil
      }
    }

    /// Checks a user's DOT file before Graphviz reads it: a missing file exits 66; a NUL
    /// byte (which would cut Graphviz's reading short) or text that is not UTF-8 exits 65.
    static func checkDOTFile(_ path: String) throws {
      guard FileManager.default.fileExists(atPath: path) else {
        throw CLIError.missingInput("no such file: \(path)")
      }
      guard let data = FileManager.default.contents(atPath: path) else {
        throw CLIError(message: "cannot read \(path)", code: ExitCodes.missingInput)
      }
      try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
        let bytes = raw.bindMemory(to: UInt8.self)
        if let base = bytes.baseAddress, memchr(base, 0, bytes.count) != nil {
          throw CLIError.rejected("\(path): not valid DOT: the DOT text contains a NUL byte")
        }
        guard UTF8Check.isValid(bytes) else {
          throw CLIError.rejected("\(path): not UTF-8 text")
        }
      }
    }

    static func renderInProcess(
      _ text: String, engine: GraphvizEngine, format: RenderFormat, path: String?
    ) throws -> [UInt8] {
      do {
        return try GraphvizRenderer.render(dot: text, engine: engine, format: format)
      } catch let error as RenderError {
        throw renderFailure(error, path: path)
      }
    }

    /// Graphviz's error as one line: `FILE:LINE: message` when it names a line of a user's
    /// file, exit 65 for malformed input and 1 for a failed layout or render.
    static func renderFailure(_ error: RenderError, path: String?) -> CLIError {
      let rejected = error.function == "agmemread" || error.function == "agread"
      guard let path else {
        return CLIError(
          message: "Graphviz: \(error.description)",
          code: rejected ? ExitCodes.rejected : ExitCodes.failure)
      }
      var location = path
      if let range = error.message.range(of: #"in line [0-9]+"#, options: .regularExpression) {
        location += ":" + error.message[range].dropFirst("in line ".count)
      }
      return CLIError(
        message: "\(location): \(rejected ? "not valid DOT" : "Graphviz failed"): \(error.message)",
        code: rejected ? ExitCodes.rejected : ExitCodes.failure)
    }
  }
}

/// Rendering in a child `kith` process with a time limit, for layouts that may not finish.
///
/// A Graphviz layout cannot be interrupted safely inside the process (it holds global state
/// and a process-wide lock), so kith runs itself again on the same DOT — still in-process
/// Graphviz, in the child — and kills the child when the time is up.
enum RenderChild {
  /// Set in the child's environment so that it renders directly.
  static let marker = "KITH_RENDER_CHILD"

  static func render(
    _ source: GraphvizRenderer.DOTSource, engine: GraphvizEngine, format: RenderFormat,
    timeLimit: Double, counts: DOTGraphCounts
  ) throws -> [UInt8] {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "kith-render-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
    try FileManager.default.createDirectory(
      at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    defer { try? FileManager.default.removeItem(at: folder) }
    let output = folder.appendingPathComponent("out")
    let input: URL
    switch source {
    case .file(let path):
      input = URL(fileURLWithPath: path)
    case .text(let dot):
      input = folder.appendingPathComponent("graph.dot")
      try Data(dot.utf8).write(to: input)
    }

    let child = Process()
    child.executableURL = URL(fileURLWithPath: selfPath())
    child.arguments = [
      "render", "--dot", input.path, "--engine", engine.rawValue, "--format", format.rawValue,
      "-o", output.path,
    ]
    var environment = ProcessInfo.processInfo.environment
    environment[marker] = "1"
    child.environment = environment
    let errors = Pipe()
    child.standardError = errors
    child.standardOutput = FileHandle.nullDevice
    try child.run()
    let deadline = Date().addingTimeInterval(timeLimit)
    while child.isRunning && Date() < deadline {
      usleep(20_000)
    }
    if child.isRunning {
      kill(child.processIdentifier, SIGKILL)
      child.waitUntilExit()
      throw CLIError(
        message:
          "\(engine.rawValue) did not finish within \(Format.number(timeLimit, digits: 0)) s on \(counts.nodes) nodes and \(counts.edges) edges; try --engine sfdp, fewer ties (--min-strength, --max-ties) or a longer --time-limit",
        code: ExitCodes.failure)
    }
    child.waitUntilExit()
    let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    guard child.terminationStatus == 0 else {
      let line =
        said.split(separator: "\n").first.map {
          String($0).replacingOccurrences(of: "kith: error: ", with: "")
        } ?? "the rendering process stopped (status \(child.terminationStatus))"
      throw CLIError(message: line, code: ExitCodes.failure)
    }
    guard let data = FileManager.default.contents(atPath: output.path) else {
      throw CLIError(message: "the rendering process wrote nothing", code: ExitCodes.failure)
    }
    return [UInt8](data)
  }

  /// This executable's path.
  static func selfPath() -> String {
    #if os(Linux)
      if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
      {
        return resolved
      }
    #endif
    return Bundle.main.executablePath ?? CommandLine.arguments[0]
  }
}
