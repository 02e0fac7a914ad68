import KithAnalytics
import KithImport

/// Reads `path` into a graph whose nodes are the file's names in order of first appearance.
///
/// `records` goes through the importer's `EdgeListReader` (a record per line, names as
/// strings), then a dictionary of names and `WeightedGraph(nodeCount:edges:)`; `fast` is
/// `EdgeListFile.load`, the library's parallel loader.
func load(_ path: String, using loader: String) throws -> (graph: WeightedGraph, names: [String]) {
  switch loader {
  case "fast":
    let file = try EdgeListFile.load(path: path)
    return (file.graph, file.names)
  case "records":
    let records = try EdgeListReader.read(path: path)
    var index: [String: Int32] = [:]
    var names: [String] = []
    func id(_ name: String) -> Int32 {
      if let i = index[name] { return i }
      let i = Int32(names.count)
      index[name] = i
      names.append(name)
      return i
    }
    var edges: [WeightedGraph.Edge] = []
    edges.reserveCapacity(records.count)
    for r in records { edges.append(.init(id(r.source), id(r.target), weight: r.weight)) }
    return (WeightedGraph(nodeCount: names.count, edges: edges), names)
  default:
    throw LoaderError(message: "unknown loader \(loader) (fast or records)")
  }
}

struct LoaderError: Error, CustomStringConvertible {
  var message: String
  var description: String { message }
}
