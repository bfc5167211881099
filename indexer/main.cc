// refdex-index: bibliographic exports in, one fielded Xapian index out.
// Exit codes: 0 all input read; 1 fatal (index cannot be opened or created);
// 2 usage error; 3 finished, but some input could not be read, some records
// were rejected, or the run was interrupted.
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <csignal>
#include <fstream>
#include <iostream>
#include <sstream>
#include <optional>

#include <boost/program_options.hpp>
#include <xapian.h>

#include "bulk_build.h"
#include "compact.h"
#include "document_builder.h"
#include "input_paths.h"
#include "index_writer.h"
#include "ingest.h"
#include "progress.h"
#include "normalise.h"
#include "report.h"
#include "schema.h"
#include "sharded_index.h"

namespace po = boost::program_options;

namespace {

std::atomic<bool> g_stop{false};
extern "C" void on_signal(int) { g_stop.store(true); }

// More threads than this only adds contention (and file descriptors).
constexpr std::size_t kMaxThreads = 64;

// Without SA_RESTART a read blocked on standard input returns at once, so
// the run stops now and not when the input ends. SA_RESETHAND makes a second
// signal kill at once, which is safe: the index stays at its last commit.
void stop_on(int signal_number) {
    struct sigaction action {};
    action.sa_handler = on_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESETHAND;
    sigaction(signal_number, &action, nullptr);
}

constexpr const char* kUsage =
    "usage: refdex-index --db PATH [options] INPUT...\n"
    "       refdex-index --db PATH --not-duplicate ID1,ID2 [...] [INPUT...]\n"
    "       refdex-index --db PATH --notices join|apart [INPUT...]\n"
    "       refdex-index --db PATH --import-decisions FILE [INPUT...]\n"
    "       refdex-index --db PATH --export-decisions FILE\n"
    "       refdex-index --db PATH --compact\n"
    "INPUT is a file, a directory (read recursively) or - for standard input.\n";

struct CommandLine {
    refdex::IngestOptions options;
    std::vector<std::string> inputs;
    std::string report_path;
    bool quiet = false;
    bool compact = false;
    std::vector<std::pair<std::string, std::string>> not_duplicates;  // --not-duplicate, as given
    std::optional<refdex::NoticePolicy> notices;                      // --notices, when given
    std::string import_path, export_path;                            // --import-decisions, --export-decisions
    bool has_decisions() const { return !not_duplicates.empty() || notices.has_value() || !import_path.empty(); }
};

// "ID1,ID2" -> {ID1, ID2}; throws po::error otherwise.
std::pair<std::string, std::string> parse_id_pair(const std::string& value) {
    const std::size_t comma = value.find(',');
    if (comma == std::string::npos || comma == 0 || comma + 1 == value.size() ||
        value.find(',', comma + 1) != std::string::npos)
        throw po::error("--not-duplicate takes two record ids separated by a comma, not '" + value + "'");
    // Caught here, before any input is read; ids that name no record can
    // only be told once the inputs are indexed.
    if (value.compare(0, comma, value, comma + 1) == 0)
        throw po::error("--not-duplicate names the same id twice: '" + value + "'");
    return {value.substr(0, comma), value.substr(comma + 1)};
}

// Returns false after printing --help; throws po::error on bad usage.
bool parse_command_line(int argc, char** argv, CommandLine& cl) {
    std::string format, notices;
    std::vector<std::string> not_duplicates;
    po::options_description visible("Options");
    visible.add_options()
        ("help,h", "show this help")
        ("db,d", po::value<std::string>(&cl.options.db_path), "index directory (created if missing)")
        ("format,f", po::value<std::string>(&format), "ris|medline|wos: skip detection")
        ("report,r", po::value<std::string>(&cl.report_path), "write the JSON ingest report to FILE")
        ("dry-run,n", po::bool_switch(&cl.options.dry_run), "parse and report, write nothing")
        ("batch", po::value<std::size_t>(&cl.options.batch_size)->default_value(1000), "records per commit (per shard)")
        ("jobs,j", po::value<std::size_t>(&cl.options.jobs), "threads building documents, and writing a new index built in parts (default: the number of cores)")
        ("shards", po::value<std::size_t>(&cl.options.shards),
         "write a new index as N shards, one writer thread each (default 1; an existing index keeps its count)")
        ("replace", po::bool_switch(&cl.options.replace),
         "each INPUT is a new version of the export of its file name: remove the index's records of that name it no longer holds")
        ("replaces", po::value<std::string>(&cl.options.replaces),
         "NAME: the one INPUT is a new version of the export indexed under file name NAME (a search re-run and saved under another name): remove NAME's records; implies --replace")
        ("incremental", po::bool_switch(&cl.options.incremental),
         "write a new or empty index in place, committing every --batch records (readers see progress; slower)")
        ("part-records", po::value<std::size_t>(&cl.options.part_records)->default_value(refdex::BulkBuild::kDefaultPartRecords),
         "records per block (one temporary part each) when a new or empty index is built in parts")
        ("not-duplicate", po::value<std::vector<std::string>>(&not_duplicates),
         "ID1,ID2: these two records are not duplicates, from now on (refdex ids or the export's record ids; repeatable)")
        ("notices", po::value<std::string>(&notices),
         "join|apart: erratum and reply notices join the work they answer (default) or stay records of their own, from now on")
        ("import-decisions", po::value<std::string>(&cl.import_path),
         "FILE: record the not-duplicate decisions (and notice choice) of a file --export-decisions wrote, before INPUT is indexed")
        ("export-decisions", po::value<std::string>(&cl.export_path),
         "FILE: write the index's not-duplicate decisions and notice choice as JSON (- for standard output), last")
        ("quiet,q", po::bool_switch(&cl.quiet), "no summary on stderr")
        ("compact", po::bool_switch(&cl.compact), "compact the index (after indexing, if INPUT is given): smaller, faster to search; merges the shards of a sharded index into one");
    po::options_description hidden;
    hidden.add_options()("input", po::value<std::vector<std::string>>(&cl.inputs));
    po::options_description all;
    all.add(visible).add(hidden);
    po::positional_options_description positional;
    positional.add("input", -1);
    po::variables_map vm;
    po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(), vm);
    po::notify(vm);
    if (vm.count("help")) {
        std::cout << kUsage << visible;
        return false;
    }
    for (const auto& v : not_duplicates) cl.not_duplicates.push_back(parse_id_pair(v));
    if (vm.count("notices")) {
        if (notices != "join" && notices != "apart") throw po::error("--notices must be join or apart, not '" + notices + "'");
        cl.notices = notices == "apart" ? refdex::NoticePolicy::apart : refdex::NoticePolicy::join;
    }
    if (vm.count("jobs") && (cl.options.jobs == 0 || cl.options.jobs > kMaxThreads))
        throw po::error("--jobs must be between 1 and " + std::to_string(kMaxThreads));
    if (vm.count("shards") && (cl.options.shards == 0 || cl.options.shards > kMaxThreads))
        throw po::error("--shards must be between 1 and " + std::to_string(kMaxThreads));
    if (cl.inputs.empty() && !cl.has_decisions() && !cl.compact && cl.export_path.empty())
        throw po::error("no input given");
    if (cl.inputs.empty() && cl.compact && (cl.options.dry_run || cl.options.db_path.empty()))
        throw po::error("--compact without input needs --db PATH (and no --dry-run)");
    if ((cl.has_decisions() || !cl.export_path.empty()) && (cl.options.dry_run || cl.options.db_path.empty())) {
        const char* option = !cl.import_path.empty() ? "--import-decisions"
                             : !cl.export_path.empty() && !cl.has_decisions() ? "--export-decisions"
                             : cl.notices ? "--notices" : "--not-duplicate";
        throw po::error(std::string(option) + " needs --db PATH (and no --dry-run)");
    }
    if (cl.options.db_path.empty() && !cl.options.dry_run) throw po::error("--db PATH is required (or --dry-run)");
    if (vm.count("replaces")) {
        cl.options.replaces = refdex::source_name(cl.options.replaces);
        if (cl.options.replaces.empty()) throw po::error("--replaces needs the file name of an indexed export");
        std::error_code ec;
        if (cl.inputs.size() != 1 || cl.inputs[0] == "-" || std::filesystem::is_directory(cl.inputs[0], ec))
            throw po::error("--replaces takes exactly one INPUT file, the new version of " + cl.options.replaces);
        cl.options.replace = true;
    }
    if (cl.options.replace && (cl.inputs.empty() || cl.options.dry_run))
        throw po::error(std::string(vm.count("replaces") ? "--replaces" : "--replace") +
                        " needs INPUT files to replace (and no --dry-run)");
    if (!format.empty()) {
        refdex::InputFormat f;
        if (!refdex::parse_format_name(format, f)) throw po::error("--format must be ris, medline or wos, not '" + format + "'");
        cl.options.format = f;
    }
    return true;
}

