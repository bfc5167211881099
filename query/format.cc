#include "format.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "normalise.h"
#include "snippet.h"

namespace refdex {

namespace {

// ordered_json keeps keys in insertion order, so the documents come out in
// the order the contract lists them and facets in the order requested.
using Json = nlohmann::ordered_json;

// ---- shared text helpers -------------------------------------------------

// Replaces the snippet's highlight markers with `open` / `close`. Markers are
// replaced one by one, so an unbalanced snippet still loses every marker.
std::string render_marks(std::string_view s, std::string_view open, std::string_view close) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        if (c == kMarkStart[0]) out += open;
        else if (c == kMarkEnd[0]) out += close;
        else out += c;
    }
    return out;
}

// How each kind of mark opens and closes in one output style.
struct MarkStyle {
    std::string_view open[4], close[4];  // indexed by Mark
};

std::string render(const std::vector<MarkedText>& pieces, const MarkStyle& style) {
    std::string out;
    for (const MarkedText& p : pieces) {
        auto m = static_cast<std::size_t>(p.mark);
        out.append(style.open[m]).append(p.text).append(style.close[m]);
    }
    return out;
}

std::string render(const HighlightedText& text, const MarkStyle& style) { return render(marked_pieces(text), style); }

// The screening word lists, folded once per output rather than per hit.
struct Highlights {
    HighlightWords include, exclude;
    explicit Highlights(const FormatOptions& o)
        : include(highlight_words(o.highlight_include)), exclude(highlight_words(o.highlight_exclude)) {}
    bool empty() const { return include.empty() && exclude.empty(); }
    HighlightedText title(std::string_view text) const { return highlight_title(text, include, exclude); }
    HighlightedText snippet(std::string_view text) const { return highlight_snippet(text, include, exclude); }
};

// JSON keeps the query's "**" and adds distinct screening markers.
constexpr MarkStyle kJsonMarks{{"", "**", "++", "--"}, {"", "**", "++", "--"}};

// RIS is line based: a value with a line break would end the tag early.
std::string one_line(std::string_view s) {
    std::string out(s);
    std::replace(out.begin(), out.end(), '\r', ' ');
    std::replace(out.begin(), out.end(), '\n', ' ');
    return out;
}

// Record text comes from arbitrary files: drop C0 controls and DEL so that a
// record cannot move the cursor or recolour the user's terminal. Tabs and
// line breaks become spaces to keep our layout intact. `keep_marks` spares
// the snippet's highlight markers for render_marks() to replace.
std::string terminal_safe(std::string_view s, bool keep_marks = false) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        auto u = static_cast<unsigned char>(c);
        if (u == '\t' || u == '\n' || u == '\r') out += ' ';
        else if (keep_marks && (c == kMarkStart[0] || c == kMarkEnd[0])) out += c;
        else if (u >= 0x20 && u != 0x7f) out += c;
    }
    return out;
}

// "1234567" -> "1,234,567": totals are read by people in the text format.
std::string group_thousands(std::size_t n) {
    std::string digits = std::to_string(n);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

// Shortest text that reads back as the same double (CSV has no number type).
std::string format_double(double value) {
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
    if (ec != std::errc()) return "0";
    return std::string(buf, end);
}

std::string join(const std::vector<std::string>& values, std::string_view sep) {
    std::string out;
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i > 0) out += sep;
        out += values[i];
    }
    return out;
}

std::string pages(const Record& r) {
    if (r.end_page.empty()) return r.start_page;
    if (r.start_page.empty()) return r.end_page;
    return r.start_page + "-" + r.end_page;
}

