// --strategy FILE: runs each line of a PubMed/Ovid search strategy (see
// strategy_parser.h) and reports its hits with and without duplicates, plus
// PRISMA counts; --export writes the final line's set, one record per
// duplicate cluster, for screening tools (Rayyan, ASReview, Covidence).
//
// Export contract. One record per duplicate cluster the final line matched:
// the record the cluster is named after (its first work indexed, not an
// erratum or reply notice; the lowest docid for a record of its own), even
// when the line matched only another of its records; clusters in docid
// order; the merged records are all the cluster's others.
//   RIS: the record as to_ris() writes it, plus, when the cluster has other
//        records, one note before ER:
//          N1  - refdex-duplicates: <kept refdex id>; <merged refdex id> [(<its export id>)]; ...
//        where the export id is "ID x" (the export's record id), else
//        "PMID x", else "DOI x", else nothing.
//   CSV: id, type, title, authors, year, journal, volume, issue, pages, doi,
//        pmid, keywords, abstract, source_file, source_line, duplicate_ids
//        (the merged records' refdex ids, "; "-separated), record_id (the
//        export's own id, RIS ID), duplicate_record_ids (the merged records'
//        own ids in duplicate_ids' order, "" where one has none).
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cluster_count.h"
#include "diagnostics.h"
#include "line_source.h"
#include "modes.h"
#include "query_compiler.h"
#include "read_retry.h"
#include "schema.h"
#include "strategy_parser.h"

