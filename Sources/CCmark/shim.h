// The headers through which Swift sees cmark-gfm (Debian: libcmark-gfm-dev and
// libcmark-gfm-extensions-dev): the parser, the extension API (for the math syntax) and
// GitHub's core extensions (for tables).
#include <cmark-gfm.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm-core-extensions.h>
