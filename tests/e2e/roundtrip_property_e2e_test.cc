// Property test, "nothing lost": random valid RIS records (random tags from
// the tag table, random lengths, Latin with diacritics, Greek, Cyrillic, CJK
// and Arabic text) are indexed; each must be found by its record id and come
// back through --format ris field for field, tag for tag, in order.
// The base seed is fixed (REFDEX_PROPERTY_SEED overrides it) and printed on
// failure, so a failing case can be replayed.
#include <cstdlib>
#include <fstream>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "hostile_support.h"
#include "tag_table.h"

using namespace refdex;
using namespace refdex::e2e;

namespace {

using Fields = std::vector<std::pair<std::string, std::string>>;

void append_utf8(std::string& out, char32_t c) {
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
}

class RecordGenerator {
public:
    explicit RecordGenerator(std::uint64_t seed) : rng_(seed) {
        // Every RIS tag the schema knows, except the ones with a structural
        // role: TY opens the record, ER closes it, ID is the id we search by.
        for (const TagRule& rule : tag_rules())
            if (rule.format == InputFormat::Ris && std::string(rule.tag) != "TY" && std::string(rule.tag) != "ER" &&
                std::string(rule.tag) != "ID")
                tags_.push_back(rule.tag);
    }

    Fields record(std::size_t n) {
        static const char* const kTypes[] = {"JOUR", "BOOK", "CHAP", "CONF", "RPRT", "THES", "GEN", "ELEC"};
        Fields f;
        f.emplace_back("TY", kTypes[pick(8)]);
        // Something searchable, so the record is not rejected.
        static const char* const kSearchable[] = {"TI", "AU", "AB", "T1", "A1"};
        f.emplace_back(kSearchable[pick(5)], text());
        const std::size_t extra = pick(12);
        for (std::size_t i = 0; i < extra; ++i) f.emplace_back(tags_[pick(tags_.size())], text());
        // The id goes somewhere in the middle, as exports do.
        f.insert(f.begin() + 1 + static_cast<std::ptrdiff_t>(pick(f.size())), {"ID", "rdxprop" + std::to_string(n)});
        return f;
    }

private:
    std::size_t pick(std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_); }

    std::string word() {
        std::string w;
        const std::size_t script = pick(6), length = 1 + pick(9);
        static const char32_t kLatin[] = U"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZàáâäãåæçčďèéêëěìíîïľłñňòóôöõøœřšťùúûüůýÿžßÀÉÖØÜŁ0123456789";
        static const char32_t kGreek[] = U"αβγδεζηθικλμνξοπρστυφχψωΑΒΓΔΣΩάέήίόύώ";
        static const char32_t kCyrillic[] = U"абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЖЗИЯ";
        for (std::size_t i = 0; i < length; ++i) {
            switch (script) {
                case 0: case 1: append_utf8(w, kLatin[pick(sizeof kLatin / sizeof(char32_t) - 1)]); break;
                case 2: append_utf8(w, kGreek[pick(sizeof kGreek / sizeof(char32_t) - 1)]); break;
                case 3: append_utf8(w, kCyrillic[pick(sizeof kCyrillic / sizeof(char32_t) - 1)]); break;
                case 4: append_utf8(w, 0x4E00 + static_cast<char32_t>(pick(0x9FA5 - 0x4E00))); break;  // CJK
                default: append_utf8(w, 0x0627 + static_cast<char32_t>(pick(0x064A - 0x0627))); break;  // Arabic
            }
        }
        return w;
    }

    // 1 to ~5 words mostly, sometimes a long paragraph.
    std::string text() {
        static const char* const kPunctuation[] = {" ", " ", " ", " ", ", ", ". ", "; ", ": ", " (", ") "};
        const std::size_t words = pick(10) == 0 ? 50 + pick(300) : 1 + pick(5);
        std::string t = word();
        for (std::size_t i = 1; i < words; ++i) t += kPunctuation[pick(10)] + word();
        return t;
    }

    std::mt19937_64 rng_;
    std::vector<std::string> tags_;
};

std::string to_ris_text(const Fields& fields) {
    std::string out;
    for (const auto& [tag, value] : fields) out += tag + "  - " + value + "\n";
    return out + "ER  - \n\n";
}

// The records of a --format ris output, as (tag, value) lists.
std::vector<Fields> parse_ris(const std::string& text) {
    std::vector<Fields> records;
    Fields current;
    for (const std::string& line : lines(text)) {
        if (line.empty()) continue;
        REQUIRE(line.size() >= 5);
        const std::string tag = line.substr(0, 2);
        const std::string value = line.size() > 6 ? line.substr(6) : "";
        if (tag == "ER") {
            records.push_back(std::move(current));
            current.clear();
        } else {
            current.emplace_back(tag, value);
        }
    }
    REQUIRE(current.empty());
    return records;
}

std::uint64_t base_seed() {
    const char* env = std::getenv("REFDEX_PROPERTY_SEED");
    return env && *env ? std::strtoull(env, nullptr, 10) : 20261123ULL;
}

}  // namespace

TEST_CASE("random records come back by id and field for field through RIS export", "[e2e][property][ris]") {
    const std::uint64_t seed = base_seed();
    const std::size_t records = scaled(150, 20);
    INFO("base seed " << seed << " (replay with REFDEX_PROPERTY_SEED=" << seed << "), " << records << " records");
    RecordGenerator generate(seed);
    std::vector<Fields> generated;
    for (std::size_t i = 0; i < records; ++i) generated.push_back(generate.record(i));

    test::TempDir dir;
    const std::string input = dir / "random.ris";
    {
        std::ofstream out(input, std::ios::binary);
        for (const auto& r : generated) out << to_ris_text(r);
    }
    const std::string db = dir / "db";
    build_index(db, {input});
    CHECK(count(db, "*", "--all-duplicates") == records);

    for (std::size_t i = 0; i < records; ++i) {
        const std::string id = "rdxprop" + std::to_string(i);
        CommandResult r = run_query(db, "--all-duplicates --format ris " + q("id:" + id));
        INFO("record " << i << " (" << id << "), generated:\n" << to_ris_text(generated[i]) << "exported:\n" << r.out << r.err);
        REQUIRE(r.exit_code == 0);
        const std::vector<Fields> exported = parse_ris(r.out);
        REQUIRE(exported.size() == 1);
        CHECK(exported[0] == generated[i]);
        // Every tenth record also by its refdex id (16 hex digits).
        if (i % 10 != 0) continue;
        const std::vector<std::string> own = ids(db, "--all-duplicates " + q("id:" + id));
        REQUIRE(own.size() == 1);
        CHECK(ids(db, "--all-duplicates " + q("id:" + own[0])) == own);
    }
}