// Number of code points: good enough to align facet columns (wide CJK
// characters will be off by one, which we accept).
std::size_t display_width(std::string_view s) {
    return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

// The first `width` code points of `s`, never cutting a UTF-8 sequence.
std::string truncate_display(std::string_view s, std::size_t width) {
    std::size_t seen = 0, i = 0;
    for (; i < s.size(); ++i) {
        bool lead = (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80;
        if (lead && seen++ == width) break;
    }
    return std::string(s.substr(0, i));
}

// ---- JSON / JSONL ----------------------------------------------------------

std::string_view mark_name(Mark mark) {
    switch (mark) {
        case Mark::Query: return "query";
        case Mark::Include: return "include";
        case Mark::Exclude: return "exclude";
        case Mark::None: break;
    }
    return "none";
}

// [[start, end, kind], ...]: offsets in code points, which is how JSON
// readers index a decoded string (Python's str), not in UTF-8 bytes.
Json ranges_json(const HighlightedText& text) {
    const std::string_view plain = text.plain;
    Json out = Json::array();
    for (const MarkedRange& r : text.ranges)
        out.push_back(Json::array({display_width(plain.substr(0, r.begin)), display_width(plain.substr(0, r.end)),
                                   mark_name(r.mark)}));
    return out;
}

// Absent year is null (a number field must not hold a placeholder string);
// absent DOI/PMID are "" so those keys are always strings.
Json hit_json(const Hit& hit, const Highlights& marks) {
    const Record& r = hit.record;
    Json j;
    j["rank"] = hit.rank;
    j["id"] = hit.stored.id;
    j["record_id"] = hit.record.record_id;  // the export's own id (RIS ID), "" when none
    j["score"] = hit.score;
    j["type"] = r.type;
    // Screening highlight keys only when highlights were asked for, so plain
    // searches keep the documented keys.
    const bool highlighted = !marks.empty();
    const HighlightedText title = highlighted ? marks.title(r.title) : HighlightedText{};
    const HighlightedText snippet = highlighted ? marks.snippet(hit.snippet) : HighlightedText{};
    j["title"] = r.title;
    if (highlighted) j["title_highlighted"] = render(title, kJsonMarks);
    j["authors"] = r.authors;
    j["year"] = r.year ? Json(*r.year) : Json(nullptr);
    j["journal"] = r.journal;
    j["doi"] = r.doi_shown();
    j["pmid"] = r.pmid;
    j["keywords"] = r.keywords;
    j["abstract"] = r.abstract;
    j["snippet"] = highlighted ? render(snippet, kJsonMarks) : render_marks(hit.snippet, "**", "**");
    if (highlighted) {
        // "++" or "--" in a record reads like markup in the strings above;
        // offsets into the unmarked text cannot be misread.
        j["snippet_text"] = snippet.plain;
        j["highlights"] = Json{{"title", ranges_json(title)}, {"snippet", ranges_json(snippet)}};
    }
    j["duplicates"] = hit.duplicates;
    j["source"] = Json{{"file", hit.stored.raw.source_file}, {"line", hit.stored.raw.line}};
    return j;
}

// Facet values stay strings for every facet (year included) so a consumer can
// treat all facets alike.
Json facets_json(const std::vector<Facet>& facets) {
    Json j = Json::object();
    for (const Facet& f : facets) {
        Json values = Json::array();
        for (const FacetCount& c : f.values) values.push_back(Json{{"value", c.value}, {"count", c.count}});
        j[f.name] = std::move(values);
    }
    return j;
}

Json result_json(const SearchResult& result, const Highlights& marks, bool explain) {
    Json j;
    j["query"] = result.query;
    j["total"] = result.total;
    j["total_exact"] = result.total_exact;
    j["offset"] = result.offset;
    j["limit"] = result.limit;
    Json hits = Json::array();
    for (const Hit& h : result.hits) hits.push_back(hit_json(h, marks));
    j["hits"] = std::move(hits);
    j["facets"] = facets_json(result.facets);
    // Extensions to the contract: present only when they say something, so
    // the default document keeps exactly the documented keys.
    if (explain && !result.explanation.empty()) j["explanation"] = result.explanation;
    if (!result.suggestion.empty()) j["suggestion"] = result.suggestion;
    return j;
}

// Record text may hold invalid UTF-8; replace it rather than throw mid-output.
std::string dump(const Json& j, int indent) {
    return j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

void write_json(const SearchResult& result, std::ostream& out, const FormatOptions& o) {
    out << dump(result_json(result, Highlights(o), o.explain), 2) << '\n';
}

void write_jsonl(const SearchResult& result, std::ostream& out, const FormatOptions& o) {
    Highlights marks(o);
    for (const Hit& h : result.hits) out << dump(hit_json(h, marks), -1) << '\n';
}

// ---- CSV ---------------------------------------------------------------------

constexpr const char* kCsvColumns[] = {
    "rank", "id", "score", "type", "title", "authors", "year", "journal", "volume",
    "issue", "pages", "doi", "pmid", "keywords", "abstract", "source_file",
    "source_line", "duplicates", "record_id"};

void write_csv_row(const std::vector<std::string>& fields, std::ostream& out) {
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i > 0) out << ',';
        out << csv_field(fields[i]);
    }
    out << "\r\n";  // RFC 4180 line end
}

std::vector<std::string> csv_values(const Hit& hit) {
    const Record& r = hit.record;
    return {std::to_string(hit.rank),
            hit.stored.id,
            format_double(hit.score),
            r.type,
            r.title,
            join(r.authors, "; "),
            r.year ? std::to_string(*r.year) : std::string(),
            r.journal,
            r.volume,
            r.issue,
            pages(r),
            r.doi_shown(),
            r.pmid,
            join(r.keywords, "; "),
            r.abstract,
            hit.stored.raw.source_file,
            std::to_string(hit.stored.raw.line),
            std::to_string(hit.duplicates),
            r.record_id};
}

// With highlights, two columns at the end (the documented ones keep their
// places): the title and snippet marked as in JSON's title_highlighted and
// snippet, so a screening spreadsheet shows them too.
void write_csv(const SearchResult& result, std::ostream& out, const FormatOptions& o) {
    const Highlights marks(o);
    std::vector<std::string> header(std::begin(kCsvColumns), std::end(kCsvColumns));
    if (!marks.empty()) header.insert(header.end(), {"title_highlighted", "snippet_highlighted"});
    write_csv_row(header, out);
    for (const Hit& h : result.hits) {
        std::vector<std::string> row = csv_values(h);
        if (!marks.empty()) {
            row.push_back(render(marks.title(h.record.title), kJsonMarks));
            row.push_back(render(marks.snippet(h.snippet), kJsonMarks));
        }
        write_csv_row(row, out);
    }
}

// ---- RIS -----------------------------------------------------------------------

void ris_line(std::string& out, std::string_view tag, std::string_view value) {
    out += tag;
    out += "  - ";
    out += one_line(value);
    out += '\n';
}

// Empty canonical fields are left out: "PY  - " would only add noise.
void ris_opt(std::string& out, std::string_view tag, const std::string& value) {
    if (!value.empty()) ris_line(out, tag, value);
}

void ris_each(std::string& out, std::string_view tag, const std::vector<std::string>& values) {
    for (const auto& v : values) ris_opt(out, tag, v);
}

// A RIS record goes back tag for tag. TY must open the record and may appear
// only once (a reader starts a new record at every TY), so the first TY is
// moved to the front and any later one dropped; ER is ours to write.
std::string ris_from_ris(const RawRecord& raw, const Record& record) {
    std::string out;
    auto ty = std::find_if(raw.fields.begin(), raw.fields.end(),
                           [](const RawField& f) { return f.tag == "TY"; });
    std::string type = ty != raw.fields.end() && !one_line(ty->value).empty() ? ty->value
                       : !record.type.empty()                               ? record.type
                                                                            : "GEN";
    ris_line(out, "TY", type);
    for (const RawField& f : raw.fields) {
        if (f.tag == "TY" || f.tag == "ER") continue;
        ris_line(out, f.tag, f.value);
    }
    return out;
}

// MEDLINE and WoS tags mean something else in RIS, so these records are
// rebuilt from their canonical fields.
std::string ris_from_record(const Record& r) {
    std::string out;
    ris_line(out, "TY", r.type.empty() ? "GEN" : r.type);
    ris_each(out, "AU", r.authors);
    ris_each(out, "A2", r.editors);
    ris_opt(out, "TI", r.title);
    // RIS TT and J2 read back into the same fields (translated titles, the
    // journal's other names), so the record is searched alike after a round trip.
    ris_each(out, "TT", r.translated_titles);
    ris_opt(out, "T2", r.journal);
    ris_each(out, "J2", r.journal_alternates);
    // MEDLINE PT and WoS DT as RIS's "type of work", one a line: read back
    // as publication types, so type: and [pt] still find the copy.
    ris_each(out, "M3", r.publication_types);
    ris_opt(out, "AB", r.abstract);
    ris_each(out, "KW", r.keywords);
    ris_opt(out, "PY", r.year ? std::to_string(*r.year) : std::string());
    ris_opt(out, "DA", r.date);
    ris_opt(out, "VL", r.volume);
    ris_opt(out, "IS", r.issue);
    ris_opt(out, "SP", r.start_page);
    ris_opt(out, "EP", r.end_page);
    ris_opt(out, "DO", r.doi_shown());
    ris_opt(out, "AN", r.pmid);
    // AN is read back as a PMID only when DB names PubMed; without a PMID the
    // record's own database (e.g. "Web of Science") is still worth keeping.
    ris_opt(out, "DB", r.pmid.empty() ? r.database : std::string("PubMed"));
    ris_each(out, "SN", r.issn);
    ris_each(out, "SN", r.isbn);
    ris_opt(out, "PB", r.publisher);
    ris_opt(out, "LA", r.language);
    ris_each(out, "UR", r.urls);
    ris_each(out, "N1", r.notes);
    ris_opt(out, "ID", r.record_id);
    return out;
}

void write_ris(const SearchResult& result, std::ostream& out) {
    for (const Hit& h : result.hits) out << to_ris(h.stored.raw, h.record);
}

void write_ids(const SearchResult& result, std::ostream& out) {
    for (const Hit& h : result.hits) out << h.stored.id << '\n';
}

// ---- text ------------------------------------------------------------------------

constexpr const char* kBold = "\x1b[1m";
constexpr const char* kReset = "\x1b[0m";
constexpr const char* kBarColour = "\x1b[36m";  // cyan
constexpr std::size_t kMaxBar = 30;
constexpr std::size_t kMaxFacetLabel = 40;
constexpr std::size_t kShortAuthors = 3;

std::string bold(const std::string& s, const FormatOptions& o) {
    return o.terminal ? kBold + s + kReset : s;
}

// "Pacho, Ana M." -> "Pacho AM": the surname as written (diacritics kept),
// then initials. Names without a comma ("A. Pacho", "PACHO A") go through
// parse_author, which knows those styles.
std::string short_author(const std::string& name) {
    auto comma = name.find(',');
    if (comma == std::string::npos) {
        AuthorName parsed = parse_author(name);
        return parsed.surname.empty() ? name : parsed.display();
    }
    std::string out = name.substr(0, comma);
    std::string initials;
    bool at_start = true;
    for (std::size_t i = comma + 1; i < name.size(); ++i) {
        auto u = static_cast<unsigned char>(name[i]);
        bool separator = u == ' ' || u == '.' || u == '-';
        if (separator) { at_start = true; continue; }
        if (!at_start) continue;
        // Copy one whole code point: initials of "Élodie" must stay valid UTF-8.
        std::size_t len = u < 0x80 ? 1 : u >= 0xF0 ? 4 : u >= 0xE0 ? 3 : 2;
        std::string initial = name.substr(i, len);
        if (len == 1) initial[0] = static_cast<char>(std::toupper(u));
        initials += initial;
        at_start = false;
    }
    if (!initials.empty()) out += " " + initials;
    return out;
}

// "A, B, C, et al. (8 authors)": enough to recognise a paper.
std::string author_line(const std::vector<std::string>& authors) {
    std::vector<std::string> shown;
    for (std::size_t i = 0; i < authors.size() && i < kShortAuthors; ++i)
        shown.push_back(short_author(authors[i]));
    std::string out = join(shown, ", ");
    if (authors.size() > kShortAuthors)
        out += ", et al. (" + std::to_string(authors.size()) + " authors)";
    return out;
}

std::string source_line(const Record& r) {
    std::vector<std::string> parts;
    if (!r.journal.empty()) parts.push_back(r.journal);
    if (r.year) parts.push_back(std::to_string(*r.year));
    if (!r.doi.empty()) parts.push_back("doi:" + r.doi_shown());
    if (!r.pmid.empty()) parts.push_back("PMID:" + r.pmid);
    return join(parts, " \xC2\xB7 ");  // U+00B7 middle dot
}

void write_header(const SearchResult& result, std::ostream& out) {
    if (result.total == 0) {
        out << "No records match\n";
        return;
    }
    std::string count = group_thousands(result.total);
    out << (result.total_exact ? "" : "about ") << count
        << (result.total == 1 && result.total_exact ? " record matches" : " records match");
    if (!result.hits.empty())
        out << ", showing " << result.hits.front().rank << "\xE2\x80\x93"  // en dash
            << result.hits.back().rank;
    out << '\n';
}

// Screening highlights in text: colour on a terminal (green bold for
// inclusion signs, red underline for exclusion signs), bracket markers in
// plain text so the two kinds stay apart without colour.
constexpr const char* kInclude = "\x1b[1;32m";
constexpr const char* kExclude = "\x1b[4;31m";
constexpr MarkStyle kPlainMarks{{"", "", "[+", "[-"}, {"", "", "+]", "-]"}};
constexpr MarkStyle kTerminalMarks{{"", kBold, kInclude, kExclude}, {"", kReset, kReset, kReset}};
// Inside the bold title a reset would end the bold too: turn it back on.
constexpr MarkStyle kTerminalTitleMarks{{"", "", kInclude, kExclude},
                                        {"", "", "\x1b[0m\x1b[1m", "\x1b[0m\x1b[1m"}};

std::string title_line(const Record& r, const FormatOptions& o, const Highlights& marks) {
    if (r.title.empty()) return bold("(no title)", o);
    std::string title = terminal_safe(r.title);
    if (marks.empty()) return bold(title, o);
    if (!o.terminal) return render(marks.title(title), kPlainMarks);
    return kBold + render(marks.title(title), kTerminalTitleMarks) + kReset;
}

std::string snippet_line(const Hit& hit, const FormatOptions& o, const Highlights& marks) {
    // Sanitise before rendering: the markers are control bytes, and so is
    // the ESC that starts our own bold sequence.
    std::string safe = terminal_safe(hit.snippet, true);
    if (!marks.empty()) return render(marks.snippet(safe), o.terminal ? kTerminalMarks : kPlainMarks);
    return o.terminal ? render_marks(safe, kBold, kReset) : render_marks(safe, "", "");
}

void write_hit(const Hit& hit, std::ostream& out, const FormatOptions& o, const Highlights& marks) {
    const Record& r = hit.record;
    out << hit.rank << ". " << title_line(r, o, marks) << '\n';
    if (!r.authors.empty()) out << "   " << terminal_safe(author_line(r.authors)) << '\n';
    std::string src = source_line(r);
    if (!src.empty()) out << "   " << terminal_safe(src) << '\n';
    if (!hit.snippet.empty()) out << "   " << snippet_line(hit, o, marks) << '\n';
    if (hit.duplicates > 0)
        out << "   [+" << hit.duplicates << (hit.duplicates == 1 ? " duplicate]" : " duplicates]") << '\n';
}

std::string bar(std::size_t count, std::size_t max, const FormatOptions& o) {
    std::size_t width = max == 0 ? 0 : (count * kMaxBar + max / 2) / max;
    if (count > 0 && width == 0) width = 1;  // a non-zero count stays visible
    std::string out;
    for (std::size_t i = 0; i < width; ++i) out += o.terminal ? "\xE2\x96\x88" : "#";  // U+2588
    return o.terminal ? kBarColour + out + kReset : out;
}

void write_facet(const Facet& facet, std::ostream& out, const FormatOptions& o) {
    out << bold(facet.name, o) << '\n';
    if (facet.values.empty()) {
        out << "  (none)\n";
        return;
    }
    std::size_t max = 0, label = 0;
    std::vector<std::string> labels;
    for (const FacetCount& c : facet.values) {
        max = std::max(max, c.count);
        std::string l = terminal_safe(c.value);
        if (display_width(l) > kMaxFacetLabel) l = truncate_display(l, kMaxFacetLabel - 1) + "\xE2\x80\xA6";
        label = std::max(label, display_width(l));
        labels.push_back(std::move(l));
    }
    for (std::size_t i = 0; i < labels.size(); ++i) {
        out << "  " << labels[i] << std::string(label - display_width(labels[i]), ' ') << "  "
            << bar(facet.values[i].count, max, o) << ' ' << group_thousands(facet.values[i].count)
            << '\n';
    }
}

void write_text(const SearchResult& result, std::ostream& out, const FormatOptions& o) {
    if (o.explain && !result.explanation.empty()) {
        out << "Query understood as:\n";
        for (const auto& line : result.explanation) out << "  " << terminal_safe(line) << '\n';
        out << '\n';
    }
    write_header(result, out);
    if (!result.suggestion.empty())
        out << "Did you mean: " << terminal_safe(result.suggestion) << "?\n";
    Highlights marks(o);
    for (const Hit& h : result.hits) {
        out << '\n';
        write_hit(h, out, o, marks);
    }
    for (const Facet& f : result.facets) {
        out << '\n';
        write_facet(f, out, o);
    }
}

}  // namespace

