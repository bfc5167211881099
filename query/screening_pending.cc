// Temporary entry point while this mode's own file is written: it says
// plainly that the mode is unavailable. Replaced by query/screening_mode.cc.
#include "modes.h"

namespace refdex {

static int unavailable(const ModeContext& ctx, const char* option) {
    ctx.err << "refdex-query: " << option << " is unavailable in this build\n";
    return 2;
}

int run_prioritise(const ModeContext& ctx, const std::string&) { return unavailable(ctx, "--prioritise"); }
int run_simulate(const ModeContext& ctx, const std::string&, const std::string&, unsigned) { return unavailable(ctx, "--simulate"); }

}  // namespace refdex
