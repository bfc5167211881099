#include "screening_model.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "schema.h"
#include "screening_ensemble.h"
#include "screening_logistic.h"
#include "screening_svm.h"

namespace refdex {

namespace {

// Function words carry no topic; left in, they dominate the TF-IDF mass of
// short abstracts and blur the classes. A short list of our own.
const std::unordered_set<std::string>& function_words() {
    static const std::unordered_set<std::string> words{
        "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been",
        "before", "being", "between", "both", "but", "by", "can", "could", "did", "do", "does", "during",
        "each", "for", "from", "had", "has", "have", "he", "her", "his", "how", "however", "i", "if",
        "in", "into", "is", "it", "its", "may", "more", "most", "no", "nor", "not", "of", "on", "one",
        "only", "or", "other", "our", "over", "she", "should", "so", "some", "such", "than", "that",
        "the", "their", "them", "then", "there", "these", "they", "this", "those", "through", "to",
        "under", "up", "upon", "was", "we", "were", "what", "when", "where", "which", "while", "who",
        "whom", "why", "will", "with", "within", "without", "would", "you", "your"};
    return words;
}

bool useful_word(const std::string& w, bool numbers = false, bool stop_words = true) {
    if (w.size() < 2) return false;
    if (!numbers &&
        std::all_of(w.begin(), w.end(), [](unsigned char c) { return std::isdigit(c) || c == '.' || c == ','; }))
        return false;
    return !stop_words || !function_words().count(w);
}

// The word of a title/abstract/keyword term, or "" for any other term.
// Those prefixes are one capital; a second capital would mean another
// (X...) prefix, and boolean values never start with a capital.
std::string text_word(const std::string& term) {
    if (term.size() < 2) return "";
    char p = term[0];
    if (p != schema::kTitleText[0] && p != schema::kAbstractText[0] && p != schema::kKeywordText[0]) return "";
    if (std::isupper(static_cast<unsigned char>(term[1]))) return "";
    return term.substr(1);
}

}  // namespace

// TF-IDF as in the usual vector-space recipe: raw counts times smoothed
// idf ln((1+n)/(1+df)) + 1, each row scaled to unit length.
FeatureSet FeatureSet::from_counts(const std::vector<std::vector<std::pair<std::string, double>>>& docs,
                                   FeatureOptions options) {
    if (options.stem) {
        Xapian::Stem stem("english");
        std::vector<std::vector<std::pair<std::string, double>>> stemmed(docs.size());
        for (std::size_t i = 0; i < docs.size(); ++i)
            for (const auto& [w, n] : docs[i])
                if (w.find(' ') != std::string::npos) stemmed[i].emplace_back(w, n);
                else if (useful_word(w, options.numbers, options.stop_words)) stemmed[i].emplace_back(stem(w), n);
        options.stem = false;
        return from_counts(stemmed, options);
    }
    std::unordered_map<std::string, std::size_t> df;
    for (const auto& doc : docs) {
        std::unordered_set<std::string> seen;
        for (const auto& [w, n] : doc)
            if (n > 0 && useful_word(w, options.numbers, options.stop_words) && seen.insert(w).second) ++df[w];
    }
    // Words sorted so feature numbers (and hence float sums) do not depend
    // on hash order: the same input always gives the same ranking.
    std::map<std::string, std::size_t> kept;
    const double most = options.max_df * static_cast<double>(docs.size());
    for (const auto& [w, n] : df)
        if (n >= std::max<std::size_t>(1, options.min_df) && static_cast<double>(n) <= most) kept.emplace(w, n);
    FeatureSet out;
    std::unordered_map<std::string, std::uint32_t> index;
    std::vector<double> idf;
    const double n_docs = static_cast<double>(docs.size());
    for (const auto& [w, n] : kept) {
        index.emplace(w, static_cast<std::uint32_t>(out.words_.size()));
        out.words_.push_back(w);
        idf.push_back(std::log((1 + n_docs) / (1 + static_cast<double>(n))) + 1);
    }
    for (const auto& doc : docs) {
        std::map<std::uint32_t, double> weights;
        for (const auto& [w, n] : doc) {
            auto it = index.find(w);
            if (it == index.end()) continue;
            weights[it->second] += n;
        }
        for (auto& [f, x] : weights) x = (options.sublinear_tf ? 1 + std::log(x) : x) * idf[f];
        double norm = 0;
        for (const auto& [f, x] : weights) norm += x * x;
        norm = std::sqrt(norm);
        SparseVector row;
        for (const auto& [f, x] : weights) row.emplace_back(f, static_cast<float>(x / norm));
        out.rows_.push_back(std::move(row));
    }
    return out;
}

namespace {

// A title or abstract word at its position, for pairing neighbours.
struct PlacedWord {
    Xapian::termpos pos;
    char field;
    std::string word;
};

// Consecutive kept words of one field become "first second"; the function
// words between them are skipped, so "inhibition of ace" gives
// "inhibition ace". Positions run on across fields (the indexer leaves a gap),
// so only the field letter keeps a title word from pairing with the abstract.
void add_bigrams(std::vector<PlacedWord>& placed, double title_weight,
                 std::vector<std::pair<std::string, double>>& words) {
    std::sort(placed.begin(), placed.end(), [](const PlacedWord& a, const PlacedWord& b) { return a.pos < b.pos; });
    for (std::size_t i = 1; i < placed.size(); ++i) {
        if (placed[i].field != placed[i - 1].field) continue;
        const double weight = placed[i].field == schema::kTitleText[0] ? title_weight : 1.0;
        words.emplace_back(placed[i - 1].word + " " + placed[i].word, weight);
    }
}

}  // namespace

FeatureSet FeatureSet::from_index(const Xapian::Database& db, const std::vector<Xapian::docid>& docs,
                                  FeatureOptions options) {
    std::vector<std::vector<std::pair<std::string, double>>> counts;
    counts.reserve(docs.size());
    for (Xapian::docid d : docs) {
        std::vector<std::pair<std::string, double>> words;
        for (auto t = db.termlist_begin(d); t != db.termlist_end(d); ++t) {
            std::string term = *t;
            if (options.authors && term.compare(0, 3, schema::kAuthorKey) == 0 && term.size() > 3) {
                words.emplace_back("au:" + term.substr(3), 1.0);
                continue;
            }
            std::string w = text_word(term);
            if (w.empty()) continue;
            double weight = term[0] == schema::kTitleText[0] ? options.title_weight : 1.0;
            words.emplace_back(std::move(w), weight * t.get_wdf());
        }
        if (options.bigrams) {
            std::vector<PlacedWord> placed;
            for (auto t = db.termlist_begin(d); t != db.termlist_end(d); ++t) {
                const std::string term = *t;
                if (term.empty() || (term[0] != schema::kTitleText[0] && term[0] != schema::kAbstractText[0])) continue;
                const std::string w = text_word(term);
                if (!useful_word(w, options.numbers, options.stop_words)) continue;
                for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) placed.push_back({*p, term[0], w});
            }
            std::vector<std::pair<std::string, double>> pairs;
            add_bigrams(placed, options.title_weight, pairs);
            for (auto& p : pairs) words.push_back(std::move(p));
        }
        counts.push_back(std::move(words));
    }
    return from_counts(counts, options);
}

