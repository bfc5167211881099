#include "ingest_pipeline.h"

#include <algorithm>

#include "schema.h"

namespace refdex {

namespace {

// Enough records in flight to keep every thread busy; few enough that
// memory stays a few megabytes whatever the input.
constexpr std::size_t kWorkPerBuilder = 16;
// How far ahead of the oldest unfinished record a builder may get before it
// waits: bounds the documents held back for ordering.
constexpr std::uint64_t kMaxOutOfOrder = 256;

}  // namespace

IngestPipeline::IngestPipeline(WriteTarget& target, std::size_t jobs)
    : target_(target), work_(kWorkPerBuilder * std::max<std::size_t>(jobs, 1)), per_shard_(target.lanes()) {
    for (std::size_t k = 0; k < target.lanes(); ++k) to_shard_.push_back(std::make_unique<BoundedQueue<Built>>(target.lane_capacity()));
    for (std::size_t k = 0; k < target.lanes(); ++k) written_.push_back(std::make_unique<WrittenLog>());
    for (std::size_t k = 0; k < target.lanes(); ++k) writers_.emplace_back([this, k] { write_loop(k); });
    for (std::size_t j = 0; j < std::max<std::size_t>(jobs, 1); ++j) builders_.emplace_back([this] { build_loop(); });
}

IngestPipeline::~IngestPipeline() {
    try {
        finish();
    } catch (...) {
        // Reported by the caller's own finish(); a destructor must not throw.
    }
}

void IngestPipeline::submit(std::size_t file, std::uint64_t line, std::uint64_t sequence, RawRecord&& raw,
                            Record&& record, std::string id) {
    {
        std::lock_guard lock(order_mutex_);
        if (!order_started_) next_release_ = sequence;
        order_started_ = true;
    }
    if (!work_.push(Work{file, line, sequence, std::move(raw), std::move(record), std::move(id)})) rethrow_failure();
}

void IngestPipeline::build_loop() {
    DocumentBuilder builder;
    try {
        while (auto work = work_.pop()) {
            Built built{work->file, work->line, work->sequence, builder.build(work->raw, work->record, work->id)};
            built.document.document.add_value(schema::kSlotSequence, Xapian::sortable_serialise(static_cast<double>(work->sequence)));
            release_in_order(work->sequence, std::move(built));
        }
    } catch (...) {
        fail(std::current_exception());
    }
}

// Builders finish out of order; documents go to the writers in submission
// order, so docids (and with them tie order, collapse representatives and
// export order) do not depend on thread timing. The builder holding the
// oldest unreleased record never waits, so this cannot deadlock.
void IngestPipeline::release_in_order(std::uint64_t sequence, Built&& built) {
    std::unique_lock lock(order_mutex_);
    order_cv_.wait(lock, [&] { return order_closed_ || sequence < next_release_ + kMaxOutOfOrder; });
    if (order_closed_) return;
    waiting_.emplace(sequence, std::move(built));
    while (!waiting_.empty() && waiting_.begin()->first == next_release_) {
        auto node = waiting_.extract(waiting_.begin());
        const Route route = target_.route(node.mapped().document.id, node.mapped().sequence);
        const std::size_t shard = route.lane;
        node.mapped().repeat = route.repeat;
        if (!to_shard_[shard]->push(std::move(node.mapped()))) {
            order_closed_ = true;
            break;
        }
        ++next_release_;
    }
    order_cv_.notify_all();
}

void IngestPipeline::write_loop(std::size_t shard) {
    std::vector<FileOutcome>& outcomes = per_shard_[shard];
    WrittenLog& log = *written_[shard];
    WrittenEntry entry;
    try {
        while (auto built = to_shard_[shard]->pop()) {
            if (outcomes.size() <= built->file) outcomes.resize(built->file + 1);
            FileOutcome& file = outcomes[built->file];
            entry = WrittenEntry{built->sequence, built->file, built->line, built->document.id};
            const WriteResult result = built->repeat ? WriteResult{WriteOutcome::Unchanged}
                                                     : target_.write(shard, built->sequence, std::move(built->document));
            ++(result.outcome == WriteOutcome::Unchanged ? file.unchanged : file.added);
            log.append(entry);
        }
    } catch (...) {
        fail(std::current_exception());
    }
}

// Each shard's log is in ingest order already (documents reach the writers
// in submission order), so a K-way merge on the sequence number gives the
// input order of the whole run.
void IngestPipeline::for_each_written(const std::function<void(const WrittenEntry&)>& visit) {
    std::vector<WrittenEntry> heads(written_.size());
    std::vector<bool> live(written_.size());
    for (std::size_t k = 0; k < written_.size(); ++k) {
        written_[k]->rewind();
        live[k] = written_[k]->next(heads[k]);
    }
    for (;;) {
        std::size_t best = written_.size();
        for (std::size_t k = 0; k < written_.size(); ++k)
            if (live[k] && (best == written_.size() || heads[k].sequence < heads[best].sequence)) best = k;
        if (best == written_.size()) return;
        visit(heads[best]);
        live[best] = written_[best]->next(heads[best]);
    }
}

void IngestPipeline::fail(std::exception_ptr error) {
    {
        std::lock_guard lock(failure_mutex_);
        if (!failure_) failure_ = error;
    }
    // Unblock everyone: producers see push() fail, consumers drain and end.
    // The queues first: a builder may hold order_mutex_ while it waits to
    // push into the shard queue of the writer that is failing here.
    work_.close();
    for (auto& q : to_shard_) q->close();
    {
        std::lock_guard lock(order_mutex_);
        order_closed_ = true;
    }
    order_cv_.notify_all();
}

void IngestPipeline::rethrow_failure() {
    std::lock_guard lock(failure_mutex_);
    if (failure_) std::rethrow_exception(failure_);
}

void IngestPipeline::stop_threads() {
    work_.close();
    for (auto& t : builders_) t.join();
    builders_.clear();
    for (auto& q : to_shard_) q->close();
    for (auto& t : writers_) t.join();
    writers_.clear();
}

void IngestPipeline::finish() {
    if (finished_) return;
    finished_ = true;
    stop_threads();
    rethrow_failure();
    for (auto& shard : per_shard_) {
        if (outcomes_.size() < shard.size()) outcomes_.resize(shard.size());
        for (std::size_t f = 0; f < shard.size(); ++f) {
            outcomes_[f].added += shard[f].added;
            outcomes_[f].unchanged += shard[f].unchanged;
        }
        shard.clear();
    }
}

}  // namespace refdex
