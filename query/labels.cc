#include "labels.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>

#include "diagnostics.h"
#include "line_source.h"
#include "normalise.h"
#include "schema.h"

namespace refdex {

namespace {

// One field of a row. A quoted part may hold line breaks (RFC 4180); where
// it does, `runaway_quote_line` is the line its quote opened on, because an
// id or label never holds one and such a field means a stray quote.
struct CsvField {
    std::string text;
    std::size_t runaway_quote_line = 0;
};

struct CsvRow {
    std::size_t line = 0;
    std::vector<CsvField> fields;
    // Where a quote opened that the file never closes (0: none): it
    // swallowed the rest of the file into one field.
    std::size_t unclosed_quote_line = 0;
};

bool only_blanks(const std::string& s) { return s.find_first_not_of(" \t") == std::string::npos; }

// Reads RFC 4180 rows from decoded text (lines joined with LF), keeping the
// physical line each row and quote starts on, so messages point at the line
// a user sees in an editor. A quote opens a quoted part only at the start of
// a field (after spaces, which are trimmed later anyway); anywhere else it is
// kept as a character, as pandas and Excel read it, so one stray quote
// cannot swallow the rows after it.
class CsvScanner {
public:
    CsvScanner(const std::string& text, char delimiter) : text_(text), delimiter_(delimiter) {}

    // False once the text is exhausted.
    bool next(CsvRow& row) {
        if (i_ >= text_.size()) return false;
        row = CsvRow{line_, {}, 0};
        bool row_done = false;
        while (!row_done) row_done = read_field(row);
        return true;
    }

private:
    // Appends the next field to `row`; true when it ended the row.
    bool read_field(CsvRow& row) {
        CsvField field;
        bool quoted = false, was_quoted = false;
        std::size_t quote_line = 0;
        for (; i_ < text_.size(); ++i_) {
            const char c = text_[i_];
            if (quoted) {
                if (c == '"' && i_ + 1 < text_.size() && text_[i_ + 1] == '"') {
                    field.text += '"';
                    ++i_;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    if (c == '\n') {
                        ++line_;
                        field.runaway_quote_line = quote_line;
                    }
                    field.text += c;
                }
            } else if (c == '"' && !was_quoted && only_blanks(field.text)) {
                quoted = was_quoted = true;
                quote_line = line_;
            } else if (c == delimiter_) {
                ++i_;
                row.fields.push_back(std::move(field));
                return false;
            } else if (c == '\n') {
                ++i_;
                ++line_;
                row.fields.push_back(std::move(field));
                return true;
            } else {
                field.text += c;
            }
        }
        if (quoted) row.unclosed_quote_line = quote_line;
        row.fields.push_back(std::move(field));
        return true;
    }