bool parse_output_format(const std::string& name, OutputFormat& out) {
    static const std::pair<const char*, OutputFormat> kNames[] = {
        {"text", OutputFormat::Text}, {"json", OutputFormat::Json}, {"jsonl", OutputFormat::Jsonl},
        {"csv", OutputFormat::Csv},   {"ris", OutputFormat::Ris},   {"ids", OutputFormat::Ids}};
    for (const auto& [n, f] : kNames) {
        if (name == n) {
            out = f;
            return true;
        }
    }
    return false;
}

void write_results(const SearchResult& result, OutputFormat format, std::ostream& out,
                   const FormatOptions& options) {
    switch (format) {
        case OutputFormat::Text: write_text(result, out, options); break;
        case OutputFormat::Json: write_json(result, out, options); break;
        case OutputFormat::Jsonl: write_jsonl(result, out, options); break;
        case OutputFormat::Csv: write_csv(result, out, options); break;
        case OutputFormat::Ris: write_ris(result, out); break;
        case OutputFormat::Ids: write_ids(result, out); break;
    }
}

std::string to_ris(const RawRecord& raw, const Record& record) {
    std::string out = raw.format == InputFormat::Ris ? ris_from_ris(raw, record) : ris_from_record(record);
    out += "ER  - \n\n";
    return out;
}

std::string csv_field(const std::string& value) {
    if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
    std::string out = "\"";
    for (char c : value) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
    return out;
}

}  // namespace refdex
