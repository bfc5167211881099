#include "ingest.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "bulk_build.h"
#include "directory_swap.h"
#include "document_builder.h"
#include "document_terms.h"
#include "input_paths.h"
#include "ingest_pipeline.h"
#include "line_source.h"
#include "normalise.h"
#include "reader_text.h"
#include "sharded_index.h"
#include "record.h"
#include "record_reader.h"
#include "schema.h"

namespace fs = std::filesystem;

namespace refdex {

namespace {

bool has_bibliographic_extension(const fs::path& p) {
    std::string ext = p.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext == ".ris" || ext == ".txt" || ext == ".nbib" || ext == ".medline" || ext == ".isi" || ext == ".ciw";
}


// Records carry their file's name, not its path, so that moving a folder
// changes nothing; two different files of one name are then one PRISMA
// source. The first other file of `path`'s name, read this run or noted in
// the index and still there (a file since moved is not another file), or "".
std::string same_named_input(const std::string& path, const std::vector<std::string>& others) {
    if (path == "-") return {};
    const std::string name = fold(source_name(path));
    for (const auto& other : others) {
        if (other == "-" || fold(source_name(other)) != name) continue;
        std::error_code ec;
        if (!fs::exists(other, ec)) continue;
        const bool same_file = fs::equivalent(path, other, ec);
        if (!ec && !same_file) return other;
    }
    return {};
}

// An export indexed again after it was updated leaves the old versions of
// changed records in the index (nothing is deleted): counted from the
// records its file name holds, for a file of a name no other input has.
void count_earlier_versions(ShardedIndex& index, std::vector<FileReport>& files) {
    std::unordered_map<std::string, std::size_t> read_by_name;
    for (const auto& f : files) read_by_name[source_name(f.path)] += f.added + f.unchanged;
    for (auto& f : files) {
        if (f.path == "-" || f.format.empty() || !f.same_name_as.empty()) continue;
        const std::string term = schema::make_term(schema::kSource, fold(source_name(f.path)));
        std::size_t held = 0;
        for (std::size_t k = 0; k < index.size(); ++k) held += index.shard(k).database().get_termfreq(term);
        const std::size_t read = read_by_name[source_name(f.path)];
        f.earlier_versions = held > read ? held - read : 0;
    }
}

// The refdex ids (as numbers) of the records each file name holds in this
// run's inputs, for --replace.
using IdsByName = std::unordered_map<std::string, std::unordered_set<std::uint64_t>>;

std::uint64_t id_number(const std::string& refdex_id) { return std::stoull(refdex_id, nullptr, 16); }

// --replace, before the clustering pass: every record of a replaced file's
// name that its new version does not hold goes. Refused, with the reason in
// the report, for a name another input file also has (its records would
// go too), and for a file not read whole (the rest would go).
// Deletes the records of file name `name` whose refdex ids `ids` does not
// hold, from every shard; returns how many.
std::size_t remove_records_of(ShardedIndex& index, const std::string& name, const std::unordered_set<std::uint64_t>& ids) {
    const std::string term = schema::make_term(schema::kSource, fold(name));
    std::size_t removed = 0;
    for (std::size_t k = 0; k < index.size(); ++k) {
        Xapian::WritableDatabase& db = index.shard(k).database();
        std::vector<Xapian::docid> gone;
        for (auto p = db.postlist_begin(term); p != db.postlist_end(term); ++p) {
            const std::string id = refdex_id_of(db.get_document(*p));
            if (!id.empty() && ids.count(id_number(id)) == 0) gone.push_back(*p);
        }
        for (Xapian::docid did : gone) db.delete_document(did);
        removed += gone.size();
    }
    return removed;
}

void remove_earlier_versions(ShardedIndex& index, std::vector<FileReport>& files, const IdsByName& kept,
                             const std::string& replaces, const std::vector<std::string>& noted_before) {
    std::unordered_map<std::string, std::string> refused;  // by file name
    for (const auto& f : files) {
        const std::string name = source_name(f.path);
        if (f.path == "-") refused[name] = "standard input has no file name to replace";
        else if (!f.same_name_as.empty()) refused[name] = f.same_name_as + " has the same file name";
        else if (f.unreadable || f.format.empty()) refused[name] = "it was not read whole";
        else if (f.added + f.unchanged == 0) refused[name] = "its new version has no record";
        else if (std::string why = replace_conflict(f.path, noted_before); !why.empty()) refused[name] = why;
        else if (!replaces.empty()) {
            if (std::string why_not = replaces_conflict(replaces, noted_before); !why_not.empty()) refused[name] = why_not;
        }
    }
    std::unordered_map<std::string, std::size_t> removed;
    for (const auto& [name, ids] : kept)
        if (!refused.count(name)) removed[name] += remove_records_of(index, name, ids);
    // --replaces: the new version under another name keeps none of the old
    // name's records (a refdex id includes the file name).
    // (Under its own name it is a plain --replace: the records just read stay.)
    if (!replaces.empty() && files.size() == 1 && !refused.count(source_name(files[0].path)) &&
        fold(replaces) != fold(source_name(files[0].path))) {
        removed[source_name(files[0].path)] += remove_records_of(index, replaces, {});
        index.rename_source(replaces, source_name(files[0].path));
    }
    if (!replaces.empty() && files.size() == 1) files[0].replaces = replaces;
    for (auto& f : files) {
        const std::string name = source_name(f.path);
        if (auto r = refused.find(name); r != refused.end()) f.not_replaced_because = r->second;
        else if (auto n = removed.find(name); n != removed.end()) {
            f.earlier_versions_removed = n->second;
            n->second = 0;  // counted once, on the first file of the name
        }
    }
}

// Everything one input file goes through on the reading thread: read, map,
// reject or hand over to the pipeline (which builds and writes).
class FileIngester {
public:
    FileIngester(const IngestOptions& options, ShardedIndex* index, IngestPipeline* pipeline, std::size_t file_number,
                 std::uint64_t& records_so_far, std::uint64_t& bytes_before, std::unordered_set<std::uint64_t>* kept)
        : options_(options), index_(index), pipeline_(pipeline), file_number_(file_number), records_so_far_(records_so_far),
          bytes_before_(bytes_before), kept_(kept) {}

