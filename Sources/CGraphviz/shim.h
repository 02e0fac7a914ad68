// CGraphviz: the C surface of libgvc/libcgraph that Kith uses (Graphviz 2.42 or later).
// Only what Swift cannot call directly lives here, each item with the reason.
#ifndef KITH_CGRAPHVIZ_SHIM_H
#define KITH_CGRAPHVIZ_SHIM_H

// dladdr and Dl_info are declared only under _GNU_SOURCE, which Swift's Glibc module lacks.
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <dlfcn.h>
#include <stddef.h>

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

/// The path of the loaded libgvc (for finding its `graphviz/` plugin folder), or NULL.
/// Why C: Swift cannot see `dladdr` (see above).
static inline const char *kith_gvc_library_path(void) {
  Dl_info info;
  if (dladdr((const void *)&gvContext, &info) == 0) {
    return NULL;
  }
  return info.dli_fname;
}

#endif