namespace refdex {

namespace {

using Json = nlohmann::ordered_json;
using strategy::StrategyLine;

// The records a query matches and its distinct duplicate clusters (a record
// without a cluster value is a cluster of its own); optionally every match's
// cluster for the export. Only stock ValueCountMatchSpy is used, so the
// counts stay exact over remote shards (xapian-tcpsrv knows no other spy).
// With `marked` (every shard marks its cluster members, cluster_count.h)
// only the marked matches' clusters are read.
struct ClusterCount {
    std::size_t records = 0, clusters = 0;
    std::map<std::string, std::vector<Xapian::docid>> members;
};

ClusterCount count_clusters(Xapian::Database& db, const Xapian::Query& query, bool marked, bool keep_members,
                            const std::vector<Xapian::MatchSpy*>& extra = {}) {
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    const Xapian::doccount all = db.get_doccount();
    ClusterCount c;
    if (marked && !keep_members) {
        for (Xapian::MatchSpy* spy : extra) enquire.add_matchspy(spy);
        const Xapian::MSet mset = enquire.get_mset(0, 0, all);
        const ClusterTally tally = tally_clusters(db, query, mset.get_matches_estimated());
        c.records = tally.records;
        c.clusters = tally.clusters;
        return c;
    }
    Xapian::ValueCountMatchSpy clusters(schema::kSlotCluster);
    enquire.add_matchspy(&clusters);
    for (Xapian::MatchSpy* spy : extra) enquire.add_matchspy(spy);
    // The export needs every match's docid; counting needs none.
    Xapian::MSet mset = enquire.get_mset(0, keep_members ? all : 0, all);
    c.records = clusters.get_total();
    std::size_t with_cluster = 0;
    for (auto it = clusters.values_begin(); it != clusters.values_end(); ++it) {
        ++c.clusters;
        with_cluster += it.get_termfreq();
    }
    c.clusters += c.records - with_cluster;
    if (keep_members)
        for (auto it = mset.begin(); it != mset.end(); ++it) {
            std::string cluster = it.get_document().get_value(schema::kSlotCluster);
            if (cluster.empty()) cluster.assign(1, '\x01').append(std::to_string(*it));
            c.members[cluster].push_back(*it);
        }
    return c;
}

struct LineResult {
    const StrategyLine* line = nullptr;
    CompiledQuery compiled;
    std::size_t hits = 0, deduplicated = 0;
};

struct Prisma {
    std::vector<std::pair<std::string, std::size_t>> sources;  // most records first
    std::size_t records = 0, unique = 0;
    std::size_t notices = 0;  // of the duplicates: erratum/reply notices joined to their work
    std::map<std::string, std::size_t> rejected;  // file name -> records refdex-index rejected (> 0 only)
    std::size_t rejected_total = 0;
};

// Records the last ingest of each input rejected (no title, abstract or
// author), by file name, from the indexes' input metadata. Inputs noted by
// a refdex-index older than this count are not known, so count none.
void rejected_counts(const std::vector<Xapian::Database>& parts, Prisma& p) {
    for (const Xapian::Database& part : parts) {
        const auto inputs = nlohmann::json::parse(part.get_metadata(schema::kMetaInputs), nullptr, false);
        if (!inputs.is_object()) continue;
        for (const auto& [path, input] : inputs.items()) {
            const std::size_t n = input.is_object() ? input.value("rejected", std::size_t{0}) : 0;
            if (n == 0) continue;
            p.rejected[std::filesystem::path(path).filename().string()] += n;
            p.rejected_total += n;
        }
    }
}

struct Run {
    std::vector<LineResult> lines;
    Prisma prisma;
    std::map<std::string, std::vector<Xapian::docid>> final_clusters;
};

Prisma prisma_counts(Xapian::Database& db, bool marked) {
    Xapian::ValueCountMatchSpy sources(schema::kSlotSource), rules(schema::kSlotRule);
    const ClusterCount all = count_clusters(db, Xapian::Query::MatchAll, marked, false, {&sources, &rules});
    Prisma p;
    p.records = all.records;
    p.unique = all.clusters;
    for (auto it = rules.values_begin(); it != rules.values_end(); ++it)
        if (*it == schema::kRuleErratum || *it == schema::kRuleReply) p.notices += it.get_termfreq();
    for (auto it = sources.top_values_begin(1000); it != sources.top_values_end(1000); ++it)
        p.sources.emplace_back(*it, it.get_termfreq());
    return p;
}

// What stops a strategy from running, one message per problem, each
// starting "FILE:LINE: position P:" (or "FILE:" for the whole file).
struct Problems {
    std::vector<std::pair<std::size_t, std::string>> by_line;  // file line, message
};

// Every usable line compiled before any is counted, so that one run names
// every line to fix. A line that combines a rejected one is not reported again.
std::vector<CompiledQuery> compile_lines(Xapian::Database& db, const QueryOptions& options,
                                         const std::vector<StrategyLine>& lines, const std::string& file,
                                         Problems& problems) {
    QueryCompiler compiler(db, options);
    std::vector<CompiledQuery> compiled(lines.size());
    std::set<unsigned> rejected;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const StrategyLine& line = lines[i];
        const bool builds_on_rejected =
            std::any_of(line.refs.begin(), line.refs.end(), [&](unsigned r) { return rejected.count(r) > 0; });
        if (!line.usable || builds_on_rejected) {
            rejected.insert(line.number);
            continue;
        }
        try {
            compiled[i] = compiler.compile(line.query);
        } catch (const QueryError& e) {
            std::ostringstream message;
            message << file << ":" << line.file_line << ": position " << line.input_position(e.offset()) << ": "
                    << e.what() << " (in line " << line.number << " read as: " << line.query << ")";
            problems.by_line.emplace_back(line.file_line, message.str());
            rejected.insert(line.number);
        }
    }
    return compiled;
}

// Throws Problems when a line does not compile.
Run evaluate(Xapian::Database& db, const std::vector<Xapian::Database>& parts, const QueryOptions& options,
             bool marked, const std::vector<StrategyLine>& lines, bool keep_final, const std::string& file) {
    Problems problems;
    std::vector<CompiledQuery> compiled = compile_lines(db, options, lines, file, problems);
    if (!problems.by_line.empty()) throw problems;
    Run run;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        LineResult r;
        r.line = &lines[i];
        r.compiled = std::move(compiled[i]);
        const bool last = i + 1 == lines.size();
        ClusterCount counted = count_clusters(db, r.compiled.query, marked, keep_final && last);
        r.hits = counted.records;
        r.deduplicated = counted.clusters;
        if (keep_final && last) run.final_clusters = std::move(counted.members);
        run.lines.push_back(std::move(r));
    }
    run.prisma = prisma_counts(db, marked);
    rejected_counts(parts, run.prisma);
    return run;
}

// ---- output ----------------------------------------------------------------------

