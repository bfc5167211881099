// Screening-order benchmark: for each labelled data set in
// ../shared/corpus/screening (<name>.ris + <name>.labels.csv), index the RIS
// into a temporary database with the real ingest path, replay the review
// (screening_simulation.h) with a few seeds and print the median WSS@95,
// WSS@100 and RRF@10 beside random order (expected, after the same priors)
// and ASReview's published WSS@95.
//
//   screening_bench [CORPUS_DIR] [--seeds N] [--retrain K] [--asreview-protocol]
//                   [--prior-exclusions N] [--model nb|svm|ensemble|lr] [--only NAME] [tuning: --c X --svm-balance X
//                   --hinge 0|1 --svm-share X --fuse-ranks 0|1 --lr-c X --lr-balance X
//                   --c-growth X --balance X --alpha X --title-weight X --max-df X
//                   --min-df N --numbers 0|1 --stop-words 0|1 --stem 0|1 --bigrams 0|1 --sublinear 0|1]
//
// The last column reads WSS@95 the way ASReview 0.x's analysis module did
// for the published figures (screening_metrics.h, averaged_curve_wss): priors
// left out, the seeds' curves averaged first.
//
// --asreview-protocol prepares the data and starts the replay as the
// published ASReview simulations did (records without an abstract and
// labelled duplicates removed, 1 inclusion + 10 exclusions known, mean over
// runs), so the ASReview column compares like with like.
//
// Not a test: it takes minutes and needs data outside the repository.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <iostream>
#include <map>
#include <unistd.h>
#include <string>
#include <vector>

#include "ingest.h"
#include "labels.h"
#include "record.h"
#include "screening_metrics.h"
#include "screening_simulation.h"
#include "search.h"
#include "stored_record.h"

namespace fs = std::filesystem;
using namespace refdex;

namespace {

// ASReview's published WSS@95 (NB + TF-IDF, max sampling) where our data
// sets are theirs: the ACE inhibitors topic of Cohen 2006 and Nagtegaal 2019.
const std::map<std::string, double> kAsreviewWss95 = {{"Cohen_2006_ACEInhibitors", 0.829}, {"Nagtegaal_2019", 0.717}};

struct Labelled {
    FeatureSet features;
    std::vector<bool> included;
    std::size_t not_in_index = 0;
};

// ASReview's published figures (Ferdinands et al.) come from data sets
// without records lacking an abstract and without duplicates; `asreview`
// applies the same preparation so their figures can be set beside ours.
// A copy of the labels file without the rows that name a duplicate
// (a non-empty duplicate_record_id column) is written to `out`.
fs::path without_duplicate_rows(const fs::path& labels, const fs::path& out) {
    std::ifstream in(labels);
    std::ofstream o(out);
    std::string line;
    std::getline(in, line);
    o << line << "\n";
    std::size_t dup_column = std::string::npos, column = 0;
    std::stringstream header(line);
    for (std::string name; std::getline(header, name, ','); ++column)
        if (name == "duplicate_record_id" || name == "duplicate_record_id\r") dup_column = column;
    while (std::getline(in, line)) {
        std::vector<std::string> cells;
        std::stringstream row(line);
        for (std::string cell; std::getline(row, cell, ',');) cells.push_back(cell);
        const bool duplicate = dup_column < cells.size() && !cells[dup_column].empty() && cells[dup_column] != "\r";
        if (!duplicate) o << line << "\n";
    }
    return out;
}

bool has_abstract(const Xapian::Database& db, Xapian::docid doc) {
    return !map_record(parse_stored_record(db.get_document(doc).get_data()).raw).abstract.empty();
}

Labelled load(const fs::path& ris, const fs::path& labels, const fs::path& db_path, bool asreview,
              const FeatureOptions& features) {
    IngestOptions options;
    options.db_path = db_path.string();
    ingest({ris.string()}, options);
    Xapian::Database db = open_index(db_path.string());
    const fs::path label_file = asreview ? without_duplicate_rows(labels, db_path.string() + ".labels.csv") : labels;
    ResolvedLabels resolved = resolve_labels(db, read_labels(label_file.string()), labels.string());
    // Counted as --simulate counts them: once per row and work it names.
    std::map<Xapian::docid, bool> by_doc;
    for (const auto& [doc, included] : work_labels(db, resolved).labels)
        if (!asreview || has_abstract(db, doc)) by_doc[doc] = included;
    std::vector<Xapian::docid> docs;
    Labelled out;
    for (const auto& [doc, inc] : by_doc) {
        docs.push_back(doc);
        out.included.push_back(inc);
    }
    out.features = FeatureSet::from_index(db, docs, features);
    out.not_in_index = resolved.unknown_labelled;
    return out;
}

double mean(const std::vector<double>& v) {
    double sum = 0;
    for (double x : v) sum += x;
    return v.empty() ? 0 : sum / static_cast<double>(v.size());
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

std::string one_decimal(double x) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", x);
    return buf;
}
std::string pct(double fraction) { return one_decimal(fraction * 100); }

}  // namespace

