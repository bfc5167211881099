// Prints a SearchResult in one of the output formats of refdex-query.
// Field names and shapes of json/jsonl/csv are a contract documented in
// README.md; extend them, never rename.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "raw_record.h"
#include "record.h"
#include "search.h"

namespace refdex {

enum class OutputFormat { Text, Json, Jsonl, Csv, Ris, Ids };
// "text", "json", "jsonl", "csv", "ris", "ids"; false for anything else.
bool parse_output_format(const std::string& name, OutputFormat& out);

struct FormatOptions {
    bool terminal = false;   // bold highlights and coloured bars (text only)
    bool explain = false;    // text: print the query explanation first
    // Screening highlights, as given (--highlight-include/-exclude; read by
    // highlight_words(), snippet.h). Marked in titles and snippets: text on
    // a terminal green bold / red underlined, plain text [+word+] / [-word-],
    // JSON ++word++ / --word-- in "snippet" and an added "title_highlighted",
    // and unambiguously as "highlights" ranges over "title" and an added
    // "snippet_text" (the snippet without markup).
    // ({} initialisers: FormatOptions{true, false} stays warning-free.)
    std::vector<std::string> highlight_include{};
    std::vector<std::string> highlight_exclude{};
};

void write_results(const SearchResult& result, OutputFormat format, std::ostream& out,
                   const FormatOptions& options = {});

// One record as RIS: a RIS record is written back tag for tag, in its
// original order ("TAG  - value", then "ER  - " and a blank line), so that
// indexing the export gives the same records again. MEDLINE and WoS records
// are converted to RIS through their canonical fields.
std::string to_ris(const RawRecord& raw, const Record& record);

// RFC 4180 field quoting: quoted when it holds a comma, quote, CR or LF.
std::string csv_field(const std::string& value);

}  // namespace refdex
