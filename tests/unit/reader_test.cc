// Record readers on the quirks of real exports (tests/data, copied from the
// shared corpus) and on small hand-made inputs: one table row per quirk.
#include <catch2/catch.hpp>

#include <sstream>
#include <vector>

#include "record_reader.h"
#include "test_support.h"

using namespace refdex;

namespace {

struct ReadResult {
    InputFormat format = InputFormat::Ris;
    std::vector<RawRecord> records;
    Diagnostics diagnostics;
    std::string encoding;

    bool reported(const std::string& fragment) const {
        for (const Problem& problem : diagnostics.problems())
            if (problem.message.find(fragment) != std::string::npos) return true;
        return false;
    }
};

ReadResult read_stream(std::istream& in, const std::string& name) {
    ReadResult result;
    LineSource lines(in, result.diagnostics);
    result.format = detect_format(lines);
    auto reader = make_reader(result.format, lines, result.diagnostics, name);
    RawRecord record;
    while (reader->next(record)) result.records.push_back(record);
    result.encoding = lines.encoding();
    return result;
}

ReadResult read_text(const std::string& text) {
    std::istringstream in(text);
    return read_stream(in, "-");
}

ReadResult read_sample(const std::string& name) {
    std::istringstream in(test::read_file(test::test_data(name)));
    return read_stream(in, name);
}

struct FieldCheck {
    std::size_t record, field;
    const char* tag;
    const char* value;
    std::uint64_t line;
};

struct SampleCase {
    const char* file;
    InputFormat format;
    std::size_t records;
    std::size_t min_repairs;  // 0: the file must read without any repair
    std::vector<FieldCheck> fields;
    const char* reported = "";  // a message fragment that must be reported
};

void check_fields(const ReadResult& result, const std::vector<FieldCheck>& checks) {
    for (const FieldCheck& check : checks) {
        INFO("record " << check.record << " field " << check.field);
        REQUIRE(check.record < result.records.size());
        const auto& fields = result.records[check.record].fields;
        REQUIRE(check.field < fields.size());
        CHECK(fields[check.field].tag == check.tag);
        CHECK(fields[check.field].value == check.value);
        CHECK(fields[check.field].line == check.line);
    }
}

}  // namespace

