// Every RIS, MEDLINE and WoS file of the shared corpus gives the record
// count of counts.tsv. The corpus lives beside the repository
// (../shared/corpus); without it the test says so and passes.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <vector>

#include "record_reader.h"

using namespace refdex;

namespace {

const std::string kCorpus = std::string(REFDEX_REPO_DATA) + "/../../shared/corpus";

struct CountRow {
    std::string file, kind;
    std::map<std::string, std::string> columns;

    long count(const std::string& column) const {
        auto it = columns.find(column);
        return it == columns.end() || it->second.empty() ? -1 : std::stol(it->second);
    }
};

std::vector<std::string> split_tabs(const std::string& line) {
    std::vector<std::string> cells;
    std::istringstream in(line);
    for (std::string cell; std::getline(in, cell, '\t');) cells.push_back(cell);
    if (!line.empty() && line.back() == '\t') cells.emplace_back();
    return cells;
}

std::vector<CountRow> read_counts(const std::string& path) {
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);
    const std::vector<std::string> header = split_tabs(line);
    std::vector<CountRow> rows;
    while (std::getline(in, line)) {
        const std::vector<std::string> cells = split_tabs(line);
        CountRow row;
        for (std::size_t i = 0; i < cells.size() && i < header.size(); ++i) row.columns[header[i]] = cells[i];
        row.file = row.columns["file"];
        row.kind = row.columns["kind"];
        rows.push_back(std::move(row));
    }
    return rows;
}

// The record count we expect: TY=ER for well-formed RIS; where they differ
// (malformed on purpose) every TY and every TY-less block closed by ER is a
// record, i.e. max(TY, ER).
long expected_records(const CountRow& row) {
    if (row.kind == "medline") return row.count("medline_blocks");
    if (row.kind == "wos") return row.count("PT_lines");
    return std::max(row.count("TY_lines"), row.count("ER_lines"));
}

}  // namespace

TEST_CASE("shared corpus files give the counts of counts.tsv", "[reader][shared]") {
    if (!std::filesystem::exists(kCorpus + "/counts.tsv")) {
        WARN("shared corpus not found at " << kCorpus << ": skipped");
        return;
    }
    std::size_t checked = 0;
    for (const CountRow& row : read_counts(kCorpus + "/counts.tsv")) {
        if (row.kind != "ris" && row.kind != "medline" && row.kind != "wos") continue;
        const std::string path = kCorpus + "/" + row.file;
        if (row.file.size() > 3 && row.file.compare(row.file.size() - 3, 3, ".xz") == 0) continue;
        if (!std::filesystem::exists(path)) continue;
        INFO(row.file);
        std::ifstream in(path, std::ios::binary);
        Diagnostics diagnostics;
        LineSource lines(in, diagnostics);
        const InputFormat format = detect_format(lines);
        CHECK(format_name(format) == row.kind);
        auto reader = make_reader(format, lines, diagnostics, row.file);
        RawRecord record;
        long records = 0;
        while (reader->next(record)) ++records;
        CHECK(records == expected_records(row));
        if (row.kind == "ris" && row.count("TY_lines") != row.count("ER_lines")) CHECK(diagnostics.repairs() > 0);
        ++checked;
    }
    CHECK(checked >= 100);
}
