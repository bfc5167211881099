// Documents as the index sees them: terms rendered as one string and compared
// whole, the seed records, and Xapian's 245-byte term limit on a real glass
// database.
#include <catch2/catch.hpp>

#include <condition_variable>
#include <deque>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include "document_builder.h"
#include "index_writer.h"
#include "line_source.h"
#include "record_reader.h"
#include "schema.h"
#include "test_support.h"

using namespace refdex;

namespace {

RawRecord make_raw(std::initializer_list<std::pair<const char*, std::string>> tags) {
    RawRecord raw;
    raw.source_file = "dir/sample.ris";
    raw.line = 1;
    std::uint64_t line = 1;
    for (const auto& [tag, value] : tags) raw.fields.push_back({tag, value, line++});
    return raw;
}

// "Apacho[1] Sprotein[1,2] Y2019": every term with its positions (if any).
std::string render_terms(const Xapian::Document& doc, const std::string& only_prefix_chars = "") {
    std::string out;
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
        const std::string term = *t;
        if (!only_prefix_chars.empty() && only_prefix_chars.find(term[0]) == std::string::npos) continue;
        if (!out.empty()) out += ' ';
        out += term;
        std::string positions;
        for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) {
            if (!positions.empty()) positions += ',';
            positions += std::to_string(*p);
        }
        if (!positions.empty()) out += "[" + positions + "]";
    }
    return out;
}

std::vector<RawRecord> read_all(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    Diagnostics diagnostics;
    LineSource lines(in, diagnostics);
    auto reader = make_reader(detect_format(lines), lines, diagnostics, path);
    std::vector<RawRecord> records;
    RawRecord r;
    while (reader->next(r)) records.push_back(r);
    return records;
}

}  // namespace

TEST_CASE("a document's terms, whole", "[document]") {
    RawRecord raw = make_raw({{"TY", "JOUR"}, {"AU", "Müller, Ana M."}, {"AU", "B. Smith"}, {"TI", "Protein folding"},
                              {"AB", "Folding of protein."}, {"KW", "Big data; AI"}, {"PY", "2019"},
                              {"T2", "J Biol"}, {"DO", "10.1000/X"}, {"LA", "English"}, {"ID", "R1"}});
    Record record = map_record(raw);
    DocumentBuilder builder;
    BuiltDocument built = builder.build(raw, record, "00000000000000aa");
    // Title at 1-2; abstract after a gap of 100; journal, keywords likewise;
    // authors positioned by hand from 1: surname, initials (+ full given name
    // at its initial's position), then a gap before the next author.
    CHECK(render_terms(built.document, "ABKS") ==
          "Aa[2] Aana[2] Ab[105] Am[3] Amuller[1] Asmith[104] "
          "Bfolding[103] Bof[104] Bprotein[105] "
          "Kai[410] Kbig[308] Kdata[309] Sfolding[2] Sprotein[1]");
    CHECK(render_terms(built.document, "QYLX") ==
          "Len Q00000000000000aa XAUmuller a XAUsmith b XDKtproteinfolding XDOI10.1000/x XIDr1 XJOj biol XJbiol[207] XJj[206] "
          "XKWai XKWbig data XSRCsample.ris XTYPEjour Y2019");
    CHECK(built.document.get_value(schema::kSlotAuthors) == "Muller A\x1fSmith B");
    CHECK(built.document.get_value(schema::kSlotKeywords) == "Big data\x1f" "AI");
    CHECK(Xapian::sortable_unserialise(built.document.get_value(schema::kSlotYear)) == 2019);
}

TEST_CASE("translated titles are title words, the journal's other names journal words", "[document][medline]") {
    RawRecord raw = make_raw({{"TY", "JOUR"}, {"TI", "Protein folding"}, {"TT", "Faltung der Proteine"},
                              {"T2", "J Biol"}, {"J2", "Journal of Biology"}});
    Record record = map_record(raw);
    DocumentBuilder builder;
    BuiltDocument built = builder.build(raw, record, "00000000000000aa");
    // Each after a gap of 100, so that no phrase spans two of them; the
    // whole-name term and the facet keep the journal as displayed.
    CHECK(render_terms(built.document, "S") ==
          "Sder[104] Sfaltung[103] Sfolding[2] Sprotein[1] Sproteine[105]");
    CHECK(render_terms(built.document, "X").find("XJOj biol XJbiol[307] XJbiology[410] XJj[306] XJjournal[408] XJof[409] ") !=
          std::string::npos);
    CHECK(built.document.get_value(schema::kSlotJournal) == "J Biol");
}

TEST_CASE("record ids are stable, content-derived and distinct for repeated records", "[document]") {
    RawRecord a = make_raw({{"TY", "JOUR"}, {"TI", "Same"}});
    RawRecord b = a;
    b.source_file = "other/dir/sample.ris";  // same file name elsewhere: same id
    CHECK(record_id(a, 0) == record_id(b, 0));
    CHECK(record_id(a, 0) != record_id(a, 1));
    RawRecord c = make_raw({{"TY", "JOUR"}, {"TI", "Different"}});
    CHECK(record_id(a, 0) != record_id(c, 0));
    CHECK(record_id(a, 0).size() == 16);
}

