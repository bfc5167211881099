// LineSource: encodings and line endings as byte tables, chunk boundaries,
// and memory that stays flat on a 50 MB stream generated on the fly.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <fstream>
#include <sstream>
#include <streambuf>
#include <vector>

#include "record_reader.h"

using namespace refdex;

namespace {

struct Decoded {
    std::vector<std::string> lines;
    std::string encoding;
    std::size_t repairs = 0;
    std::uint64_t bytes = 0;
};

Decoded decode(const std::string& bytes) {
    Decoded out;
    Diagnostics diagnostics;
    std::istringstream in(bytes);
    LineSource source(in, diagnostics);
    std::string line;
    std::uint64_t number = 0;
    while (source.next(line, number)) {
        out.lines.push_back(line);
        CHECK(number == out.lines.size());
    }
    out.encoding = source.encoding();
    out.repairs = diagnostics.repairs();
    out.bytes = source.bytes_read();
    return out;
}

// UTF-16 bytes of a UTF-8 literal (ASCII, é and one astral character only).
std::string utf16(const std::u16string& text, bool big_endian, bool bom) {
    std::string out;
    auto put = [&](char16_t unit) {
        const char hi = static_cast<char>(unit >> 8), lo = static_cast<char>(unit & 0xFF);
        out += big_endian ? hi : lo;
        out += big_endian ? lo : hi;
    };
    if (bom) put(u'\uFEFF');
    for (char16_t unit : text) put(unit);
    return out;
}

std::size_t resident_bytes() {
    std::ifstream statm("/proc/self/statm");
    std::size_t size = 0, resident = 0;
    statm >> size >> resident;
    return resident * static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
}

// An input stream that writes RIS records as they are read: the test input
// never exists in memory as a whole.
class GeneratedRis : public std::streambuf {
public:
    explicit GeneratedRis(std::size_t total_bytes) : remaining_(total_bytes) {}
    std::size_t records_written() const { return records_; }

protected:
    int_type underflow() override {
        if (remaining_ == 0) return traits_type::eof();
        record_.clear();
        record_ += "TY  - JOUR\nTI  - Generated record number " + std::to_string(records_) + "\n";
        record_ += "AU  - Doe, Jane\nAU  - Roe, Richard\nAB  - ";
        record_.append(900, 'x');
        record_ += "\n   continued abstract line\nPY  - 2020\nER  - \n\n";
        ++records_;
        remaining_ = remaining_ > record_.size() ? remaining_ - record_.size() : 0;
        setg(record_.data(), record_.data(), record_.data() + record_.size());
        return traits_type::to_int_type(record_[0]);
    }

private:
    std::size_t remaining_;
    std::size_t records_ = 0;
    std::string record_;
};

}  // namespace

TEST_CASE("LineSource decodes encodings and line endings", "[reader][encoding]") {
    struct Row {
        const char* name;
        std::string bytes;
        std::vector<std::string> lines;
        const char* encoding;
        std::size_t repairs;
    };
    const std::vector<Row> rows = {
        {"UTF-8 BOM", "\xEF\xBB\xBFTY  - JOUR\nER  - \n", {"TY  - JOUR", "ER  - "}, "utf-8-bom", 0},
        {"spaces then BOM", "  \xEF\xBB\xBFTY  - A\n", {"TY  - A"}, "utf-8-bom", 0},
        {"UTF-16LE with BOM", utf16(u"TY  - \u00E9t\u00E9\r\nAU  - \U0001F600\r\n", false, true),
         {"TY  - \xC3\xA9t\xC3\xA9", "AU  - \xF0\x9F\x98\x80"}, "utf-16le", 0},
        {"UTF-16BE without BOM", utf16(u"TY  - JOUR\nTI  - caf\u00E9\n", true, false),
         {"TY  - JOUR", "TI  - caf\xC3\xA9"}, "utf-16be", 0},
        {"UTF-16LE without BOM", utf16(u"TY  - JOUR\rER  -", false, false), {"TY  - JOUR", "ER  -"}, "utf-16le", 0},
        {"windows-1252 bytes", "TI  - caf\xE9 \x93quoted\x94\nAU  - ok\nAB  - \x96\n",
         {"TI  - caf\xC3\xA9 \xE2\x80\x9Cquoted\xE2\x80\x9D", "AU  - ok", "AB  - \xE2\x80\x93"}, "windows-1252", 2},
        {"CR, CRLF and LF mixed", "a\r\nb\rc\nd\r\r\ne", {"a", "b", "c", "d", "", "e"}, "utf-8", 0},
        {"blank lines and no final newline", "a\n\nb\r\n\r\n", {"a", "", "b", ""}, "utf-8", 0},
        {"BOM at the start of a later line", "a\n\xEF\xBB\xBF" "b\n", {"a", "b"}, "utf-8", 0},
        {"U+2028 and U+2029 become spaces", "TI  - a\xE2\x80\xA8" "b\xE2\x80\xA9" "c\n", {"TI  - a b c"}, "utf-8", 1},
        {"valid UTF-8 untouched", "TI  - \xCE\xA9 \xE4\xB8\xAD \xD0\x96\n", {"TI  - \xCE\xA9 \xE4\xB8\xAD \xD0\x96"}, "utf-8", 0},
        {"overlong UTF-8 is not UTF-8", "x\xC0\xAF\n", {"x\xC3\x80\xC2\xAF"}, "windows-1252", 1},
        {"empty input", "", {}, "utf-8", 0},
    };
    for (const Row& row : rows) {
        SECTION(row.name) {
            const Decoded decoded = decode(row.bytes);
            CHECK(decoded.lines == row.lines);
            CHECK(decoded.encoding == row.encoding);
            CHECK(decoded.repairs == row.repairs);
            CHECK(decoded.bytes == row.bytes.size());
        }
    }
}