void record_notices(const CommandLine& cl, refdex::ShardedIndex& writer) {
    const bool changed = writer.set_notice_policy(*cl.notices);
    if (!cl.quiet)
        std::cerr << "notices: " << (*cl.notices == refdex::NoticePolicy::apart ? "apart" : "join")
                  << (changed ? " (recorded)\n" : " (already recorded)\n");
}

// Before an ingest: its own clustering pass (and its report) then follows
// the choice. The index is created if it is new, and a bulk build keeps the
// choice with the rest of the metadata.
void record_notices_first(const CommandLine& cl) {
    refdex::ShardedIndex writer(cl.options.db_path, cl.options.shards, cl.options.batch_size);
    record_notices(cl, writer);
    writer.commit();
}

// Before any input is indexed, so that the ingest's own clustering pass
// applies them: a decision names its records by more than the ids of this
// index, so they need not be indexed yet. The file's notice choice applies
// unless --notices gives one. Returns the exit code (2: unreadable or not a
// decisions file).
int import_decisions_first(const CommandLine& cl) {
    std::string text;
    errno = 0;
    std::ifstream in(cl.import_path, std::ios::binary);
    std::ostringstream content;
    // A directory opens but fails on the first read (EISDIR), which
    // operator<< reports as failbit, as it does an empty file (errno 0).
    if (!in || (!(content << in.rdbuf()) && errno != 0)) {
        std::cerr << "refdex-index: --import-decisions " << cl.import_path
                  << ": cannot read: " << std::strerror(errno != 0 ? errno : EIO) << "\n";
        return 2;
    }
    text = content.str();
    refdex::ShardedIndex writer(cl.options.db_path, cl.options.shards, cl.options.batch_size);
    try {
        const refdex::DecisionsImport got = writer.import_decisions(text, cl.import_path);
        if (got.has_notices && !cl.notices) {
            const bool changed = writer.set_notice_policy(got.notices);
            if (!cl.quiet)
                std::cerr << "notices: " << (got.notices == refdex::NoticePolicy::apart ? "apart" : "join")
                          << (changed ? " (recorded, from " : " (already recorded, also in ") << cl.import_path << ")\n";
        }
        if (!cl.quiet)
            std::cerr << "decisions: " << got.decisions << " not-duplicate pair(s) in " << cl.import_path << ", "
                      << got.added << " new to this index\n";
    } catch (const refdex::NotDuplicateError& e) {
        std::cerr << "refdex-index: --import-decisions " << e.what() << "\n";
        return 2;
    }
    writer.commit();
    return 0;
}

