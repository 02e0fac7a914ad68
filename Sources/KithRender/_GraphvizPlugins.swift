import CGraphviz
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Graphviz's plugins linked in by hand, so that rendering does not depend on the plugin
/// configuration file.
///
/// `gvContext()` finds its layout and render plugins through `config6a`, a file that libgvc's
/// install script writes into the plugin folder; without it, it silently loads nothing and
/// every layout fails with `Layout type: "dot" not recognized`. Instead, Kith opens the plugin
/// libraries itself (`dlopen`), looks up each one's `gvplugin_<name>_LTX_library` symbol
/// (`dlsym`) and hands the resulting table to `gvContextPlugins` with demand loading off. The
/// output is byte-identical to `gvContext()`'s. (Adding plugins to a context afterwards with
/// `gvAddLibrary` does not work: the text-layout plugin is never selected.)
///
/// Built once, on first use, inside the Graphviz lock. The libraries stay open and the table
/// stays allocated for the life of the process, because every context keeps a pointer to it.
final class _GraphvizPlugins: @unchecked Sendable {
  /// One plugin library: its Graphviz name and whether rendering is useless without it.
  struct Library {
    let name: String
    let required: Bool
  }

  /// The plugins Kith uses, in the order `config6a` lists them (alphabetical), so that
  /// plugins of equal quality are ranked as `gvContext()` ranks them. `core`: svg, dot and
  /// the other text formats; `dot_layout`: dot; `neato_layout`: neato, fdp, sfdp, circo,
  /// twopi; `pango`: cairo rendering (png, pdf) and text metrics.
  ///
  /// Not `gd`: its devices (gif, jpeg, its own png) are formats Kith does not offer, cairo's
  /// png ranks above gd's, and opening it drags in libgd and its image libraries, a quarter
  /// of the start-up cost of `kith render` (about 40M instructions). The output is the same.
  static let libraries: [Library] = [
    Library(name: "core", required: true),
    Library(name: "dot_layout", required: true),
    Library(name: "neato_layout", required: true),
    Library(name: "pango", required: false),
  ]

  /// A library's plugin-library symbol, found with `dlsym`.
  struct Symbol {
    let library: String
    let address: UnsafeMutableRawPointer
  }

  /// How the plugins were found: the table, or why there is none.
  enum Outcome {
    case loaded(_GraphvizPlugins)
    case unavailable(reason: String)
  }

  /// The plugins found on this machine. Read only inside the Graphviz lock.
  static let shared: Outcome = load()

  /// The folder the libraries came from.
  let directory: String
  /// The names of the libraries loaded, in table order.
  let loaded: [String]
  /// The `{name, address}` table, terminated by `{NULL, NULL}`, as `gvContextPlugins` wants.
  let table: UnsafeMutablePointer<lt_symlist_t>

  private init(directory: String, symbols: [Symbol]) {
    self.directory = directory
    self.loaded = symbols.map(\.library)
    table = .allocate(capacity: symbols.count + 1)
    for (offset, symbol) in symbols.enumerated() {
      let name = strdup("gvplugin_\(symbol.library)_LTX_library")
      (table + offset).initialize(to: lt_symlist_t(name: name, address: symbol.address))
    }
    (table + symbols.count).initialize(to: lt_symlist_t(name: nil, address: nil))
  }

  /// Tries each candidate folder in turn; the first one holding every required library wins.
  private static func load() -> Outcome {
    var tried: [String] = []
    for directory in candidateDirectories() {
      var symbols: [Symbol] = []
      var missingRequired = false
      for library in libraries {
        if let address = librarySymbol(library.name, in: directory) {
          symbols.append(Symbol(library: library.name, address: address))
        } else if library.required {
          missingRequired = true
          break
        }
      }
      if !missingRequired {
        return .loaded(_GraphvizPlugins(directory: directory, symbols: symbols))
      }
      tried.append(directory)
    }
    return .unavailable(
      reason: "no Graphviz plugin folder with core, dot_layout and neato_layout (looked in "
        + tried.joined(separator: ", ") + ")")
  }

  /// Where the plugins may be, most specific first: `GVBINDIR` (Graphviz's own override), the
  /// `graphviz/` folder beside the libgvc actually loaded (and beside its resolved path), then
  /// the usual install locations.
  static func candidateDirectories() -> [String] {
    var candidates: [String] = []
    if let override = ProcessInfo.processInfo.environment["GVBINDIR"], !override.isEmpty {
      candidates.append(override)
    }
    if let cPath = kith_gvc_library_path() {
      let path = String(cString: cPath)
      if path.contains("/") {
        let url = URL(fileURLWithPath: path)
        candidates.append(url.deletingLastPathComponent().appendingPathComponent("graphviz").path)
        let resolved = url.resolvingSymlinksInPath()
        candidates.append(
          resolved.deletingLastPathComponent().appendingPathComponent("graphviz").path)
      }
    }
    #if arch(x86_64)
      candidates.append("/usr/lib/x86_64-linux-gnu/graphviz")
    #elseif arch(arm64)
      candidates.append("/usr/lib/aarch64-linux-gnu/graphviz")
    #endif
    candidates += [
      "/usr/lib64/graphviz", "/usr/lib/graphviz", "/usr/local/lib/graphviz",
      "/opt/homebrew/lib/graphviz",
    ]
    var seen: Set<String> = []
    return candidates.filter { seen.insert($0).inserted }
  }

  /// Opens `libgvplugin_<name>` in `directory` and returns its plugin-library symbol.
  /// Lazily bound (`RTLD_LAZY`): a render calls few of the functions these libraries and
  /// their dependencies export.
  private static func librarySymbol(_ name: String, in directory: String)
    -> UnsafeMutableRawPointer?
  {
    // The version suffix is the plugin ABI (the 6 in config6a); the bare name exists only
    // where the -dev package is installed.
    #if canImport(Darwin)
      let files = ["libgvplugin_\(name).6.dylib", "libgvplugin_\(name).dylib"]
    #else
      let files = ["libgvplugin_\(name).so.6", "libgvplugin_\(name).so"]
    #endif
    for file in files {
      let path = directory + "/" + file
      guard FileManager.default.fileExists(atPath: path),
        let handle = dlopen(path, RTLD_LAZY | RTLD_LOCAL)
      else { continue }
      if let symbol = dlsym(handle, "gvplugin_\(name)_LTX_library") {
        return symbol
      }
      dlclose(handle)
    }
    return nil
  }
}