TEST_CASE("readers survive the quirks of real exports", "[reader]") {
    const std::vector<SampleCase> cases = {
        {"zotero__03-single-space-tag-delimiter.ris", InputFormat::Ris, 1, 0,
         {{0, 0, "TY", "JOUR", 1}, {0, 3, "AU", "CASTOE, TODD A.", 4}, {0, 11, "L1", "internal-pdf://sm001-1634838528/sm001.pdf", 12},
          {0, 23, "ID", "3", 24}},
         "3 untagged line(s) after AU/KW/UR-type tags taken as further values"},
        {"zotero__00-a1-n2-y1-title-continuation.ris", InputFormat::Ris, 1, 0, {{0, 0, "TY", "JOUR", 1}},
         "1 untagged continuation line(s)"},
        {"zotero__02-endnote-all-reference-types-template.ris", InputFormat::Ris, 48, 0, {}},
        {"zotero__09-scopus-crlf-record-without-title.ris", InputFormat::Ris, 2, 0, {}},
        {"zotero__11-citavi-minimal-gen.ris", InputFormat::Ris, 1, 0, {}},
        {"rispy__example_multiline.ris", InputFormat::Ris, 3, 0,
         {{0, 1, "N2", "first line, ER then second line and at the end the last line", 2},
          {1, 2, "N1", "first line * second line * last line", 12},
          {2, 1, "N2", "first line, ER then second line and at the end the last line", 18}},
         "10 untagged continuation line(s)"},
        {"rispy__example_extraneous_data.ris", InputFormat::Ris, 2, 0,
         {{0, 0, "TY", "JOUR", 5}, {0, 4, "A1", "Lindgren, Astrid", 9}, {1, 0, "TY", "JOUR", 33}},
         "skipped 4 line(s) of text outside records"},
        {"rispy__example_starting_newlines.ris", InputFormat::Ris, 1, 0, {}},
        {"rispy__example_bom.ris", InputFormat::Ris, 1, 0, {{0, 0, "TY", "JOUR", 1}}},
        {"rispy__example_empty_tag.ris", InputFormat::Ris, 1, 0, {}},
        {"citationjs__citation_js_citation_js_pull_248_1.ris", InputFormat::Ris, 1, 0,
         {{0, 0, "TY", "Chap", 6}, {0, 3, "TT", "", 9}, {0, 16, "AU", "Allen, James P.", 22}},
         "skipped 2 line(s)"},
        {"citationjs__citation_js_citation_js_pull_248_2.ris", InputFormat::Ris, 1, 0, {}},
        {"citationjs__EndNote_style_delimiters.ris", InputFormat::Ris, 2, 0,
         {{0, 3, "AB", "This is a multiline abstract", 4}, {1, 0, "TY", "EBOOK", 10}}},
        {"citationjs__larsgw_citation_js_issues_215.ris", InputFormat::Ris, 1, 1,
         {{0, 10, "UR", "washingtonpost.com", 11}}, "missing ER at end of file"},
        {"citationjs__larsgw_citation_js_issues_214.ris", InputFormat::Ris, 1, 1, {}, "missing ER"},
        // EndNote's template: "ER  - End of Reference", then a TY-less record
        // holding only "UK  - Unknown Tag" closed by a second ER (TY=1, ER=2).
        {"asreview__baseline_tag_and_field_definitions.ris", InputFormat::Ris, 2, 2,
         {{0, 1, "A1", "First Authors", 2}, {0, 26, "ID", "ID", 27}, {1, 0, "UK", "Unknown Tag", 65}},
         "record without TY"},
        // Ovid: "1." before each record, "NL" after ER, "Link to..." after that.
        {"asreview__ovid_psycinfo.ris", InputFormat::Ris, 6, 6, {{0, 0, "TY", "JOUR", 2}},
         "field(s) after ER attached"},
        {"asysd__wos_ris_export_mixed_cr_lf.ris", InputFormat::Ris, 50, 0, {}},
        {"srdatasets__schoot-lgmm-ptsd-included-3.ris", InputFormat::Ris, 8, 0, {}},
        {"zotero__05-y1-da-slash-dates-unicode-title.ris", InputFormat::Ris, 1, 1, {}, "U+2028"},
        {"zotero__00-nbib-wrapped-title-fake-pmid.nbib", InputFormat::Medline, 1, 0,
         {{0, 0, "PMID", "000000000000", 1},
          {0, 2, "STAT", "In-Process", 3},
          {0, 4, "TI", "Mickey Mouse had an O-some day!", 5},
          {0, 6, "FAU", "Mouse, Mickey", 9}}},
        {"zotero__01-two-records-1996.nbib", InputFormat::Medline, 2, 0, {}},
        {"zotero__02-leading-blank-line.nbib", InputFormat::Medline, 1, 0, {}},
        {"zotero__04-eric-no-pmid-3rec.nbib", InputFormat::Medline, 3, 0, {{0, 0, "OWN", "ERIC", 2}}},
        {"zotero__06-eric-crlf-leading-blank-4rec.nbib", InputFormat::Medline, 4, 0,
         {{0, 0, "OWN", "ERIC", 2}, {1, 2, "AU", "Hulse, Taylyn", 26}}},
        {"zotero__07-eric-crlf-2rec.nbib", InputFormat::Medline, 2, 0, {}},
        {"zotero__08-crlf-publisher-2022.nbib", InputFormat::Medline, 1, 0, {}},
        {"synthesisr__PubMed_example.txt", InputFormat::Medline, 3, 0, {}},
        {"zotero__00-5rec-bom.txt", InputFormat::Wos, 5, 0, {}},
        {"zotero__06-biosis-unindented-continuation.txt", InputFormat::Wos, 1, 0,
         {{0, 0, "PT", "J", 3},
          {0, 2, "TI", "Importance of methane-derived carbon as a basal resource for two benthic consumers in arctic lakes", 5},
          {0, 3, "AU", "Medvedeff, Cassandra A. (medvedeff22@ufl.edu)", 7},
          {0, 4, "AU", "Hershey, Anne E.", 8}}},
        // WoS tagged text that upstream saved as .ris: sniffed, not trusted by name.
        {"rispy__example_wos.txt", InputFormat::Wos, 2, 0,
         {{0, 4, "AU", "Loach, PA", 7}, {1, 0, "PT", "J", 112}}},
        {"metaknowledge__TwoPaper.isi", InputFormat::Wos, 2, 0, {}},
        {"synthesisr__WoS_txt_example.txt", InputFormat::Wos, 4, 0, {}},
    };
    for (const SampleCase& sample : cases) {
        SECTION(sample.file) {
            const ReadResult result = read_sample(sample.file);
            CHECK(result.format == sample.format);
            CHECK(result.records.size() == sample.records);
            if (sample.min_repairs == 0) CHECK(result.diagnostics.repairs() == 0);
            else CHECK(result.diagnostics.repairs() >= sample.min_repairs);
            if (*sample.reported) CHECK(result.reported(sample.reported));
            check_fields(result, sample.fields);
        }
    }
}