void write_text(const Run& run, const std::string& file, const ModeContext& ctx) {
    std::ostream& out = ctx.out;
    out << "Strategy " << file << ": " << run.lines.size() << " line" << (run.lines.size() == 1 ? "" : "s") << "\n\n";
    out << std::setw(6) << "line" << std::setw(10) << "hits" << std::setw(14) << "deduplicated" << "  query\n";
    for (const auto& r : run.lines) {
        out << std::setw(6) << r.line->number << std::setw(10) << r.hits << std::setw(14) << r.deduplicated << "  "
            << r.line->query << "\n";
        if (!ctx.format_options.explain) continue;
        out << std::string(32, ' ') << "input (" << strategy::dialect_name(r.line->dialect)
            << "): " << r.line->input << "\n";
        for (const auto& note : r.line->notes) out << std::string(32, ' ') << "note: " << note << "\n";
        for (const auto& e : r.compiled.explanation) out << std::string(32, ' ') << e << "\n";
    }
    const Prisma& p = run.prisma;
    out << "\nPRISMA\n  records identified: " << p.records;
    for (std::size_t i = 0; i < p.sources.size(); ++i)
        out << (i ? ", " : " (") << p.sources[i].first << " " << p.sources[i].second << (i + 1 == p.sources.size() ? ")" : "");
    if (p.rejected_total) {
        out << "\n  rejected at ingest: " << p.rejected_total;
        std::size_t i = 0;
        for (const auto& [file, n] : p.rejected) out << (i++ ? ", " : " (") << file << " " << n;
        out << "; no title, abstract or author: not searchable, not counted above)";
    }
    out << "\n  duplicates removed: " << p.records - p.unique;
    if (p.notices) out << " (" << p.notices << " of them erratum or reply notices)";
    out << "\n  unique records:     " << p.unique
        << "\n  after line " << run.lines.back().line->number << ":       " << run.lines.back().deduplicated << "\n";
}

void write_json(const Run& run, bool explain, std::ostream& out) {
    Json lines = Json::array(), after = Json::array(), sources = Json::object();
    for (const auto& r : run.lines) {
        Json line = {{"number", r.line->number}, {"input", r.line->input}, {"query", r.line->query},
                     {"hits", r.hits}, {"hits_deduplicated", r.deduplicated}};
        if (explain) {
            line["dialect"] = strategy::dialect_name(r.line->dialect);
            line["notes"] = r.line->notes;
            line["explanation"] = r.compiled.explanation;
        }
        lines.push_back(std::move(line));
        after.push_back({{"number", r.line->number}, {"records", r.deduplicated}});
    }
    for (const auto& [source, n] : run.prisma.sources) sources[source] = n;
    const Prisma& p = run.prisma;
    Json doc = {{"lines", lines},
                {"prisma",
                 {{"records_identified", p.records},
                  {"records_by_source", sources},
                  {"records_rejected", p.rejected_total},
                  {"rejected_by_source", p.rejected},
                  {"duplicates_removed", p.records - p.unique},
                  {"notices_joined", p.notices},
                  {"unique_records", p.unique},
                  {"records_after_line", after}}}};
    out << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

// ---- export ----------------------------------------------------------------------

struct Member {
    StoredRecord stored;
    Record record;
};

Member load(const Xapian::Database& db, Xapian::docid id) {
    Member m;
    m.stored = parse_stored_record(db.get_document(id).get_data());
    m.record = map_record(m.stored.raw);
    return m;
}

std::string export_id(const Member& m) {
    if (!m.record.record_id.empty()) return " (ID " + m.record.record_id + ")";
    if (!m.record.pmid.empty()) return " (PMID " + m.record.pmid + ")";
    if (!m.record.doi.empty()) return " (DOI " + m.record.doi_shown() + ")";
    return "";
}

// Positional: an empty value keeps its place ("; x"), so duplicate_record_ids
// lines up with duplicate_ids.
std::string join(const std::vector<std::string>& v, const std::string& sep) {
    std::string out;
    for (std::size_t i = 0; i < v.size(); ++i) out += (i ? sep : "") + v[i];
    return out;
}

void write_csv_row(std::ostream& out, const std::vector<std::string>& fields) {
    for (std::size_t i = 0; i < fields.size(); ++i) out << (i ? "," : "") << csv_field(fields[i]);
    out << "\r\n";
}

// Every record of the cluster `key`, not only those the final line matched:
// the kept record is the one the cluster is named after even when only its
// erratum matched, and the note names every merged record.
std::vector<Xapian::docid> cluster_members(const Xapian::Database& db, const std::string& key,
                                           std::vector<Xapian::docid> matched) {
    const std::string term = schema::make_term(schema::kCluster, key);
    if (key.empty() || key.front() == '\x01' || db.get_termfreq(term) == 0) return matched;
    std::vector<Xapian::docid> all;
    for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) all.push_back(*it);
    return all;
}

