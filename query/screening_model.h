// The screening model: records as TF-IDF vectors of their title, abstract
// and keyword words (read from the index's termlists, so no re-tokenising),
// and a classifier over them: by default a strongly regularised, class-
// weighted linear SVM (screening_svm.h); multinomial naive Bayes (ASReview's
// default pairing) and an ensemble of the two are options. All are cheap
// enough to retrain after every label. README (Screening) has the figures
// that chose the default.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <xapian.h>

namespace refdex {

// (feature index, weight), sorted by feature index; L2-normalised.
using SparseVector = std::vector<std::pair<std::uint32_t, float>>;

struct FeatureOptions {
    double title_weight = 1;    // a title word counts as this many abstract words
    bool sublinear_tf = false;  // 1 + ln(count) instead of the raw count
    // Pairs of consecutive kept words of a title or abstract ("ace inhibitor")
    // as extra features; from_index reads them from the positional lists.
    bool bigrams = false;
    // Words in more than this share of the records are dropped (1 keeps all).
    double max_df = 1;
    // Words in fewer records than this are dropped. 2 drops the hapaxes,
    // which cannot help rank another record but do dilute the l2 norm.
    std::size_t min_df = 2;
    // Keep numbers ("2001", "10") as words, as scikit-learn's default
    // tokeniser (ASReview's) does. Off: with the SVM it raised the mean
    // WSS@95 of the 16 reviews by 0.3-1.2 but cost ACE 0.8 under the 1 + 1
    // protocol (45 seeds; README, Screening).
    bool numbers = false;
    // Drop common English function words (our own short list). ASReview
    // 0.9 (its published simulations) kept them; false does the same.
    bool stop_words = true;
    // Reduce words to their English (Porter2) stem after the filters above,
    // so "inhibitor" and "inhibitors" are one feature (the index keeps words
    // unstemmed for searching). Bigrams are kept as they are. features_for()
    // turns it on.
    bool stem = false;
    // Author keys ("pacho a") as features of their own, "au:" before them.
    // Off: measured 74.9 / 72.2 / 42.7 on ACE / Nudging / the mean (ASReview's
    // protocol) against 77.7 / 72.2 / 42.9 without (README, Screening).
    bool authors = false;
};

class FeatureSet {
public:
    // One row per document of `docs`, in that order. Words are the S, B and
    // K terms without their prefix (a word in the title and the abstract is
    // one feature); numbers, one-letter words, common English function
    // words and words in fewer than two of `docs` are dropped. Bigrams are
    // "first second" (one space), built from the kept words only.
    static FeatureSet from_index(const Xapian::Database& db, const std::vector<Xapian::docid>& docs,
                                 FeatureOptions options = {});
    // Same weighting from word counts, for tests and for callers with text.
    static FeatureSet from_counts(const std::vector<std::vector<std::pair<std::string, double>>>& docs,
                                  FeatureOptions options = {});

