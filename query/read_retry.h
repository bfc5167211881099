// Reading an index while refdex-index commits to it. Glass keeps a reader's
// revision only until the writer's next-but-one commit; a read that takes
// longer fails with DatabaseModifiedError or, in Xapian 1.4, sometimes with
// DatabaseCorruptError when it meets a recycled block. Both only mean "start
// again on the new revision" when there is one.
#pragma once

#include <chrono>
#include <thread>

#include <xapian.h>

namespace refdex {

// Runs `read()` (which reads `db`), reopening and running it again after a
// writer's commit overtook it. Gives up after `attempts` tries, or at once
// when a "corrupt" error is not explained by a new revision. Waits a little
// longer before each try, so that a burst of small commits can pass.
template <class Read>
auto read_with_retry(Xapian::Database& db, Read&& read, int attempts = 12) -> decltype(read()) {
    for (int attempt = 1;; ++attempt) {
        try {
            return read();
        } catch (const Xapian::DatabaseModifiedError&) {
            if (attempt >= attempts) throw;
            db.reopen();
        } catch (const Xapian::DatabaseCorruptError&) {
            if (attempt >= attempts || !db.reopen()) throw;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5 * attempt));
    }
}

}  // namespace refdex
