import Foundation
import KithExport
import KithTestSupport
import Testing

@testable import KithRender

/// A picture whose people have hostile names, as KithExport draws it.
private func hostilePicture() -> NetworkPicture {
  let names = [
    "<script>alert(1)</script>", "\" onload=\"x", "Sam --> <!-- Lee", "back\\slash\\N",
    "two\nlines", "🦊 Fox", "مريم الحسيني", "</text></g><script>x</script>",
    String(repeating: "Very Long Name ", count: 100),
  ]
  var nodes = [NetworkPicture.Node(id: "me", name: "Alex & <Morgan>", size: 1, isEgo: true)]
  var edges: [NetworkPicture.Edge] = []
  for (k, name) in names.enumerated() {
    nodes.append(
      NetworkPicture.Node(
        id: "p\(k)-" + name, name: name, organisation: "Org <\(k)>", community: k % 3,
        strength: Double(k), size: Double(k) / 9, isNeglected: k == 3))
    edges.append(NetworkPicture.Edge(source: 0, target: k + 1, strength: Double(k + 1), peak: 9))
    if k > 0 {
      edges.append(NetworkPicture.Edge(source: k, target: k + 1, strength: 0.5, peak: 0.5))
    }
  }
  return NetworkPicture(
    kind: .network, title: "<b>Title</b>", asOf: Date(timeIntervalSince1970: 1_780_000_000),
    nodes: nodes, edges: edges,
    communities: (0..<3).map { NetworkPicture.Community(id: $0, label: "<i>\($0)</i>", size: 3) })
}

@Suite("Pictures drawn by Graphviz")
struct PictureRenderTests {
  @Test("the picture's DOT reads back in Graphviz with the same node and edge counts")
  func readBack() throws {
    let picture = hostilePicture()
    let counts = try GraphvizRenderer.parseCounts(dot: picture.dotGraph().render())
    #expect(
      counts
        == DOTGraphCounts(nodes: picture.nodes.count, edges: picture.edges.count, directed: false))
  }

  @Test("SVG parses as XML, with one node group per person, names as text, no script")
  func svg() throws {
    let picture = hostilePicture()
    let bytes = try GraphvizRenderer.render(
      dot: picture.dotGraph().render(), engine: .sfdp, format: .svg)
    let summary = try SVGSummary(bytes)
    let people = summary.nodes.filter { $0.classes.contains("person") }
    #expect(people.count == picture.nodes.count)
    #expect(people.filter { $0.classes.contains("ego") }.count == 1)
    #expect(people.filter { $0.classes.contains("neglected") }.count == 1)
    #expect(summary.groups.filter { $0.kind == "edge" }.count == picture.edges.count)
    let texts = Set(summary.groups.flatMap(\.texts))
    #expect(texts.contains("<script>alert(1)</script>"))
    #expect(texts.contains("\" onload=\"x"))
    #expect(texts.contains("Sam --> <!-- Lee"))
    let text = String(decoding: bytes, as: UTF8.self)
    #expect(!text.contains("<script"))
    #expect(!HTMLReport.hasActiveContent(text))
  }

  @Test("PNG and PDF start with their magic bytes")
  func bitmaps() throws {
    let dot = hostilePicture().dotGraph().render()
    let png = try GraphvizRenderer.render(dot: dot, engine: .sfdp, format: .png)
    #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
    let pdf = try GraphvizRenderer.render(dot: dot, engine: .sfdp, format: .pdf)
    #expect(Array(pdf.prefix(5)) == Array("%PDF-".utf8))
  }

  @Test("the same picture gives the same SVG with dot and neato")
  func deterministic() throws {
    let dot = hostilePicture().dotGraph().render()
    for engine in [GraphvizEngine.dot, .neato] {
      let a = try GraphvizRenderer.render(dot: dot, engine: engine, format: .svg)
      let b = try GraphvizRenderer.render(dot: dot, engine: engine, format: .svg)
      #expect(a == b, "\(engine)")
    }
  }

  struct Shape: Sendable, CustomTestStringConvertible {
    var why: String
    var nodes: Int
    var edges: Int
    var engine: GraphvizEngine
    var testDescription: String { why }
  }

  @Test(
    "the default engine: dot for paths, small trees and tiny graphs, sfdp otherwise",
    arguments: [
      Shape(why: "a path", nodes: 6, edges: 5, engine: .dot),
      Shape(why: "three introductions", nodes: 10, edges: 10, engine: .dot),
      Shape(why: "a star: you and 40 contacts", nodes: 41, edges: 40, engine: .sfdp),
      Shape(why: "a big tree (a contact list)", nodes: 3_000, edges: 2_999, engine: .sfdp),
      Shape(why: "a tiny dense graph", nodes: 8, edges: 20, engine: .dot),
      Shape(why: "an ego network", nodes: 40, edges: 200, engine: .sfdp),
      Shape(why: "the demo network", nodes: 297, edges: 594, engine: .sfdp),
      Shape(why: "an empty graph", nodes: 0, edges: 0, engine: .dot),
    ])
  func automaticEngine(_ shape: Shape) {
    #expect(GraphvizEngine.automatic(nodes: shape.nodes, edges: shape.edges) == shape.engine)
  }

  @Test("dot is comfortable on trees and small graphs only; sfdp scales")
  func comfort() {
    #expect(GraphvizEngine.dot.isComfortable(nodes: 100, edges: 300))
    #expect(!GraphvizEngine.dot.isComfortable(nodes: 1_000, edges: 3_000))
    #expect(GraphvizEngine.dot.isComfortable(nodes: 5_000, edges: 4_999))
    #expect(GraphvizEngine.sfdp.isComfortable(nodes: 5_000, edges: 15_000))
    #expect(!GraphvizEngine.circo.isComfortable(nodes: 1_000, edges: 3_000))
  }
}