TEST_CASE("transcoded copies read exactly like their originals", "[reader][encoding]") {
    struct Pair {
        const char* copy;
        const char* original;
        const char* encoding;
    };
    const std::vector<Pair> pairs = {
        {"derived__utf16le-bom__from_asysd_scopus.ris", "asysd__scopus.ris", "utf-16le"},
        {"derived__utf16be-nobom__from_asysd_scopus.ris", "asysd__scopus.ris", "utf-16be"},
        {"derived__cp1252__from_asreview_ris_issue_1099.ris", "asreview__ris_issue_1099.ris", "windows-1252"},
        {"derived__latin1__from_asreview_embase.ris", "asreview__embase.ris", "windows-1252"},
        {"derived__cr-only-eol__from_synthesisr_Scopus.ris", "synthesisr__Scopus_ris_example.ris", "utf-8"},
    };
    for (const Pair& pair : pairs) {
        SECTION(pair.copy) {
            const ReadResult copy = read_sample(pair.copy);
            const ReadResult original = read_sample(pair.original);
            CHECK(copy.encoding == pair.encoding);
            REQUIRE(copy.records.size() == original.records.size());
            REQUIRE_FALSE(copy.records.empty());
            for (std::size_t r = 0; r < copy.records.size(); ++r) {
                const auto& a = copy.records[r].fields;
                const auto& b = original.records[r].fields;
                REQUIRE(a.size() == b.size());
                for (std::size_t f = 0; f < a.size(); ++f) {
                    CHECK(a[f].tag == b[f].tag);
                    CHECK(a[f].value == b[f].value);
                    CHECK(a[f].line == b[f].line);
                }
            }
        }
    }
}

TEST_CASE("every non-UTF-8 line is counted as a repair", "[reader][encoding]") {
    const ReadResult result = read_sample("derived__cp1252__from_asreview_ris_issue_1099.ris");
    const std::string original = test::read_file(test::test_data("derived__cp1252__from_asreview_ris_issue_1099.ris"));
    std::size_t bad_lines = 0;
    std::istringstream in(original);
    for (std::string line; std::getline(in, line);)
        for (char c : line)
            if (static_cast<unsigned char>(c) >= 0x80) { ++bad_lines; break; }
    CHECK(bad_lines > 0);
    CHECK(result.diagnostics.repairs() == bad_lines);
}

TEST_CASE("flattened one-line records are split at known tags", "[reader][ris]") {
    SECTION("the seed files in data/") {
        std::istringstream in(test::read_file(test::repo_data("000_20bbc48be17a7882.txt")));
        const ReadResult result = read_stream(in, "seed");
        REQUIRE(result.records.size() == 1);
        const auto& fields = result.records[0].fields;
        REQUIRE(fields.size() >= 30);
        CHECK(fields[0].tag == "TY");
        CHECK(fields[0].value == "JOUR");
        CHECK(fields[1].tag == "AU");
        CHECK(fields[1].value == "A. Pacho");
        CHECK(fields[9].tag == "A1");
        CHECK(fields[9].value.empty());  // "A1 - AB - ...": empty value kept
        CHECK(fields[10].tag == "AB");
        CHECK(fields[10].value.rfind("ObjectivesCentral government", 0) == 0);
        CHECK(result.records[0].first("DO") == "10.1177/13558196251349353");
        CHECK(result.diagnostics.repairs() == 1);
        CHECK(result.reported("flattened"));
    }
    SECTION("two records on one line, words that are not tags stay in the value") {
        const ReadResult result = read_text(
            "TY - JOUR TI - Risk ratio XX - 2 in AB form AU - Doe, J. ER - TY  - BOOK PY  - 1984 - 1985 ER  -\n");
        REQUIRE(result.records.size() == 2);
        CHECK(result.records[0].first("TI") == "Risk ratio XX - 2 in AB form");
        CHECK(result.records[0].first("AU") == "Doe, J.");
        CHECK(result.records[1].first("TY") == "BOOK");
        CHECK(result.records[1].first("PY") == "1984 - 1985");
    }
}

