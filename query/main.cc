// refdex-query: ranked, fielded, faceted search over a refdex index.
// Exit codes: 0 success (also when nothing matches); 1 the index is missing,
// not a refdex index, or unreadable; 2 usage error or malformed query.
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <limits>
#include <sstream>

#include <boost/program_options.hpp>
#include <xapian.h>

#include "format.h"
#include "index_set.h"
#include "modes.h"
#include "read_retry.h"
#include "search.h"
#include "snippet.h"
#include "stats.h"

namespace po = boost::program_options;

namespace {

// Largest --title-weight/--keyword-weight/--abstract-weight: a field
// weight is a multiplier of BM25 scores; beyond this it only risks overflow.
constexpr int kMaxWeight = 1000;

constexpr const char* kUsage = "usage: refdex-query --db PATH [--db PATH...] [options] [QUERY...]\n";

struct CommandLine {
    std::vector<std::string> dbs;  // indexes, stub files, tcp://HOST:PORT: searched as one
    refdex::SearchRequest request;
    refdex::OutputFormat format = refdex::OutputFormat::Text;
    bool count_only = false, explain = false, stats = false;
    std::string color = "auto";
    // Systematic-review modes (modes.h).
    std::string strategy_file, export_file, prioritise_file, simulate_file, plot_file;
    bool duplicates = false;
    unsigned seed = 42;
    std::string model = refdex::model_name(refdex::ModelOptions{}.kind);
};

refdex::SortOrder parse_sort(const std::string& s) {
    if (s == "relevance") return refdex::SortOrder::Relevance;
    if (s == "year") return refdex::SortOrder::YearAscending;
    if (s == "-year") return refdex::SortOrder::YearDescending;
    throw po::error("--sort must be relevance, year or -year, not '" + s + "'");
}

// Boost reads "-1" into an unsigned as 4294967295: digits only, in range.
unsigned parse_seed(const std::string& s) {
    const bool digits = !s.empty() && s.size() <= 10 && s.find_first_not_of("0123456789") == std::string::npos;
    if (!digits || std::stoull(s) > std::numeric_limits<unsigned>::max())
        throw po::error("--seed must be a whole number from 0 to " + std::to_string(std::numeric_limits<unsigned>::max()) +
                        ", not '" + s + "'");
    return static_cast<unsigned>(std::stoull(s));
}

// Boost reads "-1" into a std::size_t as 18446744073709551615: a count is
// digits only (at least `min`), and the error names the option.
std::size_t parse_count(const char* option, const std::string& s, std::size_t min = 0) {
    const bool digits = !s.empty() && s.size() <= 19 && s.find_first_not_of("0123456789") == std::string::npos;
    if (!digits || std::stoull(s) < min)
        throw po::error(std::string("--") + option + " must be a whole number from " + std::to_string(min) +
                        " up, not '" + s + "'");
    return static_cast<std::size_t>(std::stoull(s));
}

std::string join_words(const std::vector<std::string>& words) {
    std::string q;
    for (const auto& w : words) {
        if (!q.empty()) q += ' ';
        q += w;
    }
    return q;
}

bool parse_command_line(int argc, char** argv, CommandLine& cl) {
    std::string format = "text", sort = "relevance", seed, limit, offset, facet_limit;
    std::vector<std::string> words;
    auto& r = cl.request;
    po::options_description visible("Options");
    visible.add_options()
        ("help,h", "show this help")
        ("db,d", po::value<std::vector<std::string>>(&cl.dbs), "index built by refdex-index, stub file or tcp://HOST:PORT (repeatable: searched as one)")
        ("format,f", po::value<std::string>(&format), "text|json|jsonl|csv|ris|ids")
        ("limit,n", po::value<std::string>(&limit)->default_value("10"), "hits per page")
        ("offset", po::value<std::string>(&offset)->default_value("0"), "hits to skip")
        ("sort", po::value<std::string>(&sort), "relevance|year|-year")
        ("filter", po::value<std::vector<std::string>>(&r.filters), "narrow without ranking, e.g. year:2019..2021 (repeatable)")
        ("facet", po::value<std::vector<std::string>>(&r.facets), "year|type|journal|author|keyword|language|source (repeatable)")
        ("facet-limit", po::value<std::string>(&facet_limit)->default_value("10"), "values per facet (1 or more)")
        ("all-duplicates", po::bool_switch(&r.all_duplicates), "show every record of a duplicate cluster")
        ("count", po::bool_switch(&cl.count_only), "print only the number of matches")
        ("explain", po::bool_switch(&cl.explain), "show how the query was understood")
        ("stats", po::bool_switch(&cl.stats), "describe the index")
        ("title-weight", po::value<double>(&r.query_options.title_weight)->default_value(2.0), "weight of title matches")
        ("keyword-weight", po::value<double>(&r.query_options.keyword_weight)->default_value(1.5), "weight of keyword matches")
        ("abstract-weight", po::value<double>(&r.query_options.abstract_weight)->default_value(1.0), "weight of abstract matches")
        ("wildcard-limit", po::value<std::size_t>(&r.query_options.wildcard_limit)->default_value(1000), "max terms a truncation may expand to")
        ("color", po::value<std::string>(&cl.color), "auto|always|never: bold highlights in text output")
        ("strategy", po::value<std::string>(&cl.strategy_file), "run a numbered PubMed/Ovid search strategy FILE")
        ("export", po::value<std::string>(&cl.export_file), "with --strategy: write the final line's records to FILE (--format ris|csv)")
        ("duplicates", po::bool_switch(&cl.duplicates), "list duplicate clusters")
        ("prioritise", po::value<std::string>(&cl.prioritise_file), "rank unlabelled records by likely inclusion, given LABELS.csv")
        ("simulate", po::value<std::string>(&cl.simulate_file), "replay a fully labelled review from LABELS.csv")
        ("plot", po::value<std::string>(&cl.plot_file), "with --simulate: draw the recall curve to FILE.svg")
        ("seed", po::value<std::string>(&seed)->default_value("42"), "with --simulate: random seed (0 to 4294967295)")
        ("model", po::value<std::string>(&cl.model),
         ("with --prioritise/--simulate: nb, svm, ensemble or lr (default " + cl.model + ")").c_str())
        ("highlight-include", po::value<std::vector<std::string>>(&r.highlight_include)->multitoken(), "words to mark as signs of inclusion")
        ("highlight-exclude", po::value<std::vector<std::string>>(&r.highlight_exclude)->multitoken(), "words to mark as signs of exclusion");
    po::options_description hidden;
    hidden.add_options()("query", po::value<std::vector<std::string>>(&words));
    po::options_description all;
    all.add(visible).add(hidden);
    po::positional_options_description positional;
    positional.add("query", -1);
    po::variables_map vm;
    po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(), vm);
    po::notify(vm);
    if (vm.count("help")) {
        std::cout << kUsage << visible;
        return false;
    }
    if (cl.dbs.empty()) throw po::error("--db PATH is required");
    if (!refdex::parse_output_format(format, cl.format)) throw po::error("--format must be text, json, jsonl, csv, ris or ids");
    if (cl.color != "auto" && cl.color != "always" && cl.color != "never") throw po::error("--color must be auto, always or never");
    if (!refdex::parse_model_kind(cl.model)) throw po::error("--model must be nb, svm, ensemble or lr");
    cl.seed = parse_seed(seed);
    r.limit = parse_count("limit", limit);
    r.offset = parse_count("offset", offset);
    // 0 printed "(none)" under each facet, which reads as "no values".
    r.facet_limit = parse_count("facet-limit", facet_limit, 1);
    // Facet names and weights are checked here, so a bad one is a usage
    // error naming the option, not a "query error" about the query text.
    for (const auto& facet : r.facets)
        if (std::find(refdex::facet_names().begin(), refdex::facet_names().end(), facet) == refdex::facet_names().end()) {
            std::string known;
            for (const auto& name : refdex::facet_names()) known += (known.empty() ? "" : ", ") + name;
            throw po::error("--facet: unknown facet '" + facet + "' (known: " + known + ")");
        }
    // NaN and huge weights made scores null or inf; a negative one failed in Xapian.
    for (const auto& [option, weight] : {std::pair{"title-weight", r.query_options.title_weight},
                                         std::pair{"keyword-weight", r.query_options.keyword_weight},
                                         std::pair{"abstract-weight", r.query_options.abstract_weight}})
        if (!std::isfinite(weight) || weight < 0 || weight > kMaxWeight) {
            std::ostringstream given;
            given << weight;
            throw po::error(std::string("--") + option + " must be a number from 0 to " + std::to_string(kMaxWeight) +
                            ", not " + given.str());
        }
    if (vm.count("plot") && cl.simulate_file.empty()) throw po::error("--plot draws --simulate's curve: give --simulate LABELS.csv");
    if (vm.count("plot") && cl.plot_file.empty()) throw po::error("--plot needs a file name (curve.svg)");
    // Each of these runs a whole job of its own; given two, only the first
    // would run, and the reviewer would not know the second was dropped.
    std::vector<std::string> modes;
    for (const char* mode : {"stats", "strategy", "duplicates", "prioritise", "simulate"})
        if (vm.count(mode) && !vm[mode].defaulted()) modes.push_back(std::string("--") + mode);
    if (modes.size() > 1) throw po::error(modes[0] + " and " + modes[1] + " are separate jobs: give one per run");
    r.sort = parse_sort(sort);
    // The model's order is the point of --prioritise; a --sort would be
    // silently ignored, and a reviewer would think the list was sorted.
    if (vm.count("sort") && !cl.prioritise_file.empty())
        throw po::error("--sort does not apply to --prioritise, which lists records by likely inclusion");
    // Only a strategy has a final line's set to export; without one the
    // option would be dropped and an old FILE taken for a fresh export.
    if (!cl.export_file.empty() && cl.strategy_file.empty())
        throw po::error("--export needs --strategy FILE (a strategy of one line, \"1. QUERY\", exports one query's set)");
    // Highlights mark listed records; these jobs list none.
    if (!r.highlight_include.empty() || !r.highlight_exclude.empty())
        for (const char* mode : {"stats", "strategy", "duplicates", "simulate"})
            if (vm.count(mode) && !vm[mode].defaulted())
                throw po::error(std::string("--highlight-include/--highlight-exclude do not apply to --") + mode +
                                " (search results and --prioritise are highlighted)");
    r.query = join_words(words);
    // The highlight options take several words each, so a query typed after
    // them without "--" is swallowed: say so rather than search everything.
    if (r.query.empty() && (!r.highlight_include.empty() || !r.highlight_exclude.empty()))
        std::cerr << "refdex-query: note: no query given, so every record matches; the words after "
                     "--highlight-include/--highlight-exclude are all highlight words: put -- before the query "
                     "(--highlight-exclude rat mice -- QUERY)\n";
    // Highlight words that can never mark anything are usage errors; words
    // read otherwise than typed, and a word in both lists, are warnings.
    const refdex::HighlightProblems highlights = refdex::check_highlights(r.highlight_include, r.highlight_exclude);
    for (const auto& warning : highlights.warnings) std::cerr << "refdex-query: warning: " << warning << "\n";
    for (std::size_t i = 0; i + 1 < highlights.errors.size(); ++i) std::cerr << "refdex-query: " << highlights.errors[i] << "\n";
    if (!highlights.errors.empty()) throw po::error(highlights.errors.back());
    if (cl.count_only) r.limit = 0;
    return true;
}