    void run(std::istream& in, FileReport& report) {
        LineSource lines(in, report.diagnostics);
        InputFormat format = options_.format ? *options_.format : detect_format(lines);
        report.format = format_name(format);
        auto reader = make_reader(format, lines, report.diagnostics, report.path);
        RawRecord raw;
        while (reader->next(raw)) {
            cap_values(raw, report.diagnostics);
            take(raw, report);
            if ((records_so_far_ & 255) == 0 && options_.progress)
                options_.progress(records_so_far_, bytes_before_ + lines.bytes_read());
            if (options_.stop && options_.stop->load()) break;
        }
        report.encoding = lines.encoding();
        bytes_before_ += lines.bytes_read();
        // Text that yields no record at all (an image, random bytes, a file
        // that is not an export) would otherwise pass as "0 records" with a
        // flood of repairs; say by name that it was not read (exit 3).
        const bool had_content = !report.diagnostics.problems().empty();
        if (report.records == 0 && had_content && !(options_.stop && options_.stop->load())) {
            report.unreadable = true;
            report.diagnostics.file_error(1, "no records found: not a RIS, MEDLINE or Web of Science export "
                                        "(binary or unrecognised content)");
        }
    }

private:
    // Cuts values past reader_text::kMaxValueBytes (on a UTF-8 boundary):
    // memory per record stays bounded whatever one line holds.
    static void cap_values(RawRecord& raw, Diagnostics& diagnostics) {
        constexpr std::size_t limit = reader_text::kMaxValueBytes;
        for (RawField& field : raw.fields) {
            if (field.value.size() <= limit) continue;
            std::size_t cut = limit;
            while (cut > 0 && (static_cast<unsigned char>(field.value[cut]) & 0xC0) == 0x80) --cut;
            field.value.resize(cut);
            field.value.shrink_to_fit();
            diagnostics.repair(field.line, field.tag + " value longer than " + std::to_string(limit >> 20) +
                                               " MiB: cut there (the rest is not indexed or stored)");
        }
    }