TEST_CASE("RIS structure repairs", "[reader][ris]") {
    struct Case {
        const char* name;
        const char* text;
        std::size_t records;
        std::size_t repairs;
        const char* reported;
    };
    const std::vector<Case> cases = {
        {"new TY before ER", "TY  - JOUR\nTI  - a\nTY  - BOOK\nTI  - b\nER  - \n", 2, 1, "new TY before ER"},
        {"ER with garbage", "TY  - JOUR\nTI  - a\nER  - end of it\n", 1, 1, "text after ER"},
        {"no TY, only ER", "TI  - a\nAU  - x\nER  -\nTI  - b\nER  -\n", 2, 2, "record without TY"},
        {"missing ER at EOF", "TY  - JOUR\nTI  - a", 1, 1, "missing ER"},
        {"TY only", "TY  - JOUR\nER  -\n", 1, 0, ""},
        {"junk only", "Record 1 of 2\nProvider: x\n", 0, 0, "skipped 2 line(s)"},
        {"empty input", "", 0, 0, ""},
        {"tabs and empty values", "TY\t- JOUR\nA1  -\nID \t- 7\nER  -", 1, 0, ""},
    };
    for (const Case& c : cases) {
        SECTION(c.name) {
            const ReadResult result = read_text(c.text);
            CHECK(result.records.size() == c.records);
            CHECK(result.diagnostics.repairs() == c.repairs);
            if (*c.reported) CHECK(result.reported(c.reported));
        }
    }
    SECTION("fields keep tag, value and line; blank lines inside records are ignored") {
        const ReadResult result =
            read_text("\n\nTY  - JOUR\r\nAU  - B\n\nAU  - A   \nTI  - a long\n  title\nKW  - x\n  more\nER  - \n");
        REQUIRE(result.records.size() == 1);
        const RawRecord& record = result.records[0];
        CHECK(record.line == 3);
        CHECK(record.format == InputFormat::Ris);
        CHECK(record.source_file == "-");
        REQUIRE(record.fields.size() == 6);
        CHECK(record.values("AU") == std::vector<std::string>{"B", "A"});
        CHECK(record.fields[2].line == 6);
        // A title's continuation is more of the title; a keyword's is another
        // keyword (EndNote writes one per line after a single KW), as rispy reads it.
        CHECK(record.first("TI") == "a long title");
        CHECK(record.values("KW") == std::vector<std::string>{"x", "more"});
        CHECK(record.fields[5].line == 10);
    }
}

TEST_CASE("detect_format looks past junk and does not consume lines", "[reader]") {
    struct Case {
        const char* text;
        InputFormat format;
    };
    const std::vector<Case> cases = {
        {"PMID- 1\nOWN - NLM\n", InputFormat::Medline},
        {"\r\nOWN - ERIC\r\nTI  - x\r\n", InputFormat::Medline},
        {"TI  - looks like both\nFAU - Doe, J\n", InputFormat::Medline},
        {"FN Clarivate Analytics Web of Science\nVR 1.0\nPT J\n", InputFormat::Wos},
        {"PT J\nAU Doe, J\nER\n", InputFormat::Wos},
        {"Record #1 of 2\nProvider: x\n1.\nTY  - JOUR\n", InputFormat::Ris},
        {"TI  - no decisive line\nAU  - y\n", InputFormat::Ris},
        {"", InputFormat::Ris},
    };
    for (const Case& c : cases) {
        Diagnostics diagnostics;
        std::istringstream in(c.text);
        LineSource lines(in, diagnostics);
        CHECK(detect_format(lines) == c.format);
        std::string first;
        std::uint64_t number = 0;
        if (*c.text) {
            REQUIRE(lines.next(first, number));
            CHECK(number == 1);
        }
    }
}

TEST_CASE("MEDLINE and WoS structure repairs", "[reader]") {
    SECTION("MEDLINE records without the blank line between them") {
        const ReadResult result = read_text("PMID- 1\nTI  - a\n      b\nPMID- 2\nTI  - c\n");
        REQUIRE(result.records.size() == 2);
        CHECK(result.records[0].first("TI") == "a b");
        CHECK(result.records[1].line == 4);
        CHECK(result.diagnostics.repairs() == 1);
    }
    SECTION("WoS list tags split continuation lines, others join them") {
        const ReadResult result = read_text(
            "FN Web of Science\nVR 1.0\nPT J\nAU Doe, J\n   Roe, R\nTI A long\n   title\nCR ref one\n   ref two\nER\n\n"
            "PT J\nTI missing ER\nEF\n");
        REQUIRE(result.records.size() == 2);
        CHECK(result.records[0].values("AU") == std::vector<std::string>{"Doe, J", "Roe, R"});
        CHECK(result.records[0].first("TI") == "A long title");
        CHECK(result.records[0].values("CR").size() == 2);
        CHECK(result.records[1].line == 12);
        CHECK(result.diagnostics.repairs() == 1);
    }
}
