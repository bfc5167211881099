// Output formats of refdex-query: every format is parsed back (JSON with
// nlohmann, CSV with a small RFC 4180 reader below, RIS by exact text) so the
// tests check what a consumer would actually see.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "format.h"
#include "record.h"
#include "search.h"

using namespace refdex;
using nlohmann::json;

namespace {

RawField field(const std::string& tag, const std::string& value, std::uint64_t line) {
    return RawField{tag, value, line};
}

// A RIS record whose title needs CSV quoting (comma, quote, line break) and
// whose snippet carries highlight markers.
Hit ris_hit() {
    Hit h;
    h.rank = 1;
    h.score = 12.5;
    h.stored.id = "00112233aabbccdd";
    RawRecord& raw = h.stored.raw;
    raw.format = InputFormat::Ris;
    raw.source_file = "refs, 2025.ris";
    raw.line = 10;
    raw.fields = {
        field("TY", "JOUR", 10),
        field("TI", "Care, \"integrated\"\nand evaluated", 11),
        field("AU", "Pacho, A.", 12),
        field("AU", "Wistow, G.", 13),
        field("AU", "Mays, N.", 14),
        field("AU", "Müller, Élodie", 15),
        field("T2", "J Health Serv Res Policy", 16),
        field("PY", "2025", 17),
        field("KW", "care", 18),
        field("KW", "policy", 19),
        field("AB", "We evaluated integrated care in England.", 20),
        field("DO", "10.1177/13558196241234567", 21),
        field("ZZ", "a custom tag", 22),
        field("ID", "REC-7", 23),
        field("ER", "", 24),
    };
    h.record = map_record(raw);
    h.snippet = "We evaluated \x02integrated\x03 \x02" "care\x03 in England.";
    h.duplicates = 2;
    return h;
}

// A RIS record with no year, DOI or PMID: the JSON types must still hold.
Hit sparse_hit() {
    Hit h;
    h.rank = 2;
    h.score = 3.25;
    h.stored.id = "ffeeddccbbaa9988";
    RawRecord& raw = h.stored.raw;
    raw.format = InputFormat::Ris;
    raw.source_file = "other.ris";
    raw.line = 1;
    raw.fields = {field("TY", "BOOK", 1), field("TI", "A book without a year", 2), field("ER", "", 3)};
    h.record = map_record(raw);
    return h;
}

Hit medline_hit() {
    Hit h;
    h.rank = 3;
    h.score = 1.0;
    h.stored.id = "0123456789abcdef";
    RawRecord& raw = h.stored.raw;
    raw.format = InputFormat::Medline;
    raw.source_file = "pubmed.nbib";
    raw.line = 1;
    raw.fields = {
        field("PMID", "31234567", 1),
        field("TI", "Screening for\nthings.", 2),
        field("FAU", "Smith, John", 3),
        field("AU", "Smith J", 4),
        field("FAU", "Jones, Mary", 5),
        field("AU", "Jones M", 6),
        field("AB", "An abstract.", 7),
        field("DP", "2019 Mar", 8),
        field("JT", "Journal of Things", 9),
        field("VI", "12", 10),
        field("IP", "3", 11),
        field("LID", "10.1000/xyz123 [doi]", 12),
        field("MH", "Mass Screening", 13),
        field("LA", "eng", 14),
    };
    h.record = map_record(raw);
    h.snippet = "An \x02" "abstract\x03.";
    return h;
}

SearchResult sample_result() {
    SearchResult r;
    r.query = "integrated care";
    r.total = 3;
    r.offset = 0;
    r.limit = 10;
    r.hits = {ris_hit(), sparse_hit(), medline_hit()};
    r.facets = {
        Facet{"year", {{"2019", 1}, {"2025", 4}}},
        Facet{"type", {{"JOUR", 2}, {"BOOK", 1}}},
    };
    return r;
}

std::string render(const SearchResult& r, OutputFormat f, FormatOptions o = {}) {
    std::ostringstream out;
    write_results(r, f, out, o);
    return out.str();
}

bool has_markers(const std::string& s) {
    return s.find('\x02') != std::string::npos || s.find('\x03') != std::string::npos;
}

// RFC 4180 reader: fields separated by ',', records by CRLF, quoted fields
// may hold commas, CR/LF and doubled quotes. Throws on malformed quoting.
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row;
    std::string cur;
    std::size_t i = 0;
    bool quoted_field = false;
    while (i < text.size()) {
        char c = text[i];
        if (c == '"' && cur.empty() && !quoted_field) {
            quoted_field = true;
            ++i;
            for (;;) {
                if (i >= text.size()) throw std::runtime_error("unterminated quote");
                if (text[i] == '"') {
                    if (i + 1 < text.size() && text[i + 1] == '"') { cur += '"'; i += 2; continue; }
                    ++i;
                    break;
                }
                cur += text[i++];
            }
            if (i < text.size() && text[i] != ',' && text[i] != '\r')
                throw std::runtime_error("text after closing quote");
        } else if (c == ',') {
            row.push_back(cur); cur.clear(); quoted_field = false; ++i;
        } else if (c == '\r') {
            if (i + 1 >= text.size() || text[i + 1] != '\n') throw std::runtime_error("bare CR");
            row.push_back(cur); cur.clear(); quoted_field = false;
            rows.push_back(row); row.clear();
            i += 2;
        } else if (c == '\n' || c == '"') {
            throw std::runtime_error("bare LF or quote in unquoted field");
        } else {
            cur += c; ++i;
        }
    }
    if (!cur.empty() || !row.empty()) throw std::runtime_error("last record without CRLF");
    return rows;
}