NaiveBayes::NaiveBayes(std::size_t vocabulary, ModelOptions options)
    : options_(options), sum_included_(vocabulary), sum_excluded_(vocabulary), ratio_(vocabulary) {}

NaiveBayes::NaiveBayes(std::vector<bool> used, ModelOptions options) : NaiveBayes(used.size(), options) {
    used_ = std::move(used);
}

double NaiveBayes::scale(const SparseVector& row) const {
    if (used_.empty()) return 1;
    double sq = 0;
    for (const auto& [f, x] : row)
        if (used_[f]) sq += static_cast<double>(x) * x;
    return sq > 0 ? 1 / std::sqrt(sq) : 0;
}

void NaiveBayes::add(const SparseVector& row, bool included) {
    auto& sums = included ? sum_included_ : sum_excluded_;
    double& total = included ? total_included_ : total_excluded_;
    const double k = scale(row);
    for (const auto& [f, x] : row) {
        if (!used_.empty() && !used_[f]) continue;
        sums[f] += k * x;
        total += k * x;
    }
    ++(included ? n_included_ : n_excluded_);
}

void NaiveBayes::prepare() {
    const double v = static_cast<double>(used_.empty() ? ratio_.size() : std::count(used_.begin(), used_.end(), true));
    double weight = 1;
    if (options_.balance > 0 && n_included_ > 0 && n_excluded_ > n_included_)
        weight = std::pow(static_cast<double>(n_excluded_) / n_included_, options_.balance);
    const double a = options_.alpha;
    const double log_inc = std::log(weight * total_included_ + a * v);
    const double log_exc = std::log(total_excluded_ + a * v);
    for (std::size_t f = 0; f < ratio_.size(); ++f)
        ratio_[f] = used_.empty() || used_[f] ? (std::log(weight * sum_included_[f] + a) - log_inc) -
                                                    (std::log(sum_excluded_[f] + a) - log_exc)
                                              : 0;
    // The shown probability uses the true class sizes (add-one smoothed),
    // not the balanced weights, which only shape the word likelihoods.
    prior_ = std::log((n_included_ + 1.0) / (n_excluded_ + 1.0));
}