TEST_CASE("the seed records: 8 authors, abstract once, DOI, PMID, year 2025", "[document][seeds]") {
    for (const char* name : {"000_20bbc48be17a7882.txt", "004_d060900a9ac5280d.txt"}) {
        INFO(name);
        auto records = read_all(test::repo_data(name));
        REQUIRE(records.size() == 1);
        Record r = map_record(records[0]);
        CHECK(r.authors.size() == 8);
        CHECK(r.year == 2025);
        CHECK(r.type == "JOUR");
        CHECK(r.journal == "J Health Serv Res Policy");
        CHECK(r.language == "en");
        CHECK(r.abstract.find("Objectives") == 0);
        // AB and N2 carry the same text: indexed once, not doubled.
        CHECK(r.abstract.size() < records[0].first("AB").size() + 10);
        if (std::string(name).rfind("000", 0) == 0) {
            CHECK(r.doi == "10.1177/13558196251349353");
            CHECK(r.pmid == "40682524");
            CHECK(r.authors.front() == "A. Pacho");
            CHECK(r.title.rfind("The role and functions of community-based", 0) == 0);
        } else {
            CHECK(r.doi == "10.1177/13558196251349400");
            CHECK(r.pmid == "40682522");
        }
    }
}

TEST_CASE("no term over Xapian's limit is built, even from huge values (glass database)", "[document][glass]") {
    test::TempDir dir;
    const std::string huge(600, 'x');
    const std::string huge_utf8 = [] { std::string s; for (int i = 0; i < 300; ++i) s += "é"; return s; }();
    RawRecord raw = make_raw({{"TY", "JOUR"}, {"TI", "Long values"}, {"AU", huge + ", A."}, {"AU", huge_utf8},
                              {"DO", "10.1000/" + huge}, {"KW", huge_utf8}, {"ID", huge}, {"T2", huge}});
    Record record = map_record(raw);
    DocumentBuilder builder;
    BuiltDocument built = builder.build(raw, record, record_id(raw, 0));
    for (auto t = built.document.termlist_begin(); t != built.document.termlist_end(); ++t) {
        INFO(*t);
        CHECK((*t).size() <= schema::kMaxTermBytes);
    }
    RawRecord small = make_raw({{"TY", "JOUR"}, {"TI", "A normal record"}});
    {
        IndexWriter writer(dir / "db", 10);
        writer.write(builder.build(small, map_record(small), record_id(small, 0)));
        writer.write(std::move(built));
        writer.commit();
    }
    // Had one term been too long, the whole batch (both records) would be gone.
    Xapian::Database db(dir / "db");
    CHECK(db.get_doccount() == 2);
    // Two different long values must stay distinct after shortening.
    CHECK(schema::make_term("XDOI", huge + "a") != schema::make_term("XDOI", huge + "b"));
}

TEST_CASE("every MEDLINE publication type is a type term, so review[pt] finds reviews", "[document]") {
    RawRecord raw;
    raw.format = InputFormat::Medline;
    raw.source_file = "m.nbib";
    raw.fields = {{"PMID", "1", 1}, {"TI", "A review", 2}, {"PT", "Journal Article", 3}, {"PT", "Review", 4}};
    DocumentBuilder builder;
    BuiltDocument built = builder.build(raw, map_record(raw), record_id(raw, 0));
    CHECK(render_terms(built.document, "X").find("XTYPEjour XTYPEreview") != std::string::npos);
}

// Xapian's reference counts are not atomic, so a built document must belong
// to its caller alone: the ingest hands it to a writer thread while the
// builder goes on to the next record. A builder that kept a reference (its
// TermGenerator did) races on the count: a lost update leaks the document
// or frees it while the writer still reads it. The race is timing-dependent;
// under the sanitizer suite (tools/sanitize.sh) it shows as a leak or a
// use-after-free, and the counts here then differ as well.
TEST_CASE("a built document is its caller's alone: another thread may copy and drop it", "[document][threads]") {
    constexpr int kDocuments = 20000;
    std::mutex mutex;
    std::condition_variable ready;
    std::deque<BuiltDocument> handed_over;
    bool done = false;
    std::size_t terms_seen = 0;
    std::thread consumer([&] {
        for (;;) {
            std::unique_lock lock(mutex);
            ready.wait(lock, [&] { return done || !handed_over.empty(); });
            if (handed_over.empty()) return;
            BuiltDocument built = std::move(handed_over.front());
            handed_over.pop_front();
            lock.unlock();
            // Copies and drops touch the reference count, as a writer's
            // add_document() and term iteration do.
            for (int k = 0; k < 50; ++k) {
                Xapian::Document copy = built.document;
                terms_seen += copy.termlist_count() > 0 ? 1 : 0;
            }
        }
    });
    DocumentBuilder builder;
    std::size_t built_with_terms = 0;
    for (int i = 0; i < kDocuments; ++i) {
        RawRecord raw = make_raw({{"TY", "JOUR"}, {"TI", "Record " + std::to_string(i)}, {"AU", "Smith, J."}});
        BuiltDocument built = builder.build(raw, map_record(raw), record_id(raw, 0));
        built_with_terms += built.document.termlist_count() > 0 ? 1 : 0;
        {
            std::lock_guard lock(mutex);
            handed_over.push_back(std::move(built));
        }
        ready.notify_one();
    }
    {
        std::lock_guard lock(mutex);
        done = true;
    }
    ready.notify_one();
    consumer.join();
    CHECK(built_with_terms == static_cast<std::size_t>(kDocuments));
    CHECK(terms_seen == 50u * kDocuments);
}