// Every key of a hit, with the JSON type the contract promises.
void check_hit_schema(const json& h) {
    REQUIRE(h.is_object());
    CHECK(h.at("rank").is_number_integer());
    CHECK(h.at("id").is_string());
    CHECK(h.at("score").is_number());
    CHECK(h.at("type").is_string());
    CHECK(h.at("title").is_string());
    CHECK(h.at("authors").is_array());
    for (const auto& a : h.at("authors")) CHECK(a.is_string());
    CHECK((h.at("year").is_number_integer() || h.at("year").is_null()));
    CHECK(h.at("journal").is_string());
    CHECK(h.at("doi").is_string());
    CHECK(h.at("pmid").is_string());
    CHECK(h.at("keywords").is_array());
    for (const auto& k : h.at("keywords")) CHECK(k.is_string());
    CHECK(h.at("abstract").is_string());
    CHECK(h.at("snippet").is_string());
    CHECK(h.at("duplicates").is_number_integer());
    CHECK(h.at("source").is_object());
    CHECK(h.at("source").at("file").is_string());
    CHECK(h.at("source").at("line").is_number_integer());
}

}  // namespace

TEST_CASE("parse_output_format accepts exact names only", "[format]") {
    OutputFormat f = OutputFormat::Text;
    CHECK(parse_output_format("json", f));
    CHECK(f == OutputFormat::Json);
    CHECK(parse_output_format("jsonl", f));
    CHECK(f == OutputFormat::Jsonl);
    CHECK(parse_output_format("csv", f));
    CHECK(parse_output_format("ris", f));
    CHECK(parse_output_format("ids", f));
    CHECK(f == OutputFormat::Ids);
    CHECK(parse_output_format("text", f));
    CHECK(f == OutputFormat::Text);
    CHECK_FALSE(parse_output_format("JSON", f));
    CHECK_FALSE(parse_output_format("json ", f));
    CHECK_FALSE(parse_output_format("", f));
    CHECK_FALSE(parse_output_format("tsv", f));
}

TEST_CASE("csv_field quotes only when needed", "[format]") {
    CHECK(csv_field("plain") == "plain");
    CHECK(csv_field("") == "");
    CHECK(csv_field("a,b") == "\"a,b\"");
    CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
    CHECK(csv_field("two\nlines") == "\"two\nlines\"");
    CHECK(csv_field("cr\rhere") == "\"cr\rhere\"");
}

