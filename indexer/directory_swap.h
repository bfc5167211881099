// Replacing one directory by another in a single step, so that a reader
// opening the path sees either the old index or the new one, never neither.
#pragma once

#include <string>

namespace refdex {

// Afterwards `path` holds what `replacement` held, and `replacement` what
// `path` held. Atomic where the file system supports renameat2's
// RENAME_EXCHANGE (ext4, xfs, btrfs, tmpfs); elsewhere two renames, with a
// moment in which `path` is missing. Throws std::runtime_error naming both.
void exchange_directories(const std::string& path, const std::string& replacement);

}  // namespace refdex