double NaiveBayes::log_odds(const SparseVector& row) const {
    double s = 0;
    for (const auto& [f, x] : row) s += x * ratio_[f];
    return prior_ + scale(row) * s;
}

std::vector<double> Classifier::scores(const FeatureSet& features, const std::vector<std::size_t>& rows) const {
    std::vector<double> out;
    out.reserve(rows.size());
    for (std::size_t r : rows) out.push_back(log_odds(features.row(r)));
    return out;
}

FeatureOptions features_for(ModelKind kind) {
    FeatureOptions f;
    // Bigrams measured worse: with the SVM a mean WSS@95 of 39.5 against
    // 41.1 without (README, Screening); they stay an option.
    if (kind != ModelKind::NaiveBayes) f.sublinear_tf = true;
    // Stems: with the SVM, WSS@95 on ACE +1.1 / +0.7 and Nudging +2.9 /
    // +1.0 (ASReview's protocol / 1 + 1), the mean of the 16 reviews -0.1 /
    // 0.0, WSS@100 higher on the mean under both (README, Screening).
    f.stem = true;
    return f;
}

std::optional<ModelKind> parse_model_kind(const std::string& name) {
    if (name == "nb") return ModelKind::NaiveBayes;
    if (name == "svm") return ModelKind::Svm;
    if (name == "ensemble") return ModelKind::Ensemble;
    if (name == "lr") return ModelKind::Logistic;
    return std::nullopt;
}

const char* model_name(ModelKind kind) {
    switch (kind) {
    case ModelKind::Svm: return "svm";
    case ModelKind::Ensemble: return "ensemble";
    case ModelKind::Logistic: return "lr";
    default: return "nb";
    }
}

std::string model_description(ModelKind kind) {
    switch (kind) {
    case ModelKind::Svm: return "linear SVM";
    case ModelKind::Ensemble: return "naive Bayes + linear SVM";
    case ModelKind::Logistic: return "logistic regression";
    default: return "naive Bayes";
    }
}

std::unique_ptr<Classifier> make_classifier(const FeatureSet& features, const ModelOptions& options) {
    if (options.kind == ModelKind::Svm) return std::make_unique<LinearSvm>(features.vocabulary(), options);
    if (options.kind == ModelKind::Ensemble) return std::make_unique<Ensemble>(features, options);
    if (options.kind == ModelKind::Logistic) return std::make_unique<LogisticRegression>(features.vocabulary(), options);
    return std::make_unique<NaiveBayes>(features.vocabulary(), options);
}

double grown_c(double c, double growth, std::size_t labelled) {
    if (growth == 0 || labelled == 0) return c;
    return c * std::pow(static_cast<double>(labelled) / 100.0, growth);
}

double probability(double log_odds) { return 1 / (1 + std::exp(-log_odds)); }

}  // namespace refdex