TEST_CASE("json output follows the documented schema", "[format]") {
    SearchResult r = sample_result();
    std::string text = render(r, OutputFormat::Json);
    CHECK_FALSE(has_markers(text));
    json j = json::parse(text);

    CHECK(j.at("query") == "integrated care");
    CHECK(j.at("total").is_number_integer());
    CHECK(j.at("total_exact").is_boolean());
    CHECK(j.at("offset").is_number_integer());
    CHECK(j.at("limit").is_number_integer());
    CHECK_FALSE(j.contains("suggestion"));  // only when non-empty
    CHECK_FALSE(j.contains("explanation"));
    REQUIRE(j.at("hits").size() == 3);
    for (const auto& h : j.at("hits")) check_hit_schema(h);

    const json& full = j["hits"][0];
    CHECK(full["id"] == "00112233aabbccdd");
    CHECK(full["year"] == 2025);
    CHECK(full["doi"] == "10.1177/13558196241234567");
    CHECK(full["score"].get<double>() == Approx(12.5));
    CHECK(full["authors"].size() == 4);
    CHECK(full["authors"][3] == "Müller, Élodie");
    CHECK(full["snippet"] == "We evaluated **integrated** **care** in England.");
    CHECK(full["duplicates"] == 2);
    CHECK(full["source"]["file"] == "refs, 2025.ris");
    CHECK(full["source"]["line"] == 10);

    const json& sparse = j["hits"][1];
    CHECK(sparse["year"].is_null());
    CHECK(sparse["doi"] == "");
    CHECK(sparse["pmid"] == "");
    CHECK(sparse["authors"].empty());

    CHECK(j["hits"][2]["pmid"] == "31234567");

    // Facets keep the request order (year before type, not alphabetical).
    const json& facets = j.at("facets");
    REQUIRE(facets.is_object());
    // nlohmann::json sorts keys; ordered_json reads them in document order.
    std::vector<std::string> names;
    const auto ordered = nlohmann::ordered_json::parse(text);
    for (const auto& [name, values] : ordered.at("facets").items()) names.push_back(name);
    CHECK(names == std::vector<std::string>{"year", "type"});
    for (const auto& [name, values] : facets.items()) {
        REQUIRE(values.is_array());
        for (const auto& v : values) {
            CHECK(v.at("value").is_string());
            CHECK(v.at("count").is_number_integer());
        }
    }
    CHECK(facets["year"][1]["count"] == 4);
}

TEST_CASE("json output adds a suggestion when present, and the explanation only with --explain", "[format]") {
    SearchResult r;
    r.query = "integratd";
    r.suggestion = "integrated";
    r.explanation = {"integratd: any field"};
    CHECK_FALSE(json::parse(render(r, OutputFormat::Json)).contains("explanation"));
    FormatOptions explain;
    explain.explain = true;
    json j = json::parse(render(r, OutputFormat::Json, explain));
    CHECK(j["suggestion"] == "integrated");
    CHECK(j["explanation"][0] == "integratd: any field");
    CHECK(j["hits"].is_array());
    CHECK(j["hits"].empty());
    CHECK(j["facets"].is_object());
}

TEST_CASE("json output survives invalid UTF-8", "[format]") {
    SearchResult r = sample_result();
    r.hits[0].record.title = "bad \xff byte";
    std::string text = render(r, OutputFormat::Json);
    json j = json::parse(text);
    CHECK(j["hits"][0]["title"] == "bad \xEF\xBF\xBD byte");  // U+FFFD
}

TEST_CASE("jsonl writes one compact hit per line", "[format]") {
    SearchResult r = sample_result();
    std::string text = render(r, OutputFormat::Jsonl);
    CHECK_FALSE(has_markers(text));
    std::istringstream in(text);
    std::string line;
    std::size_t n = 0;
    while (std::getline(in, line)) {
        json h = json::parse(line);
        check_hit_schema(h);
        CHECK(h["rank"] == r.hits[n].rank);
        ++n;
    }
    CHECK(n == r.hits.size());
}

