// The one header through which Swift sees libcmark (Debian: libcmark-dev).
#include <cmark.h>
