// dedup_bench: how well refdex's duplicate clusters match hand-labelled
// deduplication sets, beside the figures other tools publish.
//
//   dedup_bench [CORPUS_DIR] [--show N] [--notices join|apart]
//
// CORPUS_DIR (default ../shared/corpus/dedup beside the source tree) holds
// bibdedupe_*.ris with .groups.csv (each row lists the RIS IDs of one work)
// and asysd_labelled_test_set.ris with .labels.csv (In_database = kept,
// Duplicate_in_trash = a removed duplicate). Each set is indexed into a
// temporary database through the library (the same path as refdex-index),
// then the clusters are read back and scored. --show N prints up to N wrong
// and missed pairs per set, to see which rule to improve. --notices apart
// scores the index choice that keeps errata and replies apart from the work
// they answer (refdex-index --notices apart).
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <xapian.h>

#include "index_writer.h"
#include "ingest.h"
#include "record.h"
#include "schema.h"
#include "stored_record.h"

namespace fs = std::filesystem;
using namespace refdex;

namespace {

#ifndef REFDEX_DEDUP_CORPUS
#define REFDEX_DEDUP_CORPUS "../shared/corpus/dedup"
#endif

struct Indexed {
    std::string record_id, title, rule, cluster;
};

struct Run {
    std::vector<Indexed> records;
    double ingest_seconds = 0;
    ClusterPassResult pass;  // a second pass over the finished index, timed alone
};

using Pair = std::pair<std::string, std::string>;
Pair make_pair_sorted(const std::string& a, const std::string& b) { return a < b ? Pair{a, b} : Pair{b, a}; }

Run index_set(const fs::path& ris, const fs::path& db, NoticePolicy notices) {
    Run run;
    IngestOptions options;
    options.db_path = db.string();
    const auto start = std::chrono::steady_clock::now();
    ingest({ris.string()}, options);
    run.ingest_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    {
        IndexWriter writer(db.string(), 1000);
        set_notice_policy(writer.database(), notices);
        run.pass = writer.recluster();
    }
    Xapian::Database xdb(db.string());
    for (auto it = xdb.postlist_begin(""); it != xdb.postlist_end(""); ++it) {
        Xapian::Document doc = xdb.get_document(*it);
        Record record = map_record(parse_stored_record(doc.get_data()).raw);
        run.records.push_back({record.record_id, record.title, doc.get_value(schema::kSlotRule),
                               doc.get_value(schema::kSlotCluster)});
    }
    return run;
}

std::map<std::string, std::vector<const Indexed*>> clusters_of(const Run& run) {
    std::map<std::string, std::vector<const Indexed*>> out;
    for (const auto& r : run.records) out[r.cluster].push_back(&r);
    return out;
}

std::vector<std::vector<std::string>> read_csv_rows(const fs::path& path) {
    std::ifstream in(path);
    std::vector<std::vector<std::string>> rows;
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        std::vector<std::string> cells;
        std::stringstream ss(line);
        std::string cell;
        while (std::getline(ss, cell, ',')) cells.push_back(cell);
        if (!cells.empty()) rows.push_back(cells);
    }
    return rows;
}

void show_pairs(const char* what, const std::set<Pair>& pairs, const std::map<std::string, const Indexed*>& by_id,
                std::size_t limit) {
    std::size_t n = 0;
    for (const auto& [a, b] : pairs) {
        if (n++ == limit) break;
        auto ra = by_id.find(a), rb = by_id.find(b);
        std::cout << "  " << what << " " << a << " ~ " << b << "\n";
        if (ra != by_id.end()) std::cout << "     [" << ra->second->rule << "] " << ra->second->title.substr(0, 110) << "\n";
        if (rb != by_id.end()) std::cout << "     [" << rb->second->rule << "] " << rb->second->title.substr(0, 110) << "\n";
    }
}

// Pairwise: true pairs from the groups, predicted pairs from the clusters.
void score_groups(const std::string& name, const Run& run, const fs::path& groups, std::size_t show) {
    std::set<Pair> truth, predicted;
    for (const auto& row : read_csv_rows(groups)) {
        if (row.size() < 2) continue;
        std::vector<std::string> ids;
        std::stringstream ss(row[1]);
        for (std::string id; std::getline(ss, id, ';');) ids.push_back(id);
        for (std::size_t i = 0; i < ids.size(); ++i)
            for (std::size_t j = i + 1; j < ids.size(); ++j) truth.insert(make_pair_sorted(ids[i], ids[j]));
    }
    std::map<std::string, const Indexed*> by_id;
    for (const auto& r : run.records) by_id[r.record_id] = &r;
    for (const auto& [cluster, members] : clusters_of(run))
        for (std::size_t i = 0; i < members.size(); ++i)
            for (std::size_t j = i + 1; j < members.size(); ++j)
                predicted.insert(make_pair_sorted(members[i]->record_id, members[j]->record_id));
    std::set<Pair> wrong, missed;
    std::size_t hits = 0;
    for (const auto& p : predicted) (truth.count(p) ? ++hits : (wrong.insert(p), hits));
    for (const auto& p : truth)
        if (!predicted.count(p)) missed.insert(p);
    const double precision = predicted.empty() ? 1.0 : double(hits) / double(predicted.size());
    const double recall = truth.empty() ? 1.0 : double(hits) / double(truth.size());
    std::cout << std::left << std::setw(30) << name << std::right << std::setw(7) << run.records.size() << std::setw(9)
              << truth.size() << std::setw(9) << predicted.size() << std::fixed << std::setprecision(4) << std::setw(11)
              << precision << std::setw(9) << recall << std::setw(10) << "-" << std::setprecision(3) << std::setw(9)
              << run.ingest_seconds << std::setw(8) << run.pass.seconds << "\n";
    show_pairs("wrong ", wrong, by_id, show);
    show_pairs("missed", missed, by_id, show);
}

