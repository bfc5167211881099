// LABELS.csv reading: stray and unclosed quotes, unreadable paths and the
// encodings spreadsheets export. The rest of the format (columns, labels,
// conflicts, delimiters) is covered in screening_test.cc.
#include <catch2/catch.hpp>

#include <map>
#include <sstream>

#include "labels.h"
#include "labels_support.h"
#include "test_support.h"

using namespace refdex;
using refdex::test::TempDir;
using refdex::test::write_file;

namespace {

LabelsFile parse(const std::string& csv) { return test::parse_labels_text(csv); }
using test::row_string;

// "record_id,label_included" and records 1..250 labelled 0, record i on
// line i + 1, with the rows in `replaced` written as given instead.
std::string numbered_rows(const std::map<int, std::string>& replaced) {
    std::string csv = "record_id,label_included\n";
    for (int i = 1; i <= 250; ++i) {
        auto it = replaced.find(i);
        csv += (it != replaced.end() ? it->second : std::to_string(i) + ",0") + "\n";
    }
    return csv;
}

// `text` (ASCII) as UTF-16 with a BOM, little- or big-endian.
std::string utf16(const std::string& text, bool little_endian) {
    std::string out = little_endian ? "\xFF\xFE" : "\xFE\xFF";
    for (char c : text) {
        if (little_endian) out.append(1, c).append(1, '\0');
        else out.append(1, '\0').append(1, c);
    }
    return out;
}

}  // namespace

TEST_CASE("labels: a quote never closed is an error naming the line it opened on", "[labels]") {
    CHECK_THROWS_WITH(parse("record_id,label_included\n\"S1,1\nS3,0\n"),
                      "l.csv:2: a quote opened on this line is not closed before the end of the file");
    // In a column that is otherwise ignored too: it swallowed every row after it.
    CHECK_THROWS_WITH(parse("record_id,label,note\n1,1,\"a\n2,0,b\n"), Catch::StartsWith("l.csv:2: a quote opened"));
}

TEST_CASE("labels: a quoted id or label running past its line is an error, not a merged row", "[labels]") {
    // A stray quote on line 51 closed by another on line 201 would make rows
    // 51-201 one id; the file is refused, naming the line the quote opened on.
    CHECK_THROWS_WITH(parse(numbered_rows({{50, "\"50,0"}, {200, "200\",0"}})),
                      "l.csv:51: a quote opened on this line is not closed before the line ends (a record id or "
                      "label cannot span lines)");
    CHECK_THROWS_WITH(parse(numbered_rows({{50, "\"50,0"}})),
                      "l.csv:51: a quote opened on this line is not closed before the end of the file");
    // In the label column, and in a row then too short for the label column.
    CHECK_THROWS_WITH(parse("id,label\n1,\"1\n2\",0\n3,0\n"),
                      Catch::StartsWith("l.csv:2: a quote opened on this line is not closed before the line ends"));
    CHECK_THROWS_WITH(parse("id,label\n\"1\n2\"\n3,0\n"), Catch::StartsWith("l.csv:2: a quote opened"));
    // Counted with the other errors, and the rows after the closing quote are read.
    CHECK_THROWS_WITH(parse("id,label\n\"1\n2\",0\n3,x\n"), Catch::EndsWith("(and 1 more error)"));
    // Quoted line breaks in other columns are still RFC 4180 and are read.
    CHECK(row_string(parse("record_id,abstract,label\n1,\"two\r\nparagraphs\",1\n2,\"x\",0\n")) == "2:1=1 4:2=0 ");
}

TEST_CASE("labels: a quote inside an unquoted value is an ordinary character", "[labels]") {
    // As pandas and Excel read it: the row keeps its id and the rows after it survive.
    CHECK(row_string(parse("id,label\nab\"c,1\n2,0\n")) == "2:ab\"c=1 3:2=0 ");
    CHECK(row_string(parse("id,label\n5\",1\n6,0\n")) == "2:5\"=1 3:6=0 ");
    // After a closing quote too; a quote after leading spaces still opens one.
    CHECK(row_string(parse("id,label\n\"a\"b\"c,1\n  \"x,y\" ,0\n")) == "2:ab\"c=1 3:x,y=0 ");
    // In a label it makes the label invalid.
    CHECK_THROWS_WITH(parse("id,label\n1,1\"\n"), "l.csv:2: label must be 1, 0 or empty, not '1\"'");
    // The header's delimiter is counted the same way: this one is comma-separated.
    CHECK(row_string(parse("note\"s;x,record_id,label\na;b,1,1\n")) == "2:1=1 ");
}

TEST_CASE("labels: an unreadable path names the file and the reason", "[labels]") {
    TempDir dir;
    const std::string folder = dir.path().string();
    CHECK_THROWS_WITH(read_labels(folder), folder + ": cannot read the labels file: Is a directory");
    CHECK_THROWS_WITH(read_labels(dir / "missing.csv"),
                      dir / "missing.csv" + ": cannot read the labels file: No such file or directory");
    CHECK_THROWS_AS(read_labels(folder), LabelsError);
}

TEST_CASE("labels: UTF-16 with a BOM and windows-1252 files are decoded", "[labels]") {
    // Excel's "Unicode text": UTF-16 LE, tab-separated, CRLF.
    const std::string text = "record_id\tlabel_included\r\nS1\t1\r\nS3\t0\r\n";
    CHECK(row_string(parse(utf16(text, true))) == "2:S1=1 3:S3=0 ");
    CHECK(row_string(parse(utf16(text, false))) == "2:S1=1 3:S3=0 ");
    // windows-1252 ids are read as the characters they are, and the repair is said.
    LabelsFile f = parse("id,label\nM\xFCller2019,1\n");
    CHECK(row_string(f) == "2:M\xC3\xBCller2019=1 ");
    REQUIRE(f.problems.size() == 1);
    CHECK(f.problems[0] == "l.csv:2: line is not valid UTF-8: decoded as windows-1252");
}

TEST_CASE("labels: a file none of whose rows can be read is an error, not zero labels", "[labels]") {
    // A comma header over semicolon rows: every row is one column short.
    CHECK_THROWS_WITH(parse("record_id,label_included\n1;1\n2;0\n3;0\n"),
                      Catch::StartsWith("l.csv:4: expected at least 2 columns, found 1 (and no other row could be read"));
    // A header alone is a file without labels, and says nothing wrong.
    CHECK(parse("record_id,label_included\n").rows.empty());
    // One row read is enough: the others are warnings.
    CHECK(parse("record_id,label_included\n1;1\n2,0\n").rows.size() == 1);
}
