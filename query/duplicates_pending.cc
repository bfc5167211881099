// Temporary entry point while this mode's own file is written: it says
// plainly that the mode is unavailable. Replaced by query/duplicates_mode.cc.
#include "modes.h"

namespace refdex {

static int unavailable(const ModeContext& ctx, const char* option) {
    ctx.err << "refdex-query: " << option << " is unavailable in this build\n";
    return 2;
}

int run_duplicates(const ModeContext& ctx) { return unavailable(ctx, "--duplicates"); }

}  // namespace refdex
