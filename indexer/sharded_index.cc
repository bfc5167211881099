#include "sharded_index.h"

#include <filesystem>

#include "dedup_decisions.h"
#include "facet_columns.h"
#include "schema.h"

namespace fs = std::filesystem;

namespace refdex {

namespace {

ShardLayout layout_to_open(const std::string& path, std::size_t requested) {
    std::optional<ShardLayout> existing;
    try {
        existing = read_layout(path);
    } catch (const std::runtime_error& e) {
        throw IndexOpenError(e.what());
    }
    if (!existing) {
        ShardLayout fresh = new_layout(path, requested == 0 ? 1 : requested);
        if (fresh.stub) {
            std::error_code ec;
            fs::create_directories(path, ec);
            if (ec) throw IndexOpenError(path + ": cannot create the index directory: " + ec.message());
            std::vector<std::string> names;
            for (const auto& p : fresh.shard_paths) names.push_back(fs::path(p).filename().string());
            // The stub first: a second writer started meanwhile then finds
            // the shards and stops at shard 0's lock.
            try {
                write_stub(path, names);
            } catch (const std::exception& e) {
                throw IndexOpenError(e.what());
            }
        }
        return fresh;
    }
    if (requested != 0 && requested != existing->shard_paths.size())
        throw ShardCountError(path + ": the index has " + std::to_string(existing->shard_paths.size()) +
                              " shard(s), not " + std::to_string(requested) +
                              " (leave out --shards, or index into a new directory)");
    return *existing;
}

}  // namespace

ShardedIndex::ShardedIndex(const std::string& path, std::size_t requested_shards, std::size_t batch_size) {
    for (const auto& shard_path : layout_to_open(path, requested_shards).shard_paths) {
        shards_.push_back(std::make_unique<IndexWriter>(shard_path, batch_size));
        shard_paths_.push_back(shard_path);
    }
    const std::string next = shards_.front()->database().get_metadata(schema::kMetaNextSequence);
    if (!next.empty()) next_sequence_ = std::stoull(next);
}

Xapian::WritableDatabase ShardedIndex::combined() {
    Xapian::WritableDatabase all;
    for (auto& shard : shards_) all.add_database(shard->database());
    return all;
}

void ShardedIndex::note_input(const std::string& path, const std::string& format, std::size_t records,
                              std::size_t rejected) {
    shards_.front()->note_input(path, format, records, rejected);
}

void ShardedIndex::rename_source(const std::string& old_name, const std::string& new_name) {
    shards_.front()->forget_inputs_named(old_name);
    Xapian::WritableDatabase all = combined();
    rename_decision_source(all, old_name, new_name);
}

ClusterPassResult ShardedIndex::recluster() {
    if (shards_.size() == 1) return shards_.front()->recluster();
    Xapian::WritableDatabase all = combined();
    ClusterPassResult result = run_cluster_pass(all);
    for (auto& shard : shards_) shard->database().set_metadata(schema::kMetaDuplicateMarks, "1");
    return result;
}

bool ShardedIndex::add_not_duplicate(const std::string& a, const std::string& b) {
    // On a combined database set_metadata writes the first shard only,
    // which is where get_metadata reads it back.
    Xapian::WritableDatabase all = combined();
    return refdex::add_not_duplicate(all, a, b);
}

bool ShardedIndex::set_notice_policy(NoticePolicy policy) {
    Xapian::WritableDatabase all = combined();
    return refdex::set_notice_policy(all, policy);
}

DecisionsImport ShardedIndex::import_decisions(const std::string& text, const std::string& name) {
    Xapian::WritableDatabase all = combined();
    return refdex::import_decisions(all, text, name);
}

void ShardedIndex::refresh_facet_columns(std::ostream& warnings) {
    for (std::size_t k = 0; k < shards_.size(); ++k)
        refdex::refresh_facet_columns(shards_[k]->database(), shard_paths_[k], warnings);
}

void ShardedIndex::commit() {
    shards_.front()->database().set_metadata(schema::kMetaNextSequence, std::to_string(next_sequence_));
    for (auto& shard : shards_) shard->commit();
}

}  // namespace refdex