    std::size_t size() const { return rows_.size(); }
    std::size_t vocabulary() const { return words_.size(); }
    const SparseVector& row(std::size_t i) const { return rows_[i]; }
    const std::string& word(std::uint32_t f) const { return words_[f]; }
    // True for a bigram feature ("first second").
    bool is_bigram(std::uint32_t f) const { return words_[f].find(' ') != std::string::npos; }

private:
    std::vector<SparseVector> rows_;
    std::vector<std::string> words_;
};

enum class ModelKind {
    NaiveBayes,  // multinomial naive Bayes on raw-count TF-IDF
    Svm,         // linear SVM (hinge loss, L2) on sublinear TF-IDF
    Ensemble,    // both on sublinear TF-IDF, their scores fused
    Logistic,    // L2 logistic regression on sublinear TF-IDF
};

struct ModelOptions {
    ModelKind kind = ModelKind::Svm;
    // Additive smoothing. Large because TF-IDF rows sum to a few units, not
    // to word counts; 3.822 is ASReview's tuned default for the same setup.
    double alpha = 3.822;
    // Inclusions are rare (1-5%); each labelled inclusion counts as
    // (excluded / included)^balance copies of itself, so the include class
    // is not drowned by the smoothing. Measured on Cohen ACE / Nagtegaal
    // (median WSS@95, 3 seeds): 0 -> 1% / -, 0.5 -> 35% / -, 1 -> 78% / 58%,
    // 1.25 -> 81% / 66%, 2 -> 82% / lower RRF@10 and a stuck seed.
    double balance = 1.25;
    // Linear SVM: C (small = strong regularisation; labelled sets are tiny
    // early on) and the class weight exponent, as for `balance`: each
    // inclusion's C is multiplied by (excluded / included)^svm_balance.
    // WSS@95 (ASReview's protocol, mean of 15 seeds; ACE / Nudging / mean of
    // the 16 reviews), hinge loss, exponent 2: C 0.003 -> 78.0 / 60.9 / 42.5,
    // 0.01 -> 78.2 / 65.5 / 44.2, 0.02 -> 76.6 / 69.3 / 43.0, 0.03 -> 76.6 /
    // 71.2 / 42.5; C 0.3, exponent 1 -> 72.7 / 69.4 / 36.1. Naive Bayes:
    // 78.7 / 64.5 / 40.5. 0.02 gains on the mean and on Nudging under both
    // protocols (README, Screening).
    double svm_c = 0.02;
    double svm_balance = 2;
    // Hinge loss (bounded dual, as sklearn's SVC); false: squared hinge,
    // which measured 1-2 points lower on the mean.
    bool svm_hinge = true;
    // C follows the number of labelled records n as C * (n / 100)^growth
    // (SVM and logistic regression): > 0 regularises the first few labels
    // harder and the later ones less. 0 keeps C fixed; with the SVM, 0.5
    // measured 0.7 lower on the mean, -0.5 1.0 higher but 4.2 lower on
    // Nudging (README, Screening).
    double c_growth = 0;
    // Logistic regression: C and the inclusions' weight exponent, as for
    // the SVM. C 0.1 / 0.3 measured 42.7 / 42.0 on the mean against the
    // SVM's 43.0 (ASReview's protocol), at 2-4 times the cost.
    double lr_c = 0.1;
    double lr_balance = 2;
    // Ensemble: the SVM's share of the fused score (0 = naive Bayes alone),
    // and whether ranks (true) or standardised scores are fused.
    double ensemble_svm_share = 0.5;
    bool ensemble_by_rank = false;
};

// C after `labelled` labels under `growth` (ModelOptions::c_growth).
double grown_c(double c, double growth, std::size_t labelled);

// The features each model kind is meant to be trained on.
FeatureOptions features_for(ModelKind kind);
// "nb", "svm", "ensemble", "lr" (the --model values) and back; nullopt for others.
std::optional<ModelKind> parse_model_kind(const std::string& name);
const char* model_name(ModelKind kind);
// What the model is, in a few words, for reports.
std::string model_description(ModelKind kind);

// What a screening model offers: learn labels one at a time, then prepare()
// once before scoring rows.
class Classifier {
public:
    virtual ~Classifier() = default;
    virtual void add(const SparseVector& row, bool included) = 0;
    virtual void prepare() = 0;
    // Higher means more likely included. For naive Bayes a true log odds;
    // for the SVM the signed margin, which orders the same way.
    virtual double log_odds(const SparseVector& row) const = 0;
    // The ranking score of each of `rows` of `features`; log_odds() unless a
    // model needs the whole candidate set (the ensemble's fusion does).
    virtual std::vector<double> scores(const FeatureSet& features, const std::vector<std::size_t>& rows) const;
};

std::unique_ptr<Classifier> make_classifier(const FeatureSet& features, const ModelOptions& options);

// Multinomial naive Bayes, trained incrementally: add() each label as it
// arrives, then prepare() once before scoring.
class NaiveBayes : public Classifier {
public:
    NaiveBayes(std::size_t vocabulary, ModelOptions options = {});
    // Uses only the features where `used` is true, each row rescaled to unit
    // length on them: the same model as on a FeatureSet without the others.
    NaiveBayes(std::vector<bool> used, ModelOptions options);
    void add(const SparseVector& row, bool included) override;
    // Recomputes the per-word log-likelihood ratios from the counts so far.
    void prepare() override;
    // log P(include | row) - log P(exclude | row), class priors included.
    double log_odds(const SparseVector& row) const override;
    std::size_t included() const { return n_included_; }
    std::size_t excluded() const { return n_excluded_; }

private:
    ModelOptions options_;
    std::vector<double> sum_included_, sum_excluded_;  // per-word TF-IDF mass
    double total_included_ = 0, total_excluded_ = 0;
    std::size_t n_included_ = 0, n_excluded_ = 0;
    std::vector<double> ratio_;  // log theta_include - log theta_exclude
    std::vector<bool> used_;     // empty: every feature
    double scale(const SparseVector& row) const;
    double prior_ = 0;
};

// Logistic of log odds: the probability shown as a hit's score.
double probability(double log_odds);

}  // namespace refdex