    const std::string& text_;
    const char delimiter_;
    std::size_t i_ = 0;
    std::size_t line_ = 1;
};

// The delimiter of the header line (up to its first line break outside
// quotes): whichever of comma, semicolon and tab occurs most often outside
// quoted values, comma on a tie or when none does (ASReview's data docs
// allow all three). Which characters end a field is what is being decided,
// so a quote opens a quoted value after any of the three (or at the start
// of the line, after spaces), as CsvScanner does for the one chosen.
char header_delimiter(const std::string& text) {
    const char delimiters[] = {',', ';', '\t'};
    std::size_t counts[3] = {0, 0, 0};
    bool quoted = false, at_field_start = true;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') ++i;
            else if (c == '"') quoted = false;
            continue;
        }
        if (c == '\n') break;
        if (c == '"' && at_field_start) {
            quoted = true;
            at_field_start = false;
            continue;
        }
        const char* d = std::find(std::begin(delimiters), std::end(delimiters), c);
        if (d != std::end(delimiters)) ++counts[d - delimiters];
        at_field_start = d != std::end(delimiters) || (at_field_start && (c == ' ' || c == '\t'));
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
std::optional<std::size_t> column(const std::vector<CsvField>& header, std::initializer_list<const char*> names) {
    for (const char* name : names)
        for (std::size_t i = 0; i < header.size(); ++i)
            if (lower(trim(header[i].text)) == name) return i;
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

std::string cannot_read(const std::string& name, int error) {
    std::string message = name + ": cannot read the labels file";
    if (error != 0) message += std::string(": ") + std::strerror(error);
    return message;
}

// The file as UTF-8 lines joined with LF, whatever its encoding: spreadsheet
// exports come as UTF-16 ("Unicode text") or windows-1252 as often as UTF-8.
// The indexer's LineSource decides and decodes; what it repaired is added to
// `problems`.
std::string decoded_text(std::istream& in, const std::string& name, std::vector<std::string>& problems) {
    errno = 0;
    Diagnostics diagnostics;
    LineSource source(in, diagnostics);
    std::string text, line;
    std::uint64_t number = 0;
    while (source.next(line, number)) text.append(line).append(1, '\n');
    if (in.bad()) throw LabelsError(cannot_read(name, errno));
    for (const Problem& p : diagnostics.problems())
        if (p.severity != Severity::Info) problems.push_back(where(name, p.line) + p.message);
    return text;
}

std::vector<CsvRow> csv_rows(const std::string& text, char delimiter, const std::string& name) {
    std::vector<CsvRow> rows;
    CsvScanner scanner(text, delimiter);
    for (CsvRow row; scanner.next(row);) {
        if (row.unclosed_quote_line)
            throw LabelsError(where(name, row.unclosed_quote_line) +
                              "a quote opened on this line is not closed before the end of the file");
        rows.push_back(std::move(row));
    }
    return rows;
}

// Why the id or label field of `row` cannot be used as read (empty when it
// can): a quoted value holding a line break is a stray quote that took the
// rows after it along.
std::string runaway_quote(const CsvRow& row, std::size_t id_col, std::size_t label_col, const std::string& name) {
    for (std::size_t col : {id_col, label_col})
        if (const std::size_t opened = col < row.fields.size() ? row.fields[col].runaway_quote_line : 0)
            return where(name, opened) + "a quote opened on this line is not closed before the line ends (a "
                                         "record id or label cannot span lines)";
    return "";
}

}  // namespace

LabelsFile parse_labels(std::istream& in, const std::string& name) {
    LabelsFile out;
    const std::string text = decoded_text(in, name, out.problems);
    const char delimiter = header_delimiter(text);
    std::vector<CsvRow> rows = csv_rows(text, delimiter, name);
    if (rows.empty()) throw LabelsError(name + ": empty file (expected a header with record_id,label_included)");
    auto id_col = column(rows.front().fields, {"record_id", "id"});
    auto label_col = column(rows.front().fields, {"label_included", "label"});
    if (!id_col || !label_col)
        throw LabelsError(where(name, 1) + "header needs an id column (record_id or id) and a label column "
                          "(label_included or label); read as " + delimiter_name(delimiter) + "-separated");
    // A label that is not 1, 0 or empty, or one record labelled two ways,
    // would silently change what --simulate measures: the file is refused,
    // naming the first such row and counting the rest.
    std::vector<std::string> errors;
    std::map<std::string, std::size_t> seen;  // folded id -> index in out.rows
    std::size_t data_rows = 0;
    for (std::size_t r = 1; r < rows.size(); ++r) {
        const CsvRow& row = rows[r];
        if (row.fields.size() == 1 && trim(row.fields[0].text).empty()) continue;  // blank line
        ++data_rows;
        if (std::string runaway = runaway_quote(row, *id_col, *label_col, name); !runaway.empty()) {
            errors.push_back(std::move(runaway));
            continue;
        }
        std::size_t need = std::max(*id_col, *label_col) + 1;
        if (row.fields.size() < need) {
            out.problems.push_back(where(name, row.line) + "expected at least " + std::to_string(need) +
                                   " columns, found " + std::to_string(row.fields.size()));
            continue;
        }
        LabelRow label{row.line, trim(row.fields[*id_col].text), std::nullopt};
        std::string value = trim(row.fields[*label_col].text);
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
    // Rows there were, and not one could be read (a header separated by
    // commas over rows separated by semicolons): ranking by no labels at
    // all would look like a result.
    if (out.rows.empty() && data_rows > 0)
        throw LabelsError(out.problems.back() + " (and no other row could be read either: the file gives no label; "
                          "header and rows read as " + delimiter_name(delimiter) + "-separated)");
    return out;
}

LabelsFile read_labels(const std::string& path) {
    // A directory opens as a stream and fails only on the first read, with a
    // library message that names no file.
    std::error_code ignored;
    if (std::filesystem::is_directory(path, ignored)) throw LabelsError(cannot_read(path, EISDIR));
    errno = 0;
    std::ifstream in(path, std::ios::binary);
    if (!in) throw LabelsError(cannot_read(path, errno));
    return parse_labels(in, path);
}

namespace {

// Label rows whose id names records of different works: numeric RIS IDs
// (1, 2, 3 ...) of two exports in one index name each other's records.
struct SeveralWorks {
    std::size_t rows = 0;
    std::string example;  // the first such row: "line 4: '3' names 7 records in a.ris, b.ris"
};

std::string work_of(const Xapian::Document& doc, Xapian::docid d) {
    std::string work = doc.get_value(schema::kSlotCluster);
    return work.empty() ? "docid " + std::to_string(d) : work;
}

// When `docs` (one row's) span several works and `selected` holds some of
// them, only those stay: the search picks the review's own export. A row
// still naming several works is counted in `several`.
void narrow_to_one_work(const Xapian::Database& db, const LabelRow& row, const SelectedRecords& selected,
                        std::vector<Xapian::docid>& docs, SeveralWorks& several) {
    if (docs.size() < 2) return;
    auto works_of = [&db](const std::vector<Xapian::docid>& ds) {
        std::set<std::string> works;
        for (Xapian::docid d : ds) works.insert(work_of(db.get_document(d), d));
        return works.size();
    };
    if (works_of(docs) < 2) return;
    if (selected) {
        const std::set<Xapian::docid>& set = selected();
        std::vector<Xapian::docid> in_set;
        std::copy_if(docs.begin(), docs.end(), std::back_inserter(in_set), [&](Xapian::docid d) { return set.count(d) > 0; });
        if (!in_set.empty()) docs = std::move(in_set);
        if (works_of(docs) < 2) return;
    }
    if (several.rows++ > 0) return;
    std::set<std::string> files;
    for (Xapian::docid d : docs) files.insert(db.get_document(d).get_value(schema::kSlotSource));
    std::string names;
    for (const std::string& f : files) names += (names.empty() ? "" : ", ") + f;
    several.example = "line " + std::to_string(row.line) + ": '" + row.id + "' names " + std::to_string(docs.size()) +
                      " records in " + names;
}

}  // namespace

ResolvedLabels resolve_labels(const Xapian::Database& db, const LabelsFile& file, const std::string& name,
                              const SelectedRecords& selected) {
    ResolvedLabels out;
    SeveralWorks ambiguous;
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
        narrow_to_one_work(db, row, selected, docs, ambiguous);
        for (Xapian::docid d : docs) {
            if (row.included) out.labels.push_back({d, *row.included, row.line});
            else out.unlabelled.push_back(d);
        }
    }
    if (ambiguous.rows > 0)
        out.warnings.push_back(name + ": " + std::to_string(ambiguous.rows) + " row(s) name records of more than one "
                               "work (" + ambiguous.example + ") among the records searched; each is labelled. Record ids "
                               "are an export's own: search only the export the labels are for (source:\"FILE\"), "
                               "or label by DOI, PMID or refdex id");
    if (unknown_unlabelled > 0)
        out.warnings.push_back(name + ": " + std::to_string(unknown_unlabelled) +
                               " unlabelled row(s) name records not in the index (rejected at ingest, or from another "
                               "export); skipped");
    return out;
}

WorkLabels work_labels(const Xapian::Database& db, const ResolvedLabels& labels,
                       const std::function<bool(Xapian::docid, Xapian::docid)>& before) {
    std::map<Xapian::docid, const ResolvedLabel*> last;  // the row that labels each document
    for (const ResolvedLabel& l : labels.labels) last[l.docid] = &l;
    // (row, work) -> the copy kept; a record in no cluster is a work alone.
    std::map<std::pair<std::size_t, std::string>, Xapian::docid> kept;
    WorkLabels out;
    for (const auto& [doc, label] : last) {
        out.named.insert(doc);
        std::string work = db.get_document(doc).get_value(schema::kSlotCluster);
        if (work.empty()) work.append("docid ").append(std::to_string(doc));
        auto [it, first] = kept.emplace(std::make_pair(label->line, std::move(work)), doc);
        if (!first && (before ? before(doc, it->second) : doc < it->second)) it->second = doc;
    }
    for (const auto& [row_work, doc] : kept) out.labels[doc] = last.at(doc)->included;
    return out;
}

}  // namespace refdex