int main(int argc, char** argv) try {
    fs::path corpus = REFDEX_SCREENING_CORPUS;
    unsigned seeds = 3;
    std::size_t retrain = 1;
    bool asreview = false;
    std::size_t prior_exclusions = 0;  // 0: the protocol's own (1, or 10 under ASReview's)
    std::string only;
    SimulationOptions options;
    // Feature options follow the model unless set explicitly after --model.
    FeatureOptions features = features_for(options.model.kind);
    for (int i = 1; i < argc; ++i) {
        auto number = [&] { return std::stod(argv[++i]); };
        const bool has_value = i + 1 < argc;
        if (!std::strcmp(argv[i], "--model") && has_value) {
            const auto kind = parse_model_kind(argv[++i]);
            if (!kind) throw std::invalid_argument("--model takes nb, svm, ensemble or lr");
            options.model.kind = *kind;
            features = features_for(options.model.kind);
        } else if (!std::strcmp(argv[i], "--only") && has_value) only = argv[++i];
        else if (!std::strcmp(argv[i], "--c") && has_value) options.model.svm_c = number();
        else if (!std::strcmp(argv[i], "--hinge") && has_value) options.model.svm_hinge = number() != 0;
        else if (!std::strcmp(argv[i], "--svm-share") && has_value) options.model.ensemble_svm_share = number();
        else if (!std::strcmp(argv[i], "--fuse-ranks") && has_value) options.model.ensemble_by_rank = number() != 0;
        else if (!std::strcmp(argv[i], "--svm-balance") && has_value) options.model.svm_balance = number();
        else if (!std::strcmp(argv[i], "--balance") && has_value) options.model.balance = number();
        else if (!std::strcmp(argv[i], "--alpha") && has_value) options.model.alpha = number();
        else if (!std::strcmp(argv[i], "--title-weight") && has_value) features.title_weight = number();
        else if (!std::strcmp(argv[i], "--max-df") && has_value) features.max_df = number();
        else if (!std::strcmp(argv[i], "--bigrams") && has_value) features.bigrams = number() != 0;
        else if (!std::strcmp(argv[i], "--sublinear") && has_value) features.sublinear_tf = number() != 0;
        else if (!std::strcmp(argv[i], "--min-df") && has_value) features.min_df = static_cast<std::size_t>(number());
        else if (!std::strcmp(argv[i], "--numbers") && has_value) features.numbers = number() != 0;
        else if (!std::strcmp(argv[i], "--stop-words") && has_value) features.stop_words = number() != 0;
        else if (!std::strcmp(argv[i], "--stem") && has_value) features.stem = number() != 0;
        else if (!std::strcmp(argv[i], "--authors") && has_value) features.authors = number() != 0;
        else if (!std::strcmp(argv[i], "--lr-c") && has_value) options.model.lr_c = number();
        else if (!std::strcmp(argv[i], "--lr-balance") && has_value) options.model.lr_balance = number();
        else if (!std::strcmp(argv[i], "--c-growth") && has_value) options.model.c_growth = number();
        else if (!std::strcmp(argv[i], "--seeds") && has_value) seeds = static_cast<unsigned>(std::stoul(argv[++i]));
        else if (!std::strcmp(argv[i], "--retrain") && i + 1 < argc) retrain = std::stoul(argv[++i]);
        else if (!std::strcmp(argv[i], "--asreview-protocol")) asreview = true;
        else if (!std::strcmp(argv[i], "--prior-exclusions") && has_value) prior_exclusions = std::stoul(argv[++i]);
        else corpus = argv[i];
    }
    if (!fs::is_directory(corpus)) {
        std::cout << "screening_bench: " << corpus.string() << " not found; nothing to measure (skipped)\n";
        return 0;
    }
    std::vector<fs::path> sets;
    for (const auto& e : fs::directory_iterator(corpus))
        if (e.path().extension() == ".ris" && fs::exists(fs::path(e.path()).replace_extension(".labels.csv")) &&
            (only.empty() || e.path().stem().string().find(only) != std::string::npos))
            sets.push_back(e.path());
    std::sort(sets.begin(), sets.end());
    const fs::path tmp = fs::temp_directory_path() / ("refdex-screening-bench-" + std::to_string(::getpid()));
    fs::create_directories(tmp);
    options.retrain_every = retrain;
    std::cout << "model " << model_name(options.model.kind) << " (C " << options.model.svm_c
              << ", hinge " << options.model.svm_hinge << ", svm share " << options.model.ensemble_svm_share << ", fuse ranks " << options.model.ensemble_by_rank
              << ", lr C " << options.model.lr_c << ", lr balance " << options.model.lr_balance << ", C growth " << options.model.c_growth
              << ", svm balance " << options.model.svm_balance << ", nb balance " << options.model.balance << ", alpha "
              << options.model.alpha << "; features: title weight " << features.title_weight << ", max df "
              << features.max_df << ", min df " << features.min_df << ", numbers " << features.numbers << ", stop words " << features.stop_words << ", stem " << features.stem << ", bigrams " << features.bigrams << ", sublinear tf " << features.sublinear_tf
              << ")\n";
    options.prior_exclusions = prior_exclusions ? prior_exclusions : asreview ? 10 : 1;
    if (asreview) {
        std::cout << "ASReview's protocol: records with an abstract, labelled duplicates removed, priors 1 inclusion + "
                  << options.prior_exclusions << " exclusions; MEAN of "
                  << seeds << " seeds (1.." << seeds << ")";
    } else {
        std::cout << "priors 1 inclusion + " << options.prior_exclusions << " exclusion(s); median of " << seeds << " seeds (1.." << seeds << ")";
    }
    std::cout << ", model retrained every " << retrain << " record(s); percentages\n\n";
    std::cout << "| dataset | records | incl. | not indexed | WSS@95 | WSS@100 | RRF@10 | random WSS@95 | random WSS@100 | "
                 "random RRF@10 | ASReview WSS@95 | s/run | WSS@95 as ASReview 0.x computes it |\n"
                 "|---|---|---|---|---|---|---|---|---|---|---|---|---|\n";
    std::vector<double> all_w95, all_w100, all_r10, all_random, all_averaged;
    for (const fs::path& ris : sets) {
        const std::string name = ris.stem().string();
        Labelled data = load(ris, fs::path(ris).replace_extension(".labels.csv"), tmp / name, asreview, features);
        auto summary = [asreview](const std::vector<double>& v) { return asreview ? mean(v) : median(v); };
        std::vector<double> w95, w100, r10;
        std::vector<std::vector<std::size_t>> curves;
        ScreeningMetrics m;
        Priors priors;  // the same for every seed: 1 inclusion + as many exclusions as asked and present
        auto start = std::chrono::steady_clock::now();
        for (unsigned seed = 1; seed <= seeds; ++seed) {
            Simulation sim = simulate(data.features, data.included, seed, options);
            priors = sim.priors;
            curves.push_back(std::move(sim.found));
            m = screening_metrics(curves.back());
            w95.push_back(m.wss95);
            w100.push_back(m.wss100);
            r10.push_back(m.rrf10);
        }
        double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() / seeds;
        // Random order from the priors the replays started from (1 + 10 under
        // --asreview-protocol), as the model's WSS counts them as screened.
        ScreeningMetrics random = random_order_metrics(m.records, m.included, priors);
        auto published = kAsreviewWss95.find(name);
        std::cout << "| " << name << " | " << m.records << " | " << m.included << " | " << data.not_in_index << " | "
                  << pct(summary(w95)) << " | " << pct(summary(w100)) << " | " << pct(summary(r10)) << " | "
                  << pct(random.wss95) << " | " << pct(random.wss100) << " | " << pct(random.rrf10) << " | "
                  << (published == kAsreviewWss95.end() ? "" : pct(published->second)) << " | " << one_decimal(secs)
                  << " | " << pct(averaged_curve_wss(curves, 1 + options.prior_exclusions, 0.95)) << " |" << std::endl;
        all_averaged.push_back(averaged_curve_wss(curves, 1 + options.prior_exclusions, 0.95));
        all_w95.push_back(summary(w95));
        all_w100.push_back(summary(w100));
        all_r10.push_back(summary(r10));
        all_random.push_back(random.wss95);
        fs::remove_all(tmp / name);
        fs::remove(tmp / (name + ".labels.csv"));
    }
    std::cout << "| mean of " << all_w95.size() << " reviews | | | | " << pct(mean(all_w95)) << " | " << pct(mean(all_w100))
              << " | " << pct(mean(all_r10)) << " | " << pct(mean(all_random)) << " | | | | | " << pct(mean(all_averaged))
              << " |\n";
    fs::remove_all(tmp);
    return 0;
} catch (const std::exception& e) {
    std::cerr << "screening_bench: " << e.what() << "\n";
    return 1;
} catch (const Xapian::Error& e) {
    std::cerr << "screening_bench: " << e.get_description() << "\n";
    return 1;
}