TEST_CASE("csv output parses back with an RFC 4180 reader", "[format]") {
    SearchResult r = sample_result();
    std::string text = render(r, OutputFormat::Csv);
    CHECK_FALSE(has_markers(text));
    auto rows = parse_csv(text);
    REQUIRE(rows.size() == 1 + r.hits.size());
    const std::vector<std::string> header = {
        "rank", "id", "score", "type", "title", "authors", "year", "journal", "volume",
        "issue", "pages", "doi", "pmid", "keywords", "abstract", "source_file",
        "source_line", "duplicates", "record_id"};
    CHECK(rows[0] == header);
    for (const auto& row : rows) CHECK(row.size() == header.size());

    const auto& first = rows[1];
    const Record& rec = r.hits[0].record;
    CHECK(first[0] == "1");
    CHECK(first[1] == "00112233aabbccdd");
    CHECK(std::stod(first[2]) == Approx(12.5));
    CHECK(first[3] == rec.type);
    CHECK(first[4] == rec.title);  // commas, quotes (and whatever clean_text kept) survive
    CHECK(first.back() == "REC-7");  // the export's own id, to join screening decisions back
    CHECK(rec.title.find(',') != std::string::npos);
    CHECK(rec.title.find('"') != std::string::npos);
    CHECK(first[5] == "Pacho, A.; Wistow, G.; Mays, N.; Müller, Élodie");
    CHECK(first[6] == "2025");
    CHECK(first[7] == "J Health Serv Res Policy");
    CHECK(first[11] == "10.1177/13558196241234567");
    CHECK(first[13] == "care; policy");
    CHECK(first[15] == "refs, 2025.ris");
    CHECK(first[16] == "10");
    CHECK(first[17] == "2");

    CHECK(rows[2][6] == "");  // no year
    CHECK(rows[3][12] == "31234567");
    CHECK(rows[3][8] == "12");
    CHECK(rows[3][9] == "3");
}

TEST_CASE("csv keeps line breaks inside quoted fields", "[format]") {
    SearchResult r = sample_result();
    r.hits.resize(1);
    r.hits[0].record.title = "line one\r\nline \"two\", end";
    r.hits[0].record.abstract = "a\nb";
    auto rows = parse_csv(render(r, OutputFormat::Csv));
    REQUIRE(rows.size() == 2);
    CHECK(rows[1][4] == "line one\r\nline \"two\", end");
    CHECK(rows[1][14] == "a\nb");
}

TEST_CASE("to_ris writes a RIS record back tag for tag", "[format]") {
    Hit h = ris_hit();
    std::string expected =
        "TY  - JOUR\n"
        "TI  - Care, \"integrated\" and evaluated\n"  // the line break becomes a space
        "AU  - Pacho, A.\n"
        "AU  - Wistow, G.\n"
        "AU  - Mays, N.\n"
        "AU  - Müller, Élodie\n"
        "T2  - J Health Serv Res Policy\n"
        "PY  - 2025\n"
        "KW  - care\n"
        "KW  - policy\n"
        "AB  - We evaluated integrated care in England.\n"
        "DO  - 10.1177/13558196241234567\n"
        "ZZ  - a custom tag\n"
        "ID  - REC-7\n"
        "ER  - \n\n";
    CHECK(to_ris(h.stored.raw, h.record) == expected);
}

TEST_CASE("to_ris puts TY first when the raw record lacks it there", "[format]") {
    RawRecord raw;
    raw.format = InputFormat::Ris;
    raw.fields = {field("TI", "No type", 1), field("AU", "Doe, J.", 2)};
    Record rec = map_record(raw);
    std::string ris = to_ris(raw, rec);
    CHECK(ris.rfind("TY  - " + (rec.type.empty() ? std::string("GEN") : rec.type) + "\n", 0) == 0);
    CHECK(ris.find("TI  - No type\nAU  - Doe, J.\nER  - \n\n") != std::string::npos);

    // A TY later in the record moves to the front and is not repeated: a
    // second TY would start a new record for any RIS reader.
    raw.fields = {field("TI", "Late type", 1), field("TY", "CHAP", 2), field("ER", "", 3)};
    rec = map_record(raw);
    CHECK(to_ris(raw, rec) == "TY  - CHAP\nTI  - Late type\nER  - \n\n");
}

