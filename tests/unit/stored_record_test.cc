// The stored record: what serialise_record() writes parses back to the same
// record, through the fast reader of refdex's own layout and through the
// general JSON parser alike (white space or \u escapes send a document to
// the latter), and anything that is not a refdex record is refused.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "line_source.h"
#include "record_reader.h"
#include "stored_record.h"
#include "test_support.h"

using namespace refdex;

namespace {

std::vector<StoredRecord> corpus_records() {
    std::vector<StoredRecord> out;
    for (const auto& entry : std::filesystem::directory_iterator(test::test_data(""))) {
        const std::string path = entry.path().string();
        if (entry.path().filename() == "SOURCES.md") continue;
        std::ifstream in(path, std::ios::binary);
        Diagnostics diagnostics;
        LineSource lines(in, diagnostics);
        auto reader = make_reader(detect_format(lines), lines, diagnostics, path);
        RawRecord raw;
        while (reader->next(raw)) out.push_back({"00000000000000" + std::to_string(out.size() % 100), raw});
    }
    return out;
}

void require_same(const StoredRecord& a, const StoredRecord& b) {
    REQUIRE(a.id == b.id);
    REQUIRE(a.raw.source_file == b.raw.source_file);
    REQUIRE(a.raw.line == b.raw.line);
    REQUIRE(a.raw.format == b.raw.format);
    REQUIRE(a.raw.fields.size() == b.raw.fields.size());
    for (std::size_t i = 0; i < a.raw.fields.size(); ++i) {
        INFO("field " << i);
        REQUIRE(a.raw.fields[i].tag == b.raw.fields[i].tag);
        REQUIRE(a.raw.fields[i].value == b.raw.fields[i].value);
        REQUIRE(a.raw.fields[i].line == b.raw.fields[i].line);
    }
}

StoredRecord awkward_record() {
    StoredRecord r;
    r.id = "00000000000000ff";
    r.raw.format = InputFormat::Medline;
    r.raw.source_file = "dir with \"quotes\"/and\\backslash/Zürich.nbib";
    r.raw.line = 18446744073709551615ull;
    std::string controls;
    for (char c = 1; c < 0x20; ++c) controls += c;
    r.raw.fields = {{"TI", "Quotes \" and \\ and / and tab\tnew\nline", 0},
                    {"AB", controls + std::string(1, '\0') + "\x7f", 7},
                    {"AU", "Müller, Ä. – 東京 😀 𝔘", 8},
                    {"KW", "", 9}};
    return r;
}

}  // namespace

TEST_CASE("stored records: fast reader and general parser agree on every test corpus record", "[stored]") {
    std::vector<StoredRecord> records = corpus_records();
    records.push_back(awkward_record());
    records.push_back({"0000000000000001", {}});  // no fields at all
    REQUIRE(records.size() > 100);
    for (const auto& record : records) {
        const std::string data = serialise_record(record);
        INFO(data);
        const StoredRecord fast = parse_stored_record(data);
        const nlohmann::json tree = nlohmann::json::parse(data);
        // White space and ASCII-only escapes: not refdex's layout, so the
        // general parser reads these.
        const StoredRecord spaced = parse_stored_record(tree.dump(1));
        const StoredRecord escaped = parse_stored_record(tree.dump(-1, ' ', true));
        require_same(fast, record);
        require_same(spaced, record);
        require_same(escaped, record);
    }
}

TEST_CASE("stored records: anything else is refused or read as the general parser reads it", "[stored]") {
    const std::string data = serialise_record(awkward_record());
    // Every truncation is refused, none is half read.
    for (std::size_t n = 0; n < data.size(); ++n) {
        INFO("first " << n << " bytes");
        CHECK_THROWS_AS(parse_stored_record(data.substr(0, n)), std::runtime_error);
    }
    const std::string head = "{\"file\":\"a.ris\",\"format\":\"ris\",\"id\":\"x\",\"line\":1,\"tags\":[[\"TI\",\"";
    const std::string tail = "\",2]],\"v\":1}";
    CHECK(parse_stored_record(head + "plain" + tail).raw.fields.at(0).value == "plain");
    // Ill-formed UTF-8 (a lone continuation byte, an overlong form, a
    // surrogate, beyond U+10FFFF) and raw control characters are not JSON.
    for (const std::string bad : {"\x80", "\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xC3", "\x01", "\\x", "\\u12"}) {
        INFO("value bytes: " << bad);
        CHECK_THROWS_AS(parse_stored_record(head + bad + tail), std::runtime_error);
    }
    // Escapes the fast reader leaves to the general parser.
    CHECK(parse_stored_record(head + "\\ud83d\\ude00" + tail).raw.fields.at(0).value == "\xF0\x9F\x98\x80");
    CHECK(parse_stored_record(head + "\\u00e9\\u6771" + tail).raw.fields.at(0).value == "\xC3\xA9\xE6\x9D\xB1");
    // Keys in another order, a tag without its line, an unknown format.
    const StoredRecord reordered = parse_stored_record(
        "{\"v\":1,\"tags\":[[\"TI\",\"t\"]],\"line\":3,\"id\":\"y\",\"format\":\"wos\",\"file\":\"f\"}");
    CHECK(reordered.id == "y");
    CHECK(reordered.raw.format == InputFormat::Wos);
    CHECK(reordered.raw.fields.at(0).line == 0);
    CHECK(parse_stored_record(head + "t\",2]],\"v\":1,\"x\":{\"y\":[]}}").raw.fields.size() == 1);
    CHECK(parse_stored_record("{\"file\":\"a\",\"format\":\"zzz\",\"id\":\"x\",\"line\":1,\"tags\":[],\"v\":1}").raw.format ==
          InputFormat::Ris);
    // Members of other types read as empty; a line number too large even for
    // 64 bits (a float to JSON) is no conversion, just 0.
    const StoredRecord odd = parse_stored_record(
        "{\"file\":7,\"format\":null,\"id\":[],\"line\":1.8e31,\"tags\":[[\"TI\",\"t\",-4],[1,\"u\",2.5],\"x\"],\"v\":1}");
    CHECK(odd.id.empty());
    CHECK(odd.raw.source_file.empty());
    CHECK(odd.raw.line == 0);
    REQUIRE(odd.raw.fields.size() == 2);
    CHECK(odd.raw.fields[0].line == 0);
    CHECK(odd.raw.fields[1].tag.empty());
    CHECK(odd.raw.fields[1].value == "u");
    CHECK_THROWS_AS(parse_stored_record("[1,2]"), std::runtime_error);
    CHECK_THROWS_AS(parse_stored_record("{\"file\":\"a\"}"), std::runtime_error);
    CHECK_THROWS_AS(parse_stored_record(""), std::runtime_error);
}
