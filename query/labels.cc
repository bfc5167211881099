#include "labels.h"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <map>

#include "normalise.h"
#include "schema.h"

namespace refdex {

namespace {

struct CsvRow {
    std::size_t line = 0;
    std::vector<std::string> fields;
};

// RFC 4180 rows with the physical line each starts on, so messages point at
// the line a user sees in an editor even after a quoted line break. Fields
// are separated by `delimiter`; a BOM has been skipped (text starts at `i`).
std::vector<CsvRow> csv_rows(const std::string& text, std::size_t i, char delimiter) {
    std::vector<CsvRow> rows;
    std::size_t line = 1;
    while (i < text.size()) {
        CsvRow row{line, {}};
        std::string field;
        bool quoted = false, row_done = false;
        for (; i < text.size() && !row_done; ++i) {
            char c = text[i];
            if (quoted) {
                if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') field += text[++i];
                else if (c == '"') quoted = false;
                else {
                    if (c == '\n') ++line;
                    field += c;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == delimiter) {
                row.fields.push_back(std::move(field));
                field.clear();
            } else if (c == '\n') {
                row_done = true;
                ++line;
            } else if (c != '\r') {
                field += c;
            }
        }
        row.fields.push_back(std::move(field));
        rows.push_back(std::move(row));
    }
    return rows;
}

// The delimiter of the header line (from `i` to its first unquoted line
// break): whichever of comma, semicolon and tab occurs most often outside
// quotes, comma on a tie or when none does (ASReview's data docs allow all three).
char header_delimiter(const std::string& text, std::size_t i) {
    const char delimiters[] = {',', ';', '\t'};
    std::size_t counts[3] = {0, 0, 0};
    bool quoted = false;
    for (; i < text.size(); ++i) {
        char c = text[i];
        if (c == '"') quoted = !quoted;  // an escaped "" toggles twice
        else if (quoted) continue;
        else if (c == '\n') break;
        for (std::size_t d = 0; d < 3; ++d)
            if (c == delimiters[d]) ++counts[d];
    }
    std::size_t best = 0;
    for (std::size_t d = 1; d < 3; ++d)
        if (counts[d] > counts[best]) best = d;
    return delimiters[best];
}

const char* delimiter_name(char delimiter) {
    return delimiter == ';' ? "semicolon" : delimiter == '\t' ? "tab" : "comma";
}

std::string trim(const std::string& s) {
    auto b = s.find_first_not_of(" \t");
    if (b == std::string::npos) return "";
    return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

// Index of the first header column named one of `names` (in preference order).
std::optional<std::size_t> column(const std::vector<std::string>& header, std::initializer_list<const char*> names) {
    for (const char* name : names)
        for (std::size_t i = 0; i < header.size(); ++i)
            if (lower(trim(header[i])) == name) return i;
    return std::nullopt;
}

std::string where(const std::string& name, std::size_t line) { return name + ":" + std::to_string(line) + ": "; }

std::string label_text(std::optional<bool> included) {
    return !included ? "unlabelled" : *included ? "labelled 1" : "labelled 0";
}

// Candidate index terms for one label id, most specific kind first.
std::vector<std::string> candidate_terms(const std::string& id) {
    std::vector<std::string> terms{schema::make_term(schema::kRecordId, fold(id))};
    std::string doi = normalise_doi(id);
    if (!doi.empty()) terms.push_back(schema::make_term(schema::kDoi, doi));
    if (!id.empty() && std::all_of(id.begin(), id.end(), [](unsigned char c) { return std::isdigit(c); }))
        terms.push_back(schema::make_term(schema::kPmid, id));
    terms.push_back(schema::make_term(schema::kId, fold(id)));
    return terms;
}

std::vector<Xapian::docid> documents_named(const Xapian::Database& db, const std::string& id) {
    for (const auto& term : candidate_terms(id)) {
        std::vector<Xapian::docid> docs(db.postlist_begin(term), db.postlist_end(term));
        if (!docs.empty()) return docs;
    }
    return {};
}

}  // namespace

LabelsFile parse_labels(std::istream& in, const std::string& name) {
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::size_t start = text.rfind("\xEF\xBB\xBF", 0) == 0 ? 3 : 0;  // BOM
    const char delimiter = header_delimiter(text, start);
    std::vector<CsvRow> rows = csv_rows(text, start, delimiter);
    if (rows.empty()) throw LabelsError(name + ": empty file (expected a header with record_id,label_included)");
    auto id_col = column(rows.front().fields, {"record_id", "id"});
    auto label_col = column(rows.front().fields, {"label_included", "label"});
    if (!id_col || !label_col)
        throw LabelsError(where(name, 1) + "header needs an id column (record_id or id) and a label column "
                          "(label_included or label); read as " + delimiter_name(delimiter) + "-separated");
    LabelsFile out;
    // A label that is not 1, 0 or empty, or one record labelled two ways,
    // would silently change what --simulate measures: the file is refused,
    // naming the first such row and counting the rest.
    std::vector<std::string> errors;
    std::map<std::string, std::size_t> seen;  // folded id -> index in out.rows
    for (std::size_t r = 1; r < rows.size(); ++r) {
        const CsvRow& row = rows[r];
        if (row.fields.size() == 1 && trim(row.fields[0]).empty()) continue;  // blank line
        std::size_t need = std::max(*id_col, *label_col) + 1;
        if (row.fields.size() < need) {
            out.problems.push_back(where(name, row.line) + "expected at least " + std::to_string(need) +
                                   " columns, found " + std::to_string(row.fields.size()));
            continue;
        }
        LabelRow label{row.line, trim(row.fields[*id_col]), std::nullopt};
        std::string value = trim(row.fields[*label_col]);
        if (label.id.empty()) {
            out.problems.push_back(where(name, row.line) + "no record id");
            continue;
        }
        // pandas writes a label column with empty cells as floats: "1.0", "0.0".
        if (value == "1" || value == "1.0") label.included = true;
        else if (value == "0" || value == "0.0") label.included = false;
        else if (!value.empty()) {
            errors.push_back(where(name, row.line) + "label must be 1, 0 or empty, not '" + value + "'");
            continue;
        }
        auto [it, first] = seen.emplace(fold(label.id), out.rows.size());
        if (!first) {
            const LabelRow& earlier = out.rows[it->second];
            const std::string again = "line " + std::to_string(earlier.line);
            if (earlier.included == label.included) {
                out.problems.push_back(where(name, row.line) + "record '" + label.id + "' repeats " + again +
                                       " with the same label; ignored");
                continue;
            }
            // "labelled 0 here but 1 on line 2", "unlabelled here but labelled 1 on line 2"
            std::string before = label_text(earlier.included);
            if (label.included && earlier.included) before = *earlier.included ? "1" : "0";
            errors.push_back(where(name, row.line) + "record '" + label.id + "' is " + label_text(label.included) +
                             " here but " + before + " on " + again);
            continue;
        }
        out.rows.push_back(std::move(label));
    }
    if (errors.size() == 1) throw LabelsError(errors.front());
    if (errors.size() > 1)
        throw LabelsError(errors.front() + " (and " + std::to_string(errors.size() - 1) + " more error" +
                          (errors.size() > 2 ? "s" : "") + ")");
    return out;
}

LabelsFile read_labels(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw LabelsError(path + ": cannot read labels file");
    return parse_labels(in, path);
}

ResolvedLabels resolve_labels(const Xapian::Database& db, const LabelsFile& file, const std::string& name) {
    ResolvedLabels out;
    std::size_t unknown_unlabelled = 0;
    for (const LabelRow& row : file.rows) {
        std::vector<Xapian::docid> docs = documents_named(db, row.id);
        if (docs.empty()) {
            ++out.unknown;
            if (row.included) ++out.unknown_labelled;
            if (row.included.value_or(false)) ++out.unknown_included;
            // A decision that cannot be used is named; a row without one is only counted.
            if (row.included)
                out.warnings.push_back(where(name, row.line) + "record '" + row.id + "' is not in the index");
            else
                ++unknown_unlabelled;
            continue;
        }
        for (Xapian::docid d : docs) {
            if (row.included) out.labels.push_back({d, *row.included});
            else out.unlabelled.push_back(d);
        }
    }
    if (unknown_unlabelled > 0)
        out.warnings.push_back(name + ": " + std::to_string(unknown_unlabelled) +
                               " unlabelled row(s) name records not in the index (rejected at ingest, or from another "
                               "export); skipped");
    return out;
}

}  // namespace refdex