void export_set(const Xapian::Database& db, const Run& run, OutputFormat format, std::ostream& out) {
    // Clusters in the order of their lowest docid.
    std::vector<std::pair<std::vector<Xapian::docid>, std::string>> clusters;
    for (const auto& [key, matched] : run.final_clusters) {
        std::vector<Xapian::docid> ids = cluster_members(db, key, matched);
        std::sort(ids.begin(), ids.end());
        clusters.emplace_back(std::move(ids), key);
    }
    std::sort(clusters.begin(), clusters.end());
    if (format == OutputFormat::Csv)
        write_csv_row(out, {"id", "type", "title", "authors", "year", "journal", "volume", "issue", "pages", "doi",
                            "pmid", "keywords", "abstract", "source_file", "source_line", "duplicate_ids",
                            "record_id", "duplicate_record_ids"});
    for (const auto& [ids, key] : clusters) {
        std::vector<Member> members;
        for (Xapian::docid id : ids) members.push_back(load(db, id));
        // The record the cluster is named after leads: the first work
        // indexed, never an erratum or a reply (refdex-index roots it there).
        const auto named = std::find_if(members.begin(), members.end(),
                                        [&key = key](const Member& m) { return m.stored.id == key; });
        if (named != members.end()) std::rotate(members.begin(), named, named + 1);
        const Member& kept = members.front();
        std::vector<std::string> merged, merged_record_ids, noted{kept.stored.id};
        for (std::size_t i = 1; i < members.size(); ++i) {
            merged.push_back(members[i].stored.id);
            merged_record_ids.push_back(members[i].record.record_id);
            noted.push_back(members[i].stored.id + export_id(members[i]));
        }
        if (format == OutputFormat::Ris) {
            std::string ris = to_ris(kept.stored.raw, kept.record);
            const auto er = ris.rfind("ER  - ");
            if (!merged.empty()) ris.insert(er, "N1  - refdex-duplicates: " + join(noted, "; ") + "\n");
            out << ris;
            continue;
        }
        const Record& r = kept.record;
        const std::string pages = r.start_page + (r.end_page.empty() ? "" : "-" + r.end_page);
        write_csv_row(out, {kept.stored.id, r.type, r.title, join(r.authors, "; "), r.year ? std::to_string(*r.year) : "",
                            r.journal, r.volume, r.issue, pages, r.doi_shown(), r.pmid, join(r.keywords, "; "), r.abstract,
                            kept.stored.raw.source_file, std::to_string(kept.stored.raw.line), join(merged, "; "),
                            r.record_id, join(merged_record_ids, "; ")});
    }
}

// The strategy file as UTF-8 lines joined by '\n', read like an export:
// a file saved as "ANSI" (windows-1252) or "Unicode" (UTF-16) by Notepad or
// Word, or with old Mac line ends, reads as typed. Each repair becomes a
// "FILE:LINE: warning: ..." line in `warnings`.
std::string read_strategy_text(const std::string& path, bool& ok, std::vector<std::string>& warnings) {
    std::ifstream in(path, std::ios::binary);
    ok = static_cast<bool>(in);
    if (!ok) return "";
    Diagnostics diagnostics;
    LineSource source(in, diagnostics);
    std::string text, line;
    std::uint64_t number = 0;
    while (source.next(line, number)) text.append(line).append(1, '\n');
    ok = !in.bad();
    for (const Problem& p : diagnostics.problems())
        if (p.severity != Severity::Info)
            warnings.push_back(path + ":" + std::to_string(p.line) + ": warning: " + p.message);
    return text;
}