bool utf8_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// The byte offset `at` of `text` as a 1-based character (code point)
// position: what a reader counts, and what --strategy reports.
std::size_t char_position(const std::string& text, std::size_t at) {
    std::size_t chars = 0;
    for (std::size_t i = 0; i < at && i < text.size(); ++i)
        if (!utf8_continuation(text[i])) ++chars;
    return chars + 1;
}

// One line: where in the query, what is wrong, and the text around it.
void print_query_error(const std::string& main_query, const refdex::QueryError& e) {
    const std::string& query = e.text().empty() ? main_query : e.text();
    std::size_t at = std::min(e.offset(), query.size());
    while (at > 0 && at < query.size() && utf8_continuation(query[at])) --at;
    // 20 characters from there, not 20 bytes: never half a character.
    std::size_t stop = at;
    for (int chars = 0; stop < query.size() && chars < 20; ++chars)
        do ++stop; while (stop < query.size() && utf8_continuation(query[stop]));
    std::cerr << "refdex-query: query error at position " << char_position(query, at) << ": " << e.what();
    if (!query.empty())
        std::cerr << " (in \"" << query.substr(0, at) << " >>" << query.substr(at, stop - at)
                  << (stop < query.size() ? "…" : "") << "\")";
    std::cerr << "\n";
}

