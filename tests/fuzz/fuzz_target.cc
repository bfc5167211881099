// libFuzzer entry: one binary per target, the target chosen at compile time
// (REFDEX_FUZZ_TARGET, a name known to find_target()).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "fuzz_entries.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const refdex::fuzz::Target* target = refdex::fuzz::find_target(REFDEX_FUZZ_TARGET);
    if (!target) std::abort();
    target->run(std::string_view(reinterpret_cast<const char*>(data), size));
    return 0;
}