// Decisions naming a record the index does not hold: kept, and applied once
// it is indexed; said so, since a wrong file would otherwise go unnoticed.
void warn_waiting_decisions(const CommandLine& cl) {
    std::vector<refdex::NotDuplicateDecision> waiting;
    try {
        waiting = refdex::waiting_decisions(Xapian::Database(cl.options.db_path));
    } catch (const Xapian::DatabaseOpeningError&) {
        return;  // a run that wrote nothing may leave no index: nothing waits in it
    }
    if (waiting.empty()) return;
    std::cerr << "refdex-index: warning: " << waiting.size()
              << " not-duplicate decision(s) name a record this index does not hold (not indexed yet, or changed "
                 "past recognition by an update: record it again with --not-duplicate); they apply once it is "
                 "indexed:";
    // A record by its export id, else by the start of its title.
    auto name = [](const refdex::RecordIdentity& r) {
        if (!r.record_id.empty()) return r.record_id;
        if (r.title.empty()) return r.id;
        std::string start = r.title.substr(0, 40);
        while (!start.empty() && (static_cast<unsigned char>(start.back()) & 0xC0) == 0x80) start.pop_back();
        return "\"" + start + (start.size() < r.title.size() ? "…\"" : "\"");
    };
    std::size_t shown = 0;
    for (const auto& d : waiting) {
        if (++shown > 5) {
            std::cerr << " …";
            break;
        }
        std::cerr << " " << name(d.a) << "," << name(d.b);
    }
    std::cerr << "\n";
}