    void take(const RawRecord& raw, FileReport& report) {
        ++report.records;
        ++records_so_far_;
        std::vector<MapNote> notes;
        Record record = map_record(raw, &notes);
        for (auto& n : notes) report.diagnostics.info(n.line, std::move(n.message));
        if (!record.searchable()) {
            ++report.rejected;
            report.diagnostics.error(raw.line, "record has no title, abstract or author: rejected");
            return;
        }
        // Hash the content once; only a repeat within the file needs a second id.
        const std::string first_id = record_id(raw, 0);
        const unsigned occurrence = occurrence_of(first_id);
        std::string id = occurrence == 0 ? first_id : record_id(raw, occurrence);
        if (!pipeline_) {
            ++report.added;  // dry run: what would be added
            return;
        }
        if (kept_) kept_->insert(id_number(id));
        // A copy: the reader reuses `raw` for the next record.
        pipeline_->submit(file_number_, raw.line, index_->take_sequence(), RawRecord(raw), std::move(record), std::move(id));
    }

    const IngestOptions& options_;
    ShardedIndex* index_;
    IngestPipeline* pipeline_;
    std::size_t file_number_;
    std::uint64_t& records_so_far_;
    std::uint64_t& bytes_before_;
    std::unordered_set<std::uint64_t>* kept_;  // --replace: the ids of this file's name in this run
    // Identical records in one file get distinct ids (occurrence 0, 1, ...).
    // Every record's id must be remembered to see a repeat, so the 64-bit
    // value of the 16-hex-digit id is kept, not the string (about a third
    // of the memory per record), and a count only for ids seen twice.
    unsigned occurrence_of(const std::string& id) {
        const std::uint64_t key = std::stoull(id, nullptr, 16);
        if (seen_.insert(key).second) return 0;
        return ++repeats_[key];
    }
    std::unordered_set<std::uint64_t> seen_;
    std::unordered_map<std::uint64_t, unsigned> repeats_;
};

// After the clustering pass: "duplicates" counts the records of this run
// that share a cluster with another record, whichever came first.
void count_duplicate(const ClusterPassResult& pass, const WrittenEntry& written, FileReport& file) {
    auto it = pass.clustered.find(written.id);
    if (it == pass.clustered.end()) return;
    ++file.duplicates;
    const ClusterMembership& m = it->second;
    file.diagnostics.info(written.line, m.rule.empty() ? "duplicate: first record of cluster " + m.cluster
                                                       : "duplicate (" + m.rule + "): in cluster " + m.cluster);
}

// A new or empty single-shard index is built in parts merged at the end
// (bulk_build.h); an index with records, or a sharded one, is written in
// place, since merging would rewrite all it holds.
bool use_bulk_build(ShardedIndex& index, const IngestOptions& options) {
    return !options.incremental && index.size() == 1 && index.shard(0).database().get_doccount() == 0;
}

}  // namespace

std::vector<std::string> expand_input(const std::string& input, std::size_t& skipped) {
    std::error_code ec;
    if (input == "-" || !fs::is_directory(input, ec)) return {input};
    std::vector<std::string> files;
    for (auto it = fs::recursive_directory_iterator(input, fs::directory_options::skip_permission_denied, ec);
         it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec) break;
        if (!it->is_regular_file(ec)) continue;
        if (has_bibliographic_extension(it->path())) files.push_back(it->path().string());
        else ++skipped;
    }
    std::sort(files.begin(), files.end());
    return files;
}

FileReport IngestReport::totals() const {
    FileReport t;
    t.path = "totals";
    for (const auto& f : files) {
        t.records += f.records;
        t.added += f.added;
        t.unchanged += f.unchanged;
        t.duplicates += f.duplicates;
        t.rejected += f.rejected;
    }
    return t;
}

int IngestReport::exit_code() const {
    if (interrupted) return 3;
    for (const auto& f : files)
        if (f.unreadable || f.rejected > 0) return 3;
    return 0;
}

std::size_t default_jobs() {
    const unsigned cores = std::thread::hardware_concurrency();
    return cores == 0 ? 1 : cores;
}