TEST_CASE("LineSource handles characters and CRLF split across chunks", "[reader][encoding]") {
    constexpr std::size_t kChunk = 64 * 1024;
    SECTION("a surrogate pair straddling the UTF-16 chunk boundary") {
        // BOM (2 bytes) + 32766 units puts the pair at bytes 65534..65537.
        std::u16string text(32766, u'a');
        text += u"\U0001F600 end\n";
        const Decoded decoded = decode(utf16(text, false, true));
        REQUIRE(decoded.lines.size() == 1);
        CHECK(decoded.lines[0] == std::string(32766, 'a') + "\xF0\x9F\x98\x80 end");
    }
    SECTION("CRLF straddling a chunk boundary is one line break") {
        std::string bytes(kChunk - 1, 'a');
        bytes += "\r\nb\n";
        const Decoded decoded = decode(bytes);
        CHECK(decoded.lines == std::vector<std::string>{std::string(kChunk - 1, 'a'), "b"});
    }
    SECTION("a multi-byte character straddling a UTF-8 chunk boundary") {
        std::string bytes(kChunk - 1, 'a');
        bytes += "\xC3\xA9\n";
        const Decoded decoded = decode(bytes);
        REQUIRE(decoded.lines.size() == 1);
        CHECK(decoded.encoding == "utf-8");
    }
}

TEST_CASE("peek does not consume lines", "[reader]") {
    Diagnostics diagnostics;
    std::istringstream in("one\ntwo\nthree\n");
    LineSource source(in, diagnostics);
    std::string line;
    std::uint64_t number = 0;
    REQUIRE(source.peek(1, line));
    CHECK(line == "two");
    CHECK_FALSE(source.peek(3, line));
    REQUIRE(source.next(line, number));
    CHECK((line == "one" && number == 1));
    REQUIRE(source.next(line, number));
    CHECK((line == "two" && number == 2));
    REQUIRE(source.next(line, number));
    CHECK((line == "three" && number == 3));
    CHECK_FALSE(source.next(line, number));
}

// True in the AddressSanitizer build (tools/sanitize.sh): its quarantine
// holds freed memory back, so a resident-size bound measures the sanitizer,
// not refdex.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kAddressSanitizer = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kAddressSanitizer = true;
#else
constexpr bool kAddressSanitizer = false;
#endif
#else
constexpr bool kAddressSanitizer = false;
#endif

TEST_CASE("reading a 50 MB stream keeps memory flat", "[reader][stream]") {
    constexpr std::size_t kTotal = 50u * 1024 * 1024;
    GeneratedRis generator(kTotal);
    std::istream in(&generator);
    Diagnostics diagnostics;
    LineSource lines(in, diagnostics);
    auto reader = make_reader(detect_format(lines), lines, diagnostics, "generated");
    RawRecord record;
    std::size_t records = 0;
    const std::size_t before = resident_bytes();
    std::size_t peak = before;
    while (reader->next(record)) {
        if (++records % 1000 == 0) peak = std::max(peak, resident_bytes());
        if (records == 1) CHECK(record.first("AB").size() == 900 + 1 + 23);
    }
    peak = std::max(peak, resident_bytes());
    CHECK(records == generator.records_written());
    CHECK(lines.bytes_read() >= kTotal);
    CHECK(diagnostics.repairs() == 0);
    INFO("RSS before " << before << " peak " << peak);
    if (kAddressSanitizer)
        WARN("resident-size bound not checked under AddressSanitizer (its quarantine keeps freed memory)");
    else
        CHECK(peak - before < 4u * 1024 * 1024);
}

TEST_CASE("a line with no end is cut at 16 MiB, so memory stays bounded", "[reader][encoding]") {
    std::istringstream in(std::string(17 * 1024 * 1024, 'a'));
    Diagnostics diagnostics;
    LineSource lines(in, diagnostics);
    std::string line;
    std::uint64_t number = 0;
    std::vector<std::size_t> sizes;
    while (lines.next(line, number)) sizes.push_back(line.size());
    CHECK(sizes == std::vector<std::size_t>{16 * 1024 * 1024, 1024 * 1024});
    CHECK(diagnostics.repairs() == 1);
}