TEST_CASE("to_ris converts a MEDLINE record through its canonical fields", "[format]") {
    Hit h = medline_hit();
    std::string ris = to_ris(h.stored.raw, h.record);
    CHECK(ris.rfind("TY  - JOUR\n", 0) == 0);
    CHECK(ris.find("AU  - Smith, John\nAU  - Jones, Mary\n") != std::string::npos);
    CHECK(ris.find("AU  - Smith J") == std::string::npos);  // short forms not doubled
    CHECK(ris.find("TI  - Screening for things.\n") != std::string::npos);
    CHECK(ris.find("T2  - Journal of Things\n") != std::string::npos);
    CHECK(ris.find("AB  - An abstract.\n") != std::string::npos);
    CHECK(ris.find("KW  - Mass Screening\n") != std::string::npos);
    CHECK(ris.find("PY  - 2019\n") != std::string::npos);
    CHECK(ris.find("VL  - 12\n") != std::string::npos);
    CHECK(ris.find("IS  - 3\n") != std::string::npos);
    CHECK(ris.find("DO  - 10.1000/xyz123\n") != std::string::npos);
    CHECK(ris.find("AN  - 31234567\n") != std::string::npos);
    CHECK(ris.find("DB  - PubMed\n") != std::string::npos);
    CHECK(ris.find("PMID") == std::string::npos);  // MEDLINE tags do not leak into RIS
    CHECK(ris.size() >= 8);
    CHECK(ris.substr(ris.size() - 8) == "ER  - \n\n");
    // Every line is "XX  - value".
    std::istringstream in(ris);
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        REQUIRE(line.size() >= 6);
        CHECK(line.substr(2, 4) == "  - ");
    }
}

// `ris` (as to_ris writes it) read back as a RIS record, tag by tag.
static Record ris_read_back(const std::string& ris) {
    RawRecord back;
    back.format = InputFormat::Ris;
    std::istringstream in(ris);
    std::string line;
    std::size_t number = 0;
    while (std::getline(in, line))
        if (line.size() >= 6) back.fields.push_back(field(line.substr(0, 2), line.substr(6), ++number));
    return map_record(back);
}

TEST_CASE("to_ris keeps a MEDLINE record's TT and TA, and they read back the same", "[format][medline]") {
    RawRecord raw;
    raw.format = InputFormat::Medline;
    raw.fields = {field("PMID", "8755512", 1), field("TI", "[Treatment of gout].", 2),
                  field("TT", "Traitement de la goutte.", 3), field("TA", "Rev Prat", 4),
                  field("JT", "La Revue du praticien", 5)};
    const Record medline = map_record(raw);
    const std::string ris = to_ris(raw, medline);
    CHECK(ris.find("TT  - Traitement de la goutte.\n") != std::string::npos);
    CHECK(ris.find("T2  - La Revue du praticien\nJ2  - Rev Prat\n") != std::string::npos);

    const Record read_back = ris_read_back(ris);
    CHECK(read_back.title == medline.title);
    CHECK(read_back.translated_titles == medline.translated_titles);
    CHECK(read_back.journal == medline.journal);
    CHECK(read_back.journal_alternates == medline.journal_alternates);
}

TEST_CASE("to_ris keeps a MEDLINE or WoS record's publication types as M3, and they read back the same", "[format][medline]") {
    auto read_back = ris_read_back;
    RawRecord raw;
    raw.format = InputFormat::Medline;
    raw.fields = {field("PMID", "8755512", 1), field("TI", "Treatment of gout.", 2), field("PT", "Journal Article", 3),
                  field("PT", "Review", 4), field("PT", "Retraction of Publication", 5)};
    const Record medline = map_record(raw);
    REQUIRE(medline.publication_types == std::vector<std::string>{"Journal Article", "Review", "Retraction of Publication"});
    const std::string ris = to_ris(raw, medline);
    CHECK(ris.find("M3  - Journal Article\nM3  - Review\nM3  - Retraction of Publication\n") != std::string::npos);
    const Record back = read_back(ris);
    CHECK(back.publication_types == medline.publication_types);
    CHECK(back.type == "JOUR");

    // Web of Science DT the same way.
    RawRecord wos;
    wos.format = InputFormat::Wos;
    wos.fields = {field("PT", "J", 1), field("TI", "Treatment of gout", 2), field("DT", "Article; Early Access", 3)};
    const Record w = map_record(wos);
    CHECK(read_back(to_ris(wos, w)).publication_types == w.publication_types);

    // A RIS M3 that holds a DOI is the DOI, not a type of work.
    const Record doi = read_back("TY  - JOUR\nTI  - t\nM3  - 10.1000/xyz\n");
    CHECK(doi.doi == "10.1000/xyz");
    CHECK(doi.publication_types.empty());
    CHECK(read_back("TY  - JOUR\nTI  - t\nM3  - doi: 10.1000/xyz\n").publication_types.empty());
}

