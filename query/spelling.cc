#include "spelling.h"

#include <algorithm>

#include "normalise.h"
#include "schema.h"

namespace refdex {

std::size_t edit_distance(const std::string& a, const std::string& b, std::size_t max) {
    const std::size_t n = a.size(), m = b.size();
    if ((n > m ? n - m : m - n) > max) return max + 1;
    std::vector<std::size_t> prev(m + 1), cur(m + 1);
    for (std::size_t j = 0; j <= m; ++j) prev[j] = j;
    for (std::size_t i = 1; i <= n; ++i) {
        cur[0] = i;
        std::size_t row_min = cur[0];
        for (std::size_t j = 1; j <= m; ++j) {
            std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
            row_min = std::min(row_min, cur[j]);
        }
        if (row_min > max) return max + 1;
        std::swap(prev, cur);
    }
    return prev[m];
}

namespace {

bool indexed(const Xapian::Database& db, const std::string& word) {
    return db.term_exists(schema::make_term(schema::kTitleText, word)) ||
           db.term_exists(schema::make_term(schema::kAbstractText, word));
}

// Candidates share the first letter: a typo there is rare, and it keeps the
// scan to one slice of the term list.
std::string closest_word(const Xapian::Database& db, const std::string& word) {
    const std::size_t max = word.size() <= 5 ? 1 : 2;
    std::string best;
    Xapian::doccount best_freq = 0;
    std::size_t best_distance = max + 1;
    for (const char* prefix : {schema::kTitleText, schema::kAbstractText}) {
        const std::string start = std::string(prefix) + word.substr(0, 1);
        for (auto it = db.allterms_begin(start); it != db.allterms_end(start); ++it) {
            std::string candidate = (*it).substr(std::string(prefix).size());
            std::size_t d = edit_distance(word, candidate, max);
            if (d > max) continue;
            Xapian::doccount freq = it.get_termfreq();
            if (d < best_distance || (d == best_distance && freq > best_freq)) {
                best = candidate;
                best_freq = freq;
                best_distance = d;
            }
        }
    }
    return best;
}

// Replaces whole-word, case-insensitive occurrences of `word` in `query`.
std::string replace_word(const std::string& query, const std::string& word, const std::string& with) {
    std::string out;
    std::size_t i = 0;
    while (i < query.size()) {
        std::size_t j = i;
        while (j < query.size() && std::isalnum(static_cast<unsigned char>(query[j]))) ++j;
        if (j == i) {
            out += query[i++];
            continue;
        }
        std::string token = query.substr(i, j - i);
        out += fold(token) == word ? with : token;
        i = j;
    }
    return out;
}

}  // namespace

std::string suggest_query(const Xapian::Database& db, const std::string& query, const std::vector<std::string>& words) {
    std::string suggestion = query;
    for (const auto& word : words) {
        if (word.size() < 3 || indexed(db, word)) continue;
        std::string better = closest_word(db, word);
        if (better.empty()) continue;
        suggestion = replace_word(suggestion, word, better);
    }
    // A word the query does not spell as a run of letters and digits ("c++"
    // from C++, "r&d") is not replaced: "Did you mean: C++?" would offer
    // the query as typed.
    return fold(suggestion) == fold(query) ? std::string() : suggestion;
}

}  // namespace refdex
