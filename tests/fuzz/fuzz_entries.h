// One plain function per fuzzed entry point, shared by the libFuzzer targets
// (fuzz_target.cc, built only with -DREFDEX_FUZZ=ON under clang) and by the
// ordinary regression test (replay_regressions.cc), which feeds them every
// crasher kept under tests/fuzz/regressions/<target>/.
//
// Each function must return normally for ANY input: malformed input is
// reported through the component's own channel (Diagnostics, QueryError,
// StrategyError). Anything else escaping (another exception, a crash, a
// sanitizer report) is a bug in the component.
#pragma once

#include <string_view>

namespace refdex::fuzz {

// A target by the name used for its binary (fuzz_<name>), seed and
// regression folders; nullptr when `name` is unknown.
struct Target {
    std::string_view name;
    void (*run)(std::string_view input);
};
const Target* find_target(std::string_view name);

// RIS / MEDLINE / WoS reader on the decoded lines of `input`, format forced.
void read_ris(std::string_view input);
void read_medline(std::string_view input);
void read_wos(std::string_view input);
// What refdex-index does to one file short of writing: byte decoding
// (BOM, UTF-16, windows-1252), format detection, the detected reader, the
// schema mapping, the record id and the Xapian document (no database).
void ingest(std::string_view input);
// The query language: lexer, parser and compiler, against a small in-memory
// index (so truncation expands to real terms), then the query is run on it.
void query(std::string_view input);
// --strategy files (PubMed / Ovid dialects); every translated line is also
// compiled and run as `query` does.
void strategy(std::string_view input);
// A document's stored data: refdex's fast reader of its own layout and the
// general JSON parser must accept the same data and read the same record,
// and what either reads serialises and parses back to itself.
void stored(std::string_view input);

}  // namespace refdex::fuzz