TEST_CASE("ris output concatenates the hits", "[format]") {
    SearchResult r = sample_result();
    std::string ris = render(r, OutputFormat::Ris);
    CHECK_FALSE(has_markers(ris));
    std::size_t records = 0;
    for (auto pos = ris.find("ER  - \n\n"); pos != std::string::npos; pos = ris.find("ER  - \n\n", pos + 1))
        ++records;
    CHECK(records == r.hits.size());
    CHECK(ris == to_ris(r.hits[0].stored.raw, r.hits[0].record) +
                     to_ris(r.hits[1].stored.raw, r.hits[1].record) +
                     to_ris(r.hits[2].stored.raw, r.hits[2].record));
}

TEST_CASE("ids output lists one id per line", "[format]") {
    SearchResult r = sample_result();
    CHECK(render(r, OutputFormat::Ids) == "00112233aabbccdd\nffeeddccbbaa9988\n0123456789abcdef\n");
}

TEST_CASE("text output is readable in a terminal and in a pipe", "[format]") {
    SearchResult r = sample_result();
    r.suggestion = "integrated care";
    r.explanation = {"integrated: any field", "care: any field"};

    SECTION("plain") {
        std::string text = render(r, OutputFormat::Text);
        CHECK_FALSE(has_markers(text));
        CHECK(text.find('\x1b') == std::string::npos);
        CHECK(text.find("3 records match, showing 1\xE2\x80\x93" "3") != std::string::npos);
        CHECK(text.find("1. " + r.hits[0].record.title) != std::string::npos);
        CHECK(text.find("   Pacho A, Wistow G, Mays N, et al. (4 authors)\n") != std::string::npos);
        CHECK(text.find("J Health Serv Res Policy \xC2\xB7 2025 \xC2\xB7 doi:10.1177/13558196241234567")
              != std::string::npos);
        CHECK(text.find("   We evaluated integrated care in England.\n") != std::string::npos);
        CHECK(text.find("[+2 duplicates]") != std::string::npos);
        CHECK(text.find("Did you mean: integrated care?") != std::string::npos);
        CHECK(text.find("Query understood as:") == std::string::npos);  // not asked for
        // Year facet: bars scaled to the largest count (4 -> 30 chars).
        CHECK(text.find("\nyear\n") != std::string::npos);
        CHECK(text.find("  2025  " + std::string(30, '#') + " 4\n") != std::string::npos);
        CHECK(text.find("  2019  " + std::string(8, '#') + " 1\n") != std::string::npos);
        CHECK(text.find("2019") < text.find("2025  #"));
    }
    SECTION("terminal with explanation") {
        std::string text = render(r, OutputFormat::Text, FormatOptions{true, true});
        CHECK_FALSE(has_markers(text));
        CHECK(text.rfind("Query understood as:\n  integrated: any field\n", 0) == 0);
        CHECK(text.find("\x1b[1m" + r.hits[0].record.title + "\x1b[0m") != std::string::npos);
        CHECK(text.find("We evaluated \x1b[1mintegrated\x1b[0m \x1b[1m" "care\x1b[0m") != std::string::npos);
        CHECK(text.find("\xE2\x96\x88") != std::string::npos);  // █
        CHECK(text.find("et al.") != std::string::npos);
    }
}