// --export-decisions, after everything else. Returns the exit code (1 when
// the file cannot be written).
int export_decisions(const CommandLine& cl) {
    const std::string json = refdex::decisions_json(Xapian::Database(cl.options.db_path));
    if (cl.export_path == "-") {
        std::cout << json << std::flush;
        return std::cout ? 0 : 1;
    }
    std::ofstream out(cl.export_path, std::ios::trunc | std::ios::binary);
    out << json;
    out.close();
    if (!out) {
        std::cerr << "refdex-index: --export-decisions " << cl.export_path << ": cannot write: " << std::strerror(errno)
                  << "\n";
        return 1;
    }
    return 0;
}

// After any input is indexed, so that ids from that input resolve. Each
// decision (--not-duplicate, and --notices when there is no input) is
// stored in the index and the clustering pass applies it, now and in every
// later run. Returns the exit code: 2 when an id names no record or several.
int apply_decisions(const CommandLine& cl) {
    refdex::ShardedIndex writer(cl.options.db_path, cl.options.shards, cl.options.batch_size);
    int status = 0;
    if (cl.notices && cl.inputs.empty()) record_notices(cl, writer);
    for (const auto& [a, b] : cl.not_duplicates) {
        try {
            bool added = writer.add_not_duplicate(a, b);
            if (!cl.quiet) std::cerr << "not duplicates: " << a << ", " << b << (added ? " (recorded)\n" : " (already recorded)\n");
        } catch (const refdex::NotDuplicateError& e) {
            std::cerr << "refdex-index: --not-duplicate " << a << "," << b << ": " << e.what() << "\n";
            status = 2;
        }
    }
    const refdex::ClusterPassResult pass = writer.recluster();
    writer.commit();
    writer.refresh_facet_columns(std::cerr);
    if (!cl.quiet) std::cerr << pass.clusters << " duplicate cluster(s); " << pass.rewritten << " record(s) re-clustered\n";
    return status;
}

// The last steps of every run: what waits, then --export-decisions.
int finish(const CommandLine& cl, int status) {
    // Every run that could have changed what a decision names says which
    // decisions now name nothing, not only an import.
    const bool wrote = !cl.options.dry_run && !cl.options.db_path.empty();
    if (wrote && (!cl.import_path.empty() || !cl.inputs.empty() || !cl.not_duplicates.empty())) warn_waiting_decisions(cl);
    if (!cl.export_path.empty()) {
        const int exported = export_decisions(cl);
        if (status == 0) status = exported;
    }
    return status;
}

