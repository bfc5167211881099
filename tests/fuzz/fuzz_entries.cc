#include "fuzz_entries.h"

#include <array>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>
#include <xapian.h>

#include "diagnostics.h"
#include "document_builder.h"
#include "line_source.h"
#include "query_compiler.h"
#include "record.h"
#include "record_reader.h"
#include "stored_record.h"
#include "strategy_parser.h"

namespace refdex::fuzz {

namespace {

// An invariant the fuzzer should treat as a crash (libFuzzer reports an
// uncaught exception as a deadly signal; the replay test as a failure).
void require(bool ok, const char* what) {
    if (!ok) throw std::logic_error(std::string("fuzz invariant broken: ") + what);
}

// Reads every record of `input`; `map_and_build` adds what refdex-index
// does after reading. Returns normally whatever the bytes are.
void read_all(std::string_view input, const InputFormat* forced, bool map_and_build) {
    std::istringstream in{std::string(input)};
    Diagnostics diagnostics;
    LineSource lines(in, diagnostics);
    const InputFormat format = forced ? *forced : detect_format(lines);
    auto reader = make_reader(format, lines, diagnostics, "fuzz.ris");
    static DocumentBuilder builder;  // owns a TermGenerator: build it once
    RawRecord raw;
    while (reader->next(raw)) {
        require(raw.source_file == "fuzz.ris", "record keeps its file name");
        if (!map_and_build) continue;
        std::vector<MapNote> notes;
        const Record record = map_record(raw, &notes);
        if (!record.searchable()) continue;
        const std::string id = record_id(raw, 0);
        require(!id.empty(), "record id is never empty");
        BuiltDocument built = builder.build(raw, record, id);
        require(built.id == id, "document keeps the id it was given");
    }
    require(diagnostics.problems().size() <= Diagnostics::kMaxListed + 1, "diagnostics list stays capped");
    require(lines.bytes_read() <= input.size(), "no more bytes read than given");
}

// A small index whose terms truncated and wildcard words can expand to,
// built once from a RIS text by the real document builder.
const Xapian::Database& sample_index() {
    static const Xapian::Database db = [] {
        Xapian::WritableDatabase w(std::string(), Xapian::DB_BACKEND_INMEMORY);
        std::istringstream in(
            "TY  - JOUR\nAU  - Wistow, Gerald\nAU  - Müller, Hans\nTI  - Integrated care for older people\n"
            "AB  - We study integrated health services and integrative medicine.\nKW  - Integrated Care\n"
            "KW  - Ageing\nT2  - J Health Serv Res Policy\nPY  - 2015\nDO  - 10.1136/bmj.b1234\nLA  - eng\nER  - \n"
            "TY  - BOOK\nAU  - O'Brien, K.\nTI  - Cancer screening outcomes in hospitals\n"
            "AB  - Screening for cancer reduces mortality.\nPY  - 2021\nER  - \n");
        Diagnostics diagnostics;
        LineSource lines(in, diagnostics);
        auto reader = make_reader(InputFormat::Ris, lines, diagnostics, "sample.ris");
        DocumentBuilder builder;
        RawRecord raw;
        while (reader->next(raw)) {
            const Record record = map_record(raw);
            const std::string id = record_id(raw, 0);
            w.add_document(builder.build(raw, record, id).document);
        }
        w.commit();
        return Xapian::Database(w);
    }();
    return db;
}

// Compiles `text` and runs it on the sample index. A QueryError is the
// documented answer to a malformed query; anything else escapes.
void compile_and_run(std::string_view text) {
    const Xapian::Database& db = sample_index();
    QueryCompiler compiler(db);
    CompiledQuery compiled;
    try {
        compiled = compiler.compile(text);
    } catch (const QueryError& e) {
        require(e.offset() <= text.size(), "error offset inside the query");
        return;
    }
    Xapian::Enquire enquire(db);
    enquire.set_query(compiled.query);
    enquire.get_mset(0, 10);
}

constexpr std::array<Target, 7> kTargets{{
    {"ris", read_ris},
    {"medline", read_medline},
    {"wos", read_wos},
    {"ingest", ingest},
    {"query", query},
    {"strategy", strategy},
    {"stored", stored},
}};

}  // namespace

const Target* find_target(std::string_view name) {
    for (const auto& t : kTargets)
        if (t.name == name) return &t;
    return nullptr;
}

void read_ris(std::string_view input) {
    const InputFormat f = InputFormat::Ris;
    read_all(input, &f, false);
}

void read_medline(std::string_view input) {
    const InputFormat f = InputFormat::Medline;
    read_all(input, &f, false);
}

void read_wos(std::string_view input) {
    const InputFormat f = InputFormat::Wos;
    read_all(input, &f, false);
}

void ingest(std::string_view input) { read_all(input, nullptr, true); }

void query(std::string_view input) { compile_and_run(input); }

void strategy(std::string_view input) {
    std::vector<strategy::StrategyLine> lines;
    try {
        lines = strategy::parse_strategy(input);
    } catch (const strategy::StrategyError& e) {
        // file_line() is 0 for errors about the whole file (no numbered line).
        require(e.position() >= 1, "error positions are 1-based");
        return;
    }
    for (const auto& line : lines) {
        require(!line.input.empty(), "a numbered line has text");
        compile_and_run(line.query);
    }
}

namespace {

// The record, or nullopt where parse_stored_record() refuses the data.
std::optional<StoredRecord> try_parse(const std::string& data) {
    try {
        return parse_stored_record(data);
    } catch (const std::exception&) {  // runtime_error, or the JSON library's own
        return std::nullopt;
    }
}

bool same(const StoredRecord& a, const StoredRecord& b) {
    if (a.id != b.id || a.raw.source_file != b.raw.source_file || a.raw.line != b.raw.line ||
        a.raw.format != b.raw.format || a.raw.fields.size() != b.raw.fields.size())
        return false;
    for (std::size_t i = 0; i < a.raw.fields.size(); ++i)
        if (a.raw.fields[i].tag != b.raw.fields[i].tag || a.raw.fields[i].value != b.raw.fields[i].value ||
            a.raw.fields[i].line != b.raw.fields[i].line)
            return false;
    return true;
}

}  // namespace

void stored(std::string_view input) {
    const std::string data(input);
    const std::optional<StoredRecord> direct = try_parse(data);
    const nlohmann::json tree = nlohmann::json::parse(data, nullptr, false);
    if (tree.is_discarded()) {
        require(!direct, "data that is not JSON is refused");
        return;
    }
    // The same JSON with white space can only go through the general parser:
    // whatever path `data` took, the answer must be the same.
    const std::optional<StoredRecord> general = try_parse(tree.dump(1));
    require(direct.has_value() == general.has_value(), "fast reader and general parser accept the same data");
    if (!direct) return;
    require(same(*direct, *general), "fast reader and general parser read the same record");
    const std::optional<StoredRecord> again = try_parse(serialise_record(*direct));
    require(again && same(*again, *direct), "a parsed record serialises and parses back to itself");
}

}  // namespace refdex::fuzz
