// What Xapian itself costs to write refdex's documents: copies the documents
// of an existing index (terms, positions, values, data) into memory, a
// thousand at a time, then times only add_document() and commit() into a new
// glass database, on one thread. No parsing, mapping or term generation is
// counted, so no writer that goes through Xapian's API can beat the figure
// per core: it bounds what refdex-index, or scriptindex, can reach.
//
//   xapian_floor_bench SOURCE_INDEX SCRATCH_DIR [BATCH]
//
// Prints documents, µs per document in add_document and in commit, and
// documents per CPU-second for the two together.
#include <time.h>

#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include <xapian.h>

namespace {

double cpu_seconds() {
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

// A fresh Document with the same content: get_document() would hand back a
// lazy one that reads the source index inside the timed call.
Xapian::Document copy_of(const Xapian::Database& db, Xapian::docid id) {
    const Xapian::Document source = db.get_document(id);
    Xapian::Document copy;
    for (auto term = source.termlist_begin(); term != source.termlist_end(); ++term) {
        if (term.positionlist_count() == 0) {
            copy.add_term(*term, term.get_wdf());
            continue;
        }
        for (auto pos = term.positionlist_begin(); pos != term.positionlist_end(); ++pos) copy.add_posting(*term, *pos, 0);
        copy.add_term(*term, term.get_wdf());  // the within-document frequency as stored
    }
    for (auto value = source.values_begin(); value != source.values_end(); ++value) copy.add_value(value.get_valueno(), *value);
    copy.set_data(source.get_data());
    return copy;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: xapian_floor_bench SOURCE_INDEX SCRATCH_DIR [BATCH]\n";
        return 2;
    }
    try {
        const Xapian::Database source(argv[1]);
        const std::string scratch = std::string(argv[2]) + "/xapian-floor.db";
        const std::size_t batch = argc > 3 ? std::stoul(argv[3]) : 1000;
        std::filesystem::remove_all(scratch);
        Xapian::WritableDatabase out(scratch, Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS);
        double add_seconds = 0, commit_seconds = 0;
        std::size_t documents = 0;
        std::vector<Xapian::Document> pending;
        auto flush = [&] {
            const double start = cpu_seconds();
            for (const auto& doc : pending) out.add_document(doc);
            const double added = cpu_seconds();
            out.commit();
            add_seconds += added - start;
            commit_seconds += cpu_seconds() - added;
            documents += pending.size();
            pending.clear();
        };
        for (auto it = source.postlist_begin(""); it != source.postlist_end(""); ++it) {
            pending.push_back(copy_of(source, *it));
            if (pending.size() == batch) flush();
        }
        if (!pending.empty()) flush();
        std::filesystem::remove_all(scratch);
        const double per_doc_add = add_seconds * 1e6 / static_cast<double>(documents);
        const double per_doc_commit = commit_seconds * 1e6 / static_cast<double>(documents);
        std::cout << "documents " << documents << " batch " << batch << "\n"
                  << "add_document_us_per_doc " << per_doc_add << "\n"
                  << "commit_us_per_doc " << per_doc_commit << "\n"
                  << "records_per_cpu_second " << 1e6 / (per_doc_add + per_doc_commit) << "\n";
        return 0;
    } catch (const Xapian::Error& e) {
        std::cerr << "xapian_floor_bench: " << e.get_description() << "\n";
        return 1;
    }
}