// --replaces NAME with a name the index does not hold (a typo, or the name
// with its directory changed) would remove nothing and index the new
// version beside the old: refused before anything is read. Returns the
// exit code.
int check_replaced_name(const CommandLine& cl) {
    const std::string& name = cl.options.replaces;
    std::vector<std::string> held;
    try {
        const Xapian::Database db(cl.options.db_path);
        if (db.get_termfreq(refdex::schema::make_term(refdex::schema::kSource, refdex::fold(name))) > 0) {
            const std::string why = refdex::replaces_conflict(name, refdex::noted_inputs(db));
            if (why.empty()) return 0;
            std::cerr << "refdex-index: --replaces " << name << ": " << why << "\n";
            return 2;
        }
        const std::string prefix = refdex::schema::kSource;
        for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix) && held.size() < 10; ++t)
            held.push_back((*t).substr(prefix.size()));
    } catch (const Xapian::Error&) {
        // No index there yet: nothing of that name either.
    }
    std::cerr << "refdex-index: --replaces " << name << ": the index holds no record of that file name";
    if (!held.empty()) {
        std::cerr << " (it holds:";
        for (const auto& h : held) std::cerr << " " << h;
        std::cerr << (held.size() == 10 ? " …)" : ")");
    }
    std::cerr << "\n";
    return 2;
}

int run(CommandLine& cl) {
    if (!cl.options.replaces.empty()) {
        const int status = check_replaced_name(cl);
        if (status != 0) return status;
    }
    if (!cl.import_path.empty()) {
        const int status = import_decisions_first(cl);
        if (status != 0) return status;
    }
    if (cl.inputs.empty()) {
        const int status = cl.has_decisions() ? apply_decisions(cl) : 0;
        if (cl.compact) refdex::compact_index(cl.options.db_path);
        return finish(cl, status);
    }
    if (cl.notices && !cl.options.dry_run) record_notices_first(cl);
    stop_on(SIGINT);
    stop_on(SIGTERM);
    cl.options.stop = &g_stop;
    refdex::Progress progress(std::cerr, !cl.quiet && ::isatty(STDERR_FILENO));
    cl.options.progress = [&](std::uint64_t records, std::uint64_t bytes) { progress.update(records, bytes); };
    refdex::IngestReport report = refdex::ingest(cl.inputs, cl.options);
    progress.finish();
    if (cl.compact && !cl.options.dry_run && !report.interrupted) refdex::compact_index(cl.options.db_path);
    if (!cl.report_path.empty()) {
        std::ofstream out(cl.report_path, std::ios::trunc);
        out << refdex::report_json(report);
        if (!out) std::cerr << "refdex-index: cannot write report " << cl.report_path << "\n";
    }
    if (!cl.quiet || report.exit_code() != 0) refdex::print_summary(report, std::cerr, cl.options.dry_run);
    if (!cl.not_duplicates.empty() && !report.interrupted) {
        const int status = apply_decisions(cl);
        if (status != 0) return finish(cl, status);
    }
    return finish(cl, report.exit_code());
}

}  // namespace

int main(int argc, char** argv) {
    CommandLine cl;
    try {
        try {
            if (!parse_command_line(argc, argv, cl)) return 0;
        } catch (const po::error& e) {
            std::cerr << "refdex-index: " << e.what() << "\n" << kUsage << "Try 'refdex-index --help'.\n";
            return 2;
        }
        return run(cl);
    } catch (const refdex::ShardCountError& e) {
        std::cerr << "refdex-index: " << e.what() << "\n";
        return 2;
    } catch (const refdex::IndexOpenError& e) {
        std::cerr << "refdex-index: " << e.what() << "\n";
        return 1;
    } catch (const Xapian::Error& e) {
        // Mid-ingest (a full disk, an I/O error): name the index; it stays
        // at its last commit.
        std::cerr << "refdex-index: " << cl.options.db_path << ": index error: " << e.get_description()
                  << "; the index keeps what was committed before\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "refdex-index: " << e.what() << "\n";
        return 1;
    }
}
