// Which noted input is which file. Records carry only their file's name, so
// two exports of one name cannot be told apart in the index; the index's
// inputs (schema::kMetaInputs) keep paths, which can, and --replace and
// --replaces use them to refuse rather than delete another export's records.
#pragma once

#include <string>
#include <vector>

#include <xapian.h>

namespace refdex {

// The input paths `db` has noted (schema::kMetaInputs), as noted.
std::vector<std::string> noted_inputs(const Xapian::Database& db);

// `path` made absolute and normal ("-", standard input, as it is), the form
// inputs are noted in: the same file indexed as f.ris, ./f.ris and
// /home/x/f.ris is one input.
std::string noted_input_path(const std::string& path);

// Do two noted or given paths name one file: the same file if both exist,
// else the same absolute spelling.
bool same_input_file(const std::string& a, const std::string& b);

// Why `--replace path` must not remove the index's records of path's file
// name, given the inputs noted before this run ("" when it may): another
// file of that name exists, or several did (paths from other working
// directories or since moved, which may be different exports).
std::string replace_conflict(const std::string& path, const std::vector<std::string>& noted);

// The same for `--replaces name`: "" when the noted inputs of that name are
// one export (possibly moved), else why not.
std::string replaces_conflict(const std::string& name, const std::vector<std::string>& noted);

}  // namespace refdex
