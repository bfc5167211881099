// refdex-index: bibliographic exports in, one fielded Xapian index out.
// Exit codes: 0 all input read; 1 fatal (index cannot be opened or created);
// 2 usage error; 3 finished, but some input could not be read, some records
// were rejected, or the run was interrupted.
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <fstream>
#include <iostream>

#include <boost/program_options.hpp>
#include <xapian.h>

#include "index_writer.h"
#include "ingest.h"
#include "progress.h"
#include "report.h"

namespace po = boost::program_options;

namespace {

std::atomic<bool> g_stop{false};
extern "C" void on_signal(int) { g_stop.store(true); }

constexpr const char* kUsage =
    "usage: refdex-index --db PATH [options] INPUT...\n"
    "INPUT is a file, a directory (read recursively) or - for standard input.\n";

struct CommandLine {
    refdex::IngestOptions options;
    std::vector<std::string> inputs;
    std::string report_path;
    bool quiet = false;
};

// Returns false after printing --help; throws po::error on bad usage.
bool parse_command_line(int argc, char** argv, CommandLine& cl) {
    std::string format;
    po::options_description visible("Options");
    visible.add_options()
        ("help,h", "show this help")
        ("db,d", po::value<std::string>(&cl.options.db_path), "index directory (created if missing)")
        ("format,f", po::value<std::string>(&format), "ris|medline|wos: skip detection")
        ("report,r", po::value<std::string>(&cl.report_path), "write the JSON ingest report to FILE")
        ("dry-run,n", po::bool_switch(&cl.options.dry_run), "parse and report, write nothing")
        ("batch", po::value<std::size_t>(&cl.options.batch_size)->default_value(1000), "records per commit")
        ("quiet,q", po::bool_switch(&cl.quiet), "no summary on stderr");
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
    if (cl.inputs.empty()) throw po::error("no input given");
    if (cl.options.db_path.empty() && !cl.options.dry_run) throw po::error("--db PATH is required (or --dry-run)");
    if (!format.empty()) {
        refdex::InputFormat f;
        if (!refdex::parse_format_name(format, f)) throw po::error("--format must be ris, medline or wos, not '" + format + "'");
        cl.options.format = f;
    }
    return true;
}

int run(CommandLine& cl) {
    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);
    cl.options.stop = &g_stop;
    refdex::Progress progress(std::cerr, !cl.quiet && ::isatty(STDERR_FILENO));
    cl.options.progress = [&](std::uint64_t records, std::uint64_t bytes) { progress.update(records, bytes); };
    refdex::IngestReport report = refdex::ingest(cl.inputs, cl.options);
    progress.finish();
    if (!cl.report_path.empty()) {
        std::ofstream out(cl.report_path, std::ios::trunc);
        out << refdex::report_json(report);
        if (!out) std::cerr << "refdex-index: cannot write report " << cl.report_path << "\n";
    }
    if (!cl.quiet || report.exit_code() != 0) refdex::print_summary(report, std::cerr, cl.options.dry_run);
    return report.exit_code();
}

}  // namespace

int main(int argc, char** argv) try {
    CommandLine cl;
    try {
        if (!parse_command_line(argc, argv, cl)) return 0;
    } catch (const po::error& e) {
        std::cerr << "refdex-index: " << e.what() << "\n" << kUsage << "Try 'refdex-index --help'.\n";
        return 2;
    }
    return run(cl);
} catch (const refdex::IndexOpenError& e) {
    std::cerr << "refdex-index: " << e.what() << "\n";
    return 1;
} catch (const Xapian::Error& e) {
    std::cerr << "refdex-index: index error: " << e.get_description() << "\n";
    return 1;
} catch (const std::exception& e) {
    std::cerr << "refdex-index: " << e.what() << "\n";
    return 1;
}
