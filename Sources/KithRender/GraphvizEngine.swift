/// A Graphviz layout engine.
///
/// Same input gives the same output for `dot`, `neato`, `circo` and `twopi`; `fdp` differs on
/// every run, and `sfdp`'s first layout in a process differs from later ones.
///
/// Rough cost on random graphs with 3 edges per node (Graphviz 2.42, one core): `dot` 0.6 s at
/// 100 nodes and unusable at 1,000; `sfdp` 0.15 s at 1,000 and ~1 s at 5,000; `fdp` ~70 s at
/// 1,000; `circo` ~6 s at 100. Tree-like graphs are easy for `dot` (5,000 nodes in ~3 s).
public enum GraphvizEngine: String, CaseIterable, Sendable {
  /// Hierarchical layers; best for trees and directed acyclic graphs.
  case dot
  /// Spring model (stress majorisation); small undirected graphs.
  case neato
  /// Force-directed (Fruchterman–Reingold); not deterministic.
  case fdp
  /// Multiscale force-directed; the engine for large graphs.
  case sfdp
  /// Circular layout of biconnected components.
  case circo
  /// Radial layout around a root node.
  case twopi
}

/// An output format of ``GraphvizRenderer/render(dot:engine:format:)``.
public enum RenderFormat: String, CaseIterable, Sendable {
  /// SVG text (UTF-8), from Graphviz's core renderer.
  case svg
  /// A PNG image, drawn by cairo (the pango plugin).
  case png
  /// A PDF document, drawn by cairo (the pango plugin). It embeds a creation date, so two
  /// renders of the same graph differ in those bytes.
  case pdf
  /// DOT text with the layout's coordinates added (`pos`, `bb`, …).
  case dot
}
