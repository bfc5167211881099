// MEDLINE fields that the audit found lost or garbled on the way from the
// reader to the canonical record: abbreviated page ranges (PG).
#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "diagnostics.h"
#include "line_source.h"
#include "medline_reader.h"
#include "normalise.h"
#include "record.h"

using namespace refdex;

namespace {

using Strings = std::vector<std::string>;

// The records of a MEDLINE text, read by the real reader and mapped.
std::vector<Record> read_medline(const std::string& text) {
    std::istringstream in(text);
    Diagnostics diagnostics;
    LineSource lines(in, diagnostics);
    MedlineReader reader(lines, diagnostics, "test.nbib");
    std::vector<Record> records;
    RawRecord raw;
    while (reader.next(raw)) records.push_back(map_record(raw));
    return records;
}

Record one_medline(const std::string& text) {
    const auto records = read_medline(text);
    REQUIRE(records.size() == 1);
    return records.front();
}

Record one_ris(std::initializer_list<std::pair<const char*, const char*>> tags) {
    RawRecord raw;
    raw.format = InputFormat::Ris;
    raw.source_file = "test.ris";
    std::uint64_t line = 1;
    for (const auto& [tag, value] : tags) raw.fields.push_back({tag, value, line++});
    return map_record(raw);
}

}  // namespace

TEST_CASE("an abbreviated last page takes the first page's leading digits", "[medline][pages]") {
    struct Row { const char* start; const char* end; const char* expected; };
    const Row rows[] = {
        {"6913", "7", "6917"},   {"24", "8", "28"},        {"123", "45", "145"},
        {"S12", "5", "S15"},     {"e1234", "8", "e1238"},  {"1131", "1138", "1138"},
        {"99", "101", "101"},    {"6913", "2", "2"},       {"iii", "v", "v"},
        {"12a", "5", "5"},       {"S12", "S15", "S15"},    {"12", "", ""},
    };
    for (const auto& r : rows) {
        INFO(r.start << "-" << r.end);
        CHECK(full_end_page(r.start, r.end) == r.expected);
    }
}

TEST_CASE("MEDLINE PG gives the first range's pages in full", "[medline][pages]") {
    struct Row { const char* pg; const char* start; const char* end; };
    const Row rows[] = {
        {"6913-7", "6913", "6917"},  {"24-8", "24", "28"},        {"1131-1138", "1131", "1138"},
        {"S12-5", "S12", "S15"},     {"12-5, 18-20", "12", "15"}, {"e1234", "e1234", ""},
        {"iii-iv", "iii", "iv"},     {"CD001234", "CD001234", ""},
    };
    for (const auto& r : rows) {
        INFO(r.pg);
        const Record m = one_medline(std::string("PMID- 1\nTI  - t\nPG  - ") + r.pg + "\n");
        CHECK(m.start_page == r.start);
        CHECK(m.end_page == r.end);
    }
    // The RIS copy of the same article with EP cut short reads the same.
    const Record ris = one_ris({{"TY", "JOUR"}, {"TI", "t"}, {"SP", "6913"}, {"EP", "7"}});
    CHECK(ris.end_page == "6917");
}
