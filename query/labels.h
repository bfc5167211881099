// LABELS.csv: the screening decisions a reviewer has made so far, as used by
// --prioritise and --simulate. A header names an id column ("record_id" or
// "id") and a label column ("label_included" or "label"); other columns are
// ignored. Fields are separated by commas, semicolons or tabs (whichever the
// header line uses most). Labels are 1 (include), 0 (exclude) or empty (not
// yet screened); anything else, or one id labelled two ways, is an error.
// The files in ../shared/corpus/screening are the model.
#pragma once

#include <functional>
#include <istream>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include <xapian.h>

namespace refdex {

// The file cannot be used (unreadable, no usable header, an unclosed quote,
// a label that is not 1, 0 or empty, one id labelled two ways). The message
// starts "NAME:" or "NAME:LINE: ".
class LabelsError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct LabelRow {
    std::size_t line = 0;          // 1-based line of the row in the file
    std::string id;                // as written (trimmed)
    std::optional<bool> included;  // nullopt: unlabelled
};

struct LabelsFile {
    std::vector<LabelRow> rows;
    // Rows skipped and decoding repairs, one "NAME:LINE: message" each (no
    // id, too few columns, an exact repeat of an earlier row's id and label,
    // a line decoded as windows-1252).
    std::vector<std::string> problems;
};

// Parses RFC 4180 CSV (quoted fields, CRLF, LF or CR) in UTF-8 (BOM or
// not), UTF-16 LE/BE with a BOM, or windows-1252 (decoded by the indexer's
// LineSource; its repairs are added to `problems`), with the delimiter
// detected from the header line: comma, semicolon or tab, counted outside
// quoted values, comma on a tie. A quote opens a quoted value only at the
// start of a field (after spaces); elsewhere it is an ordinary character, as
// pandas and Excel read it. `name` prefixes messages. Ids and labels are
// trimmed of spaces and tabs. Throws LabelsError when the header lacks an id
// or label column (saying which delimiter was assumed), for a quote the file
// never closes, for a quoted id or label that runs past the end of its line
// (a stray quote; other columns may hold line breaks), for a label other
// than 1, 0 or empty, and for an id (compared folded, as looked up) given two
// different labels, naming both lines; the first error is the message, with
// a count of the rest. "label_included" is preferred over "label" when both
// exist.
LabelsFile parse_labels(std::istream& in, const std::string& name);
// As parse_labels on the file at `path`; throws LabelsError naming `path` and
// the reason when it cannot be read (missing, a directory, no permission).
LabelsFile read_labels(const std::string& path);

// A label row matched to the index documents it names.
struct ResolvedLabel {
    Xapian::docid docid = 0;
    bool included = false;
    std::size_t line = 0;  // the label row's (LabelRow::line)
};

struct ResolvedLabels {
    std::vector<ResolvedLabel> labels;   // one per (labelled row, document)
    std::vector<Xapian::docid> unlabelled;  // documents named by rows with an empty label
    std::size_t unknown = 0;            // rows naming no record in the index
    std::size_t unknown_labelled = 0;   // ... of which labelled 0 or 1
    std::size_t unknown_included = 0;   // ... of which labelled 1
    std::vector<std::string> warnings;  // "NAME:LINE: ..." for unknown ids
};

// Looks each id up as the record's RIS ID (schema::kRecordId, folded), DOI,
// PMID, then refdex id; the first kind that names any document wins. An id
// naming several documents (a PMID two exports share) labels all;
// work_labels keeps one per work. An id naming records of different works
// (numeric RIS ids of two exports) keeps only those in `selected()` (the
// records the search matches; asked for only when such an id is met) when
// it holds some, and is warned about when it still names several works.
using SelectedRecords = std::function<const std::set<Xapian::docid>&()>;
ResolvedLabels resolve_labels(const Xapian::Database& db, const LabelsFile& file, const std::string& name,
                              const SelectedRecords& selected = {});

// The labels as screening decisions on works (duplicate clusters; a record
// in none is a work alone): what --prioritise and --simulate count and learn
// from.
struct WorkLabels {
    // One document per label row and work it names: a PMID or DOI that two
    // exports of one work both carry labels the work once, not each copy.
    // Rows naming different copies (each by its own RIS ID) stay one each,
    // as review data sets count them; so do copies labelled both ways.
    std::map<Xapian::docid, bool> labels;
    // Every document a row labelled 1 or 0 names, the copies not kept in
    // `labels` too: none of them is an unlabelled record.
    std::set<Xapian::docid> named;
};

// Of the documents one row names in one work, keeps the one `before` orders
// first (a strict weak order; empty: the lowest docid). A document named by
// several rows takes the last row's label (a corrected decision), and is a
// copy of that row's alone.
WorkLabels work_labels(const Xapian::Database& db, const ResolvedLabels& labels,
                       const std::function<bool(Xapian::docid, Xapian::docid)>& before = {});

}  // namespace refdex