IngestReport ingest(const std::vector<std::string>& inputs, const IngestOptions& options) {
    IngestReport report;
    std::unique_ptr<ShardedIndex> index;
    std::unique_ptr<BulkBuild> build;
    std::unique_ptr<IngestPipeline> pipeline;
    if (!options.dry_run) {
        const std::size_t jobs = options.jobs == 0 ? default_jobs() : options.jobs;
        index = std::make_unique<ShardedIndex>(options.db_path, options.shards, options.batch_size);
        // We hold the write lock now: a build folder beside the index is
        // what a killed run left.
        BulkBuild::remove_stale(options.db_path);
        // As many writers as builders: writing is nine tenths of the work.
        if (use_bulk_build(*index, options)) build = std::make_unique<BulkBuild>(options.db_path, jobs, options.part_records);
        pipeline = std::make_unique<IngestPipeline>(build ? static_cast<WriteTarget&>(*build) : *index, jobs);
    }
    std::uint64_t records = 0, bytes = 0;
    const std::vector<std::string> noted_before =
        index ? noted_inputs(index->shard(0).database()) : std::vector<std::string>();
    std::vector<std::string> seen = noted_before;
    IdsByName kept;
    for (const auto& input : inputs) {
        for (const auto& path : expand_input(input, report.skipped_files)) {
            if (options.stop && options.stop->load()) break;
            FileReport& file = report.files.emplace_back();
            file.path = path;
            file.same_name_as = same_named_input(path, seen);
            seen.push_back(path);
            std::ifstream stream;
            if (path != "-") {
                std::error_code ec;
                if (fs::is_directory(path, ec) || (stream.open(path, std::ios::binary), !stream)) {
                    // errno still holds why the open failed ("No such file or directory").
                    const std::string why = fs::is_directory(path, ec) ? "it is a directory" : std::strerror(errno);
                    file.unreadable = true;
                    file.diagnostics.error(0, "cannot open for reading: " + why);
                    continue;
                }
            }
            std::istream& in = path == "-" ? std::cin : stream;
            std::unordered_set<std::uint64_t>* kept_ids = options.replace && index ? &kept[source_name(path)] : nullptr;
            FileIngester(options, index.get(), pipeline.get(), report.files.size() - 1, records, bytes, kept_ids)
                .run(in, file);
            // A signal interrupts a blocked read; that is no read error.
            if (in.bad() && !(options.stop && options.stop->load())) {
                file.unreadable = true;
                file.diagnostics.error(0, path + ": read error; records before it were kept");
            }
        }
    }
    report.interrupted = options.stop && options.stop->load();
    if (index) {
        // Also after an interruption: what was queued is written, and the
        // pass is quick and leaves it correctly clustered.
        pipeline->finish();
        std::vector<FileOutcome>& outcomes = pipeline->outcomes();
        outcomes.resize(report.files.size());
        for (std::size_t i = 0; i < report.files.size(); ++i) {
            report.files[i].added = outcomes[i].added;
            report.files[i].unchanged = outcomes[i].unchanged;
        }
        // A bulk build ends in a new database holding the run's records;
        // it is finished (inputs, clustering) before it replaces the index.
        std::unique_ptr<ShardedIndex> built;
        BulkBuild::Merged merge_result;
        if (build) merge_result = build->merge(index->shard(0).database());
        const std::string& merged = merge_result.path;
        if (!merged.empty()) {
            built = std::make_unique<ShardedIndex>(merged, 1, options.batch_size);
            built->continue_sequence_of(*index);
        }
        ShardedIndex& target = built ? *built : *index;
        for (const auto& file : report.files)
            if (!file.format.empty())  // the file was opened and read
                target.note_input(file.path, file.format, file.records, file.rejected);
        if (!built) {
            // After an interruption the files were not read whole.
            if (options.replace && !report.interrupted) {
                remove_earlier_versions(target, report.files, kept, options.replaces, noted_before);
            } else if (options.replace) {
                for (auto& f : report.files) f.not_replaced_because = "the run was interrupted (run it again to finish)";
                if (!options.replaces.empty() && report.files.size() == 1) report.files[0].replaces = options.replaces;
            }
            count_earlier_versions(target, report.files);
        }
        // A bulk build was clustered before its last compaction (merge()).
        const ClusterPassResult pass = built ? std::move(merge_result.pass) : target.recluster();
        pipeline->for_each_written([&](const WrittenEntry& written) {
            if (written.file < report.files.size()) count_duplicate(pass, written, report.files[written.file]);
        });
        target.commit();
        target.refresh_facet_columns(std::cerr);
        if (built) {
            built.reset();  // closed before it moves
            // Glass rewrites its version file by path, not through an open
            // file: the old index must have nothing left to write when it
            // closes after the swap, or it would overwrite the new index's.
            index->commit();
            try {
                exchange_directories(options.db_path, merged);
            } catch (const std::runtime_error& e) {
                throw IndexOpenError(e.what());
            }
        }
        // The old index (now in the build folder, if swapped) closes before
        // the build folder goes.
        pipeline.reset();
        index.reset();
        build.reset();
    }
    return report;
}

}  // namespace refdex
