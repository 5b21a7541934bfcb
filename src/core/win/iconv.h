/* iconv.h - the Windows build's iconv: CP932 and UTF-16LE to UTF-8 over
 * MultiByteToWideChar (core/platform_win.c, declared in core/compat_win.h) */
#include "core/compat_win.h"