TEST_CASE("text output states approximate totals and empty results", "[format]") {
    SearchResult r;
    r.total = 1200;
    r.total_exact = false;
    std::string text = render(r, OutputFormat::Text);
    CHECK(text.find("about 1,200 records match") != std::string::npos);

    SearchResult none;
    CHECK(render(none, OutputFormat::Text).find("No records match") != std::string::npos);
}

TEST_CASE("text output drops control characters from record text", "[format]") {
    SearchResult r = sample_result();
    r.hits.resize(1);
    r.hits[0].record.title = "evil \x1b[2Jtitle";
    r.hits[0].snippet = "x \x1b]0;owned\x07 \x02y\x03";
    std::string text = render(r, OutputFormat::Text, FormatOptions{true, false});
    CHECK(text.find("\x1b[2J") == std::string::npos);
    CHECK(text.find("\x1b]0") == std::string::npos);
    CHECK(text.find('\x07') == std::string::npos);
    CHECK(text.find("\x1b[1my\x1b[0m") != std::string::npos);
}

// Text in which "++" and "--" are the record's own: the marked strings
// cannot be read back, the "highlights" ranges can.
TEST_CASE("json highlights: ranges in code points over the title and the unmarked snippet", "[format][highlight]") {
    SearchResult r;
    r.total = 1;
    Hit h;
    h.rank = 1;
    h.record.title = "Müller's randomised trial in rats";
    h.snippet = "\xE2\x80\xA6Literal ++plus++ and --minus-- in rat-randomised \x02rats\x03.";
    r.hits.push_back(h);
    FormatOptions o;
    o.highlight_include = {"muller random*", "plus"};
    o.highlight_exclude = {"rats", "minus", "rat"};
    const json hit = json::parse(render(r, OutputFormat::Json, o))["hits"][0];

    // Unchanged for existing readers (ambiguous as it is).
    CHECK(hit["title_highlighted"] == "++Müller++'s ++randomised++ trial in --rats--");
    CHECK(hit["snippet"] == "…Literal ++++plus++++ and ----minus---- in --rat---++randomised++ --rats--.");

    CHECK(hit["snippet_text"] == "…Literal ++plus++ and --minus-- in rat-randomised rats.");
    // Offsets count code points: "ü" and "…" are one each, not two and three bytes.
    CHECK(hit["highlights"]["title"] == json::parse(R"([[0,6,"include"],[9,19,"include"],[29,33,"exclude"]])"));
    CHECK(hit["highlights"]["snippet"] ==
          json::parse(R"([[11,15,"include"],[24,29,"exclude"],[35,38,"exclude"],[39,49,"include"],[50,54,"exclude"]])"));

    // The query's own match is a range too, where no screening term covers it.
    o.highlight_exclude = {"minus"};
    const json query = json::parse(render(r, OutputFormat::Json, o))["hits"][0];
    CHECK(query["highlights"]["snippet"].back() == json::parse(R"([50,54,"query"])"));

    // JSONL carries the same keys; plain searches keep the documented ones.
    const json line = json::parse(render(r, OutputFormat::Jsonl, o));
    CHECK(line["highlights"] == query["highlights"]);
    const json plain = json::parse(render(r, OutputFormat::Json))["hits"][0];
    CHECK_FALSE(plain.contains("highlights"));
    CHECK_FALSE(plain.contains("snippet_text"));
}

TEST_CASE("text highlights: wildcards, phrases and precedence reach the output", "[format][highlight]") {
    SearchResult r;
    r.total = 1;
    Hit h;
    h.rank = 1;
    h.record.title = "Randomized trial: rats randomly assigned";
    h.snippet = "Rats were \x02randomly\x03 assigned; randomised later.";
    r.hits.push_back(h);
    FormatOptions o;
    o.highlight_include = {"randomi?ed", "\"randomly assigned\""};
    o.highlight_exclude = {"rats[ti]", "random*"};
    std::ostringstream text;
    write_results(r, OutputFormat::Text, text, o);
    CHECK_THAT(text.str(), Catch::Contains("1. [+Randomized+] trial: [-rats-] [+randomly assigned+]"));
    CHECK_THAT(text.str(), Catch::Contains("[-Rats-] were [+randomly assigned+]; [+randomised+] later."));
}