int run(CommandLine& cl) {
    refdex::IndexSet indexes = refdex::open_indexes(cl.dbs);
    Xapian::Database& db = indexes.db;
    cl.request.remote_shards = indexes.has_remote();
    cl.request.duplicate_marks = indexes.marks_duplicates();
    if (!indexes.shared_inputs.empty() && !cl.stats) {
        std::string names;
        for (std::size_t i = 0; i < indexes.shared_inputs.size() && i < 3; ++i)
            names += (i ? ", " : "") + indexes.shared_inputs[i];
        if (indexes.shared_inputs.size() > 3) names += ", …";
        std::cerr << "refdex-query: note: several --db hold records of " << names
                  << ": a record indexed into two of them (the same refdex id) counts once\n";
    }
    cl.request.facet_columns = indexes.facet_columns;
    if (cl.stats) {
        // Written to a string first: a retry must not print twice. Each
        // try also brings the per-shard handles to the newest revision.
        const std::string stats = refdex::read_with_retry(db, [&] {
            for (Xapian::Database& part : indexes.parts) part.reopen();
            std::ostringstream out;
            refdex::write_stats(indexes, join_words(cl.dbs), cl.format == refdex::OutputFormat::Json, out);
            return out.str();
        });
        std::cout << stats;
        return 0;
    }
    refdex::FormatOptions options;
    options.terminal = cl.color == "always" || (cl.color == "auto" && ::isatty(STDOUT_FILENO));
    options.explain = cl.explain;
    options.highlight_include = cl.request.highlight_include;
    options.highlight_exclude = cl.request.highlight_exclude;
    refdex::ModeContext ctx{db, cl.request, cl.format, options, std::cout, std::cerr, indexes.parts, indexes.part_specs};
    refdex::SearchResult result;
    try {
        if (!cl.strategy_file.empty()) return refdex::run_strategy(ctx, cl.strategy_file, cl.export_file);
        if (cl.duplicates) return refdex::run_duplicates(ctx);
        if (!cl.prioritise_file.empty()) return refdex::run_prioritise(ctx, cl.prioritise_file, *refdex::parse_model_kind(cl.model));
        if (!cl.simulate_file.empty()) return refdex::run_simulate(ctx, cl.simulate_file, cl.plot_file, cl.seed,
                                                                         *refdex::parse_model_kind(cl.model));
        result = refdex::search(db, cl.request);
    } catch (const refdex::QueryError& e) {
        print_query_error(cl.request.query, e);
        return 2;
    }
    for (const auto& warning : result.warnings) std::cerr << "refdex-query: warning: " << warning << "\n";
    if (cl.count_only) {
        std::cout << result.total << "\n";
        return 0;
    }
    refdex::write_results(result, cl.format, std::cout, options);
    // An export cut at --limit looks like a whole result set to the screening
    // tool that imports it.
    const bool exporting = cl.format == refdex::OutputFormat::Ris || cl.format == refdex::OutputFormat::Csv;
    if (exporting && result.total > result.hits.size()) {
        std::cerr << "refdex-query: note: " << result.hits.size() << " of " << result.total << " records written";
        if (result.offset == 0)
            std::cerr << " (--limit " << result.limit << "): give --limit " << result.total;
        else
            std::cerr << " (records " << result.offset + 1 << "–" << result.offset + result.hits.size() << ", --offset "
                      << result.offset << " --limit " << result.limit << "): give --offset 0 --limit " << result.total;
        std::cerr << " for all, or export with --strategy FILE --export FILE\n";
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) try {
    CommandLine cl;
    try {
        if (!parse_command_line(argc, argv, cl)) return 0;
    } catch (const po::error& e) {
        std::cerr << "refdex-query: " << e.what() << "\n" << kUsage << "Try 'refdex-query --help'.\n";
        return 2;
    }
    return run(cl);
} catch (const refdex::IndexError& e) {
    std::cerr << "refdex-query: " << e.what() << "\n";
    return 1;
} catch (const Xapian::Error& e) {
    std::cerr << "refdex-query: index error: " << e.get_description() << "\n";
    return 1;
} catch (const std::exception& e) {
    std::cerr << "refdex-query: " << e.what() << "\n";
    return 1;
}