// ASySD's measure: per cluster all records but one are "flagged" as
// duplicates. Which copy a labeller kept is arbitrary, so the kept copy is
// one labelled as kept when the cluster has one. `column` picks the label:
// 1 = label (Duplicate_in_trash), 2 = source (duplicate / unique).
void score_labels(const std::string& name, const Run& run, const fs::path& labels_path, std::size_t column,
                  std::size_t show) {
    std::map<std::string, bool> is_duplicate;  // record id -> labelled a duplicate
    for (const auto& row : read_csv_rows(labels_path))
        if (row.size() > column) is_duplicate[row[0]] = row[column] == "Duplicate_in_trash" || row[column] == "duplicate";
    std::set<std::string> flagged;
    std::size_t shown = 0;
    for (const auto& [cluster, members] : clusters_of(run)) {
        const Indexed* keep = members.front();
        std::size_t kept = 0;
        for (const Indexed* m : members)
            if (!is_duplicate[m->record_id] && kept++ == 0) keep = m;
        for (const Indexed* m : members)
            if (m != keep) flagged.insert(m->record_id);
        if (kept < 2 || shown++ >= show) continue;
        std::cout << "  wrong  cluster of " << members.size() << " with " << kept << " kept records:\n";
        for (const Indexed* m : members)
            std::cout << "     " << m->record_id << " [" << m->rule << "] " << m->title.substr(0, 100) << "\n";
    }
    std::size_t tp = 0, fp = 0, fn = 0, tn = 0;
    for (const auto& [id, dup] : is_duplicate) {
        const bool f = flagged.count(id) > 0;
        (dup ? (f ? tp : fn) : (f ? fp : tn))++;
    }
    const double sensitivity = double(tp) / double(std::max<std::size_t>(1, tp + fn));
    const double specificity = double(tn) / double(std::max<std::size_t>(1, tn + fp));
    const double ppv = double(tp) / double(std::max<std::size_t>(1, tp + fp));
    std::cout << std::left << std::setw(30) << name << std::right << std::setw(7) << run.records.size() << std::setw(9)
              << tp + fn << std::setw(9) << tp + fp << std::fixed << std::setprecision(4) << std::setw(11) << ppv
              << std::setw(9) << sensitivity << std::setw(10) << specificity << std::setprecision(3) << std::setw(9)
              << run.ingest_seconds << std::setw(8) << run.pass.seconds << "\n";
}

}  // namespace

int main(int argc, char** argv) try {
    fs::path corpus = REFDEX_DEDUP_CORPUS;
    std::size_t show = 0;
    NoticePolicy notices = NoticePolicy::join;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg == "--show" && i + 1 < argc) show = std::strtoul(argv[++i], nullptr, 10);
        else if (arg == "--notices" && i + 1 < argc) notices = std::string(argv[++i]) == "apart" ? NoticePolicy::apart : NoticePolicy::join;
        else corpus = arg;
    }
    if (!fs::is_directory(corpus)) {
        std::cout << "dedup_bench: no labelled sets at " << corpus << "; nothing to measure\n";
        return 0;
    }
    const fs::path tmp = fs::temp_directory_path() / ("refdex-dedup-bench-" + std::to_string(::getpid()));
    fs::create_directories(tmp);
    std::cout << "set                           records    true     pred  precision   recall  specific  ingest_s  pass_s\n"
              << "(asysd: true = labelled duplicates, pred = flagged; precision column = PPV, recall = sensitivity)\n";
    const std::vector<std::string> sets = {"bibdedupe_cytology_screening", "bibdedupe_haematology", "bibdedupe_respiratory",
                                           "bibdedupe_stroke", "bibdedupe_special_cases"};
    for (const auto& set : sets) {
        if (!fs::exists(corpus / (set + ".ris"))) continue;
        Run run = index_set(corpus / (set + ".ris"), tmp / set, notices);
        score_groups(set, run, corpus / (set + ".groups.csv"), show);
    }
    const std::string asysd = "asysd_labelled_test_set";
    if (fs::exists(corpus / (asysd + ".ris"))) {
        Run run = index_set(corpus / (asysd + ".ris"), tmp / asysd, notices);
        score_labels(asysd + " (label)", run, corpus / (asysd + ".labels.csv"), 1, show);
        score_labels(asysd + " (source)", run, corpus / (asysd + ".labels.csv"), 2, show);
        std::cout << "  largest set: clustering pass " << run.pass.candidates << " candidate records, " << run.pass.pairs
                  << " pairs judged, " << run.pass.clusters << " clusters in " << std::setprecision(4) << run.pass.seconds
                  << " s (ingest incl. pass " << run.ingest_seconds << " s)\n";
    }
    fs::remove_all(tmp);
    std::cout << "published: ASySD sensitivity 0.95-0.99, specificity > 0.99; Rayyan sensitivity 0.98, PPV 0.41; "
                 "SRA PPV 0.99\n";
    return 0;
} catch (const Xapian::Error& e) {
    std::cerr << "dedup_bench: " << e.get_description() << "\n";
    return 1;
} catch (const std::exception& e) {
    std::cerr << "dedup_bench: " << e.what() << "\n";
    return 1;
}