// Many exports give no language (RIS from PubMed via EndNote, Scopus), and
// a record without one never matches a language limit: a strategy that
// limits to English would lose them without a word. Said once per line on
// stderr when fewer than nine in ten records give a language.
void warn_about_language_limits(const Xapian::Database& db, const std::vector<StrategyLine>& lines,
                                const std::string& file, std::ostream& err) {
    const std::string prefix = schema::kLanguage;
    Xapian::doccount with_language = 0;
    for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) with_language += it.get_termfreq();
    const Xapian::doccount records = db.get_doccount();
    if (records == 0 || with_language * 10 >= records * 9) return;
    for (const auto& line : lines) {
        if (line.query.find("lang:") == std::string::npos && line.query.find("[la") == std::string::npos) continue;
        err << file << ":" << line.file_line << ": note: line " << line.number << " limits to a language, but only "
            << with_language << " of " << records << " records give one; the others never match it\n";
    }
}

}  // namespace

int run_strategy(const ModeContext& ctx, const std::string& strategy_file, const std::string& export_file) {
    const bool exporting = !export_file.empty();
    if (exporting && ctx.format != OutputFormat::Ris && ctx.format != OutputFormat::Csv) {
        ctx.err << "refdex-query: --export writes --format ris or csv\n";
        return 2;
    }
    if (!exporting && ctx.format != OutputFormat::Text && ctx.format != OutputFormat::Json) {
        ctx.err << "refdex-query: --strategy prints --format text or json (ris and csv need --export FILE)\n";
        return 2;
    }
    bool ok = false;
    std::vector<std::string> warnings;
    const std::string text = read_strategy_text(strategy_file, ok, warnings);
    if (!ok) {
        ctx.err << "refdex-query: " << strategy_file << ": cannot read the strategy file\n";
        return 2;
    }
    for (const auto& w : warnings) ctx.err << w << "\n";
    strategy::ParsedStrategy parsed = strategy::read_strategy(text);
    const std::vector<StrategyLine>& lines = parsed.lines;
    const auto report = [&](Problems problems) {
        std::stable_sort(problems.by_line.begin(), problems.by_line.end(),
                         [](const auto& a, const auto& b) { return a.first < b.first; });
        for (const auto& [file_line, message] : problems.by_line) ctx.err << message << "\n";
        return 2;
    };
    // The counts, the PRISMA figures and the exported records from one
    // revision: a writer's commit in between starts it all again.
    Run run;
    bool written = true;
    try {
        read_with_retry(ctx.db, [&] {
            if (!parsed.problems.empty()) {
                // Lines that cannot be translated: the others are still
                // compiled, so that every line to fix is named at once.
                Problems problems;
                for (const auto& p : parsed.problems) {
                    std::ostringstream message;
                    // Line 0 is about the whole file: no line or position.
                    message << strategy_file << ":";
                    if (p.file_line) message << p.file_line << ": position " << p.position << ":";
                    message << " " << p.message;
                    problems.by_line.emplace_back(p.file_line, message.str());
                }
                compile_lines(ctx.db, ctx.request.query_options, lines, strategy_file, problems);
                throw problems;
            }
            run = evaluate(ctx.db, ctx.parts, ctx.request.query_options, ctx.request.duplicate_marks, lines, exporting,
                           strategy_file);
            if (exporting) {
                std::ofstream out(export_file, std::ios::binary | std::ios::trunc);
                export_set(ctx.db, run, ctx.format, out);
                out.close();
                written = static_cast<bool>(out);
            }
            return 0;
        });
    } catch (const Problems& problems) {
        return report(problems);
    }
    if (!written) {
        ctx.err << "refdex-query: " << export_file << ": cannot write the export\n";
        return 1;
    }
    warn_about_language_limits(ctx.db, lines, strategy_file, ctx.err);
    std::set<std::string> warned;  // a line that refers to another repeats its clauses
    for (const LineResult& r : run.lines)
        for (const auto& warning : r.compiled.warnings)
            if (warned.insert(warning).second)
                ctx.err << strategy_file << ":" << r.line->file_line << ": warning: line " << r.line->number << ": " << warning
                    << "\n";
    if (ctx.format == OutputFormat::Json) write_json(run, ctx.format_options.explain, ctx.out);
    else write_text(run, strategy_file, ctx);
    return 0;
}

}  // namespace refdex
