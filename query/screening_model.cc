#include "screening_model.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>
#include <unordered_set>
#include <cstdlib>

#include "schema.h"

namespace refdex {

namespace {

// Function words carry no topic; left in, they dominate the TF-IDF mass of
// short abstracts and blur the classes. A short list of our own.
const std::unordered_set<std::string>& stop_words() {
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

bool useful_word(const std::string& w) {
    if (w.size() < 2) return false;
    if (std::all_of(w.begin(), w.end(), [](unsigned char c) { return std::isdigit(c) || c == '.' || c == ','; }))
        return false;
    return !stop_words().count(w);
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

double env(const char* name, double def) {
    const char* v = std::getenv(name);
    return v ? std::atof(v) : def;
}

}  // namespace

// TF-IDF as in the usual vector-space recipe: raw counts times smoothed
// idf ln((1+n)/(1+df)) + 1, each row scaled to unit length.
FeatureSet FeatureSet::from_counts(const std::vector<std::vector<std::pair<std::string, double>>>& docs,
                                   FeatureOptions options) {
    options.sublinear_tf = env("RDX_SUBLIN", options.sublinear_tf) != 0;
    const double min_df = env("RDX_MINDF", 2);
    std::unordered_map<std::string, std::size_t> df;
    for (const auto& doc : docs) {
        std::unordered_set<std::string> seen;
        for (const auto& [w, n] : doc)
            if (n > 0 && useful_word(w) && seen.insert(w).second) ++df[w];
    }
    // Words sorted so feature numbers (and hence float sums) do not depend
    // on hash order: the same input always gives the same ranking.
    std::map<std::string, std::size_t> kept;
    for (const auto& [w, n] : df)
        if (n >= min_df) kept.emplace(w, n);
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

FeatureSet FeatureSet::from_index(const Xapian::Database& db, const std::vector<Xapian::docid>& docs,
                                  FeatureOptions options) {
    options.title_weight = env("RDX_TITLEW", options.title_weight);
    std::vector<std::vector<std::pair<std::string, double>>> counts;
    counts.reserve(docs.size());
    for (Xapian::docid d : docs) {
        std::vector<std::pair<std::string, double>> words;
        for (auto t = db.termlist_begin(d); t != db.termlist_end(d); ++t) {
            std::string term = *t;
            std::string w = text_word(term);
            if (w.empty()) continue;
            double weight = term[0] == schema::kTitleText[0] ? options.title_weight : 1.0;
            words.emplace_back(std::move(w), weight * t.get_wdf());
        }
        counts.push_back(std::move(words));
    }
    return from_counts(counts, options);
}

NaiveBayes::NaiveBayes(std::size_t vocabulary, ModelOptions options)
    : options_(options), sum_included_(vocabulary), sum_excluded_(vocabulary), ratio_(vocabulary), w_(vocabulary) {
    options_.kind = static_cast<int>(env("RDX_KIND", options_.kind));
    options_.alpha = env("RDX_ALPHA", options_.alpha);
    options_.balance = env("RDX_BAL", options_.balance);
    options_.lr_c = env("RDX_C", options_.lr_c);
    options_.lr_balance = env("RDX_LRBAL", options_.lr_balance);
    options_.newton = static_cast<int>(env("RDX_NEWTON", options_.newton));
    options_.cg = static_cast<int>(env("RDX_CG", options_.cg));
    options_.mix = env("RDX_MIX", options_.mix);
}

void NaiveBayes::add(const SparseVector& row, bool included) {
    auto& sums = included ? sum_included_ : sum_excluded_;
    double& total = included ? total_included_ : total_excluded_;
    for (const auto& [f, x] : row) {
        sums[f] += x;
        total += x;
    }
    ++(included ? n_included_ : n_excluded_);
    if (options_.kind != 0) {
        rows_.push_back(row);
        labels_.push_back(included);
    }
}

void NaiveBayes::prepare() {
    const double v = static_cast<double>(ratio_.size());
    double weight = 1;
    if (options_.balance > 0 && n_included_ > 0 && n_excluded_ > n_included_)
        weight = std::pow(static_cast<double>(n_excluded_) / n_included_, options_.balance);
    double weight0 = 1;
    if (env("RDX_DOUBLE", 0) != 0 && n_included_ > 0 && n_excluded_ > 0) {
        const double n1 = n_included_, n0 = n_excluded_, n = n1 + n0;
        const double one_w = env("RDX_DA", 2.155) * std::pow(n1 / n0, -env("RDX_DALPHA", 0.94));
        const double zero_w = 1 - (1 - env("RDX_DB", 0.789)) * std::pow(1 + std::log(n), -env("RDX_DBETA", 1.0));
        const double tot = one_w * n1 + zero_w * n0;
        double n1_train = std::max(1.0, std::min(n - 2, one_w * n1 * n / tot));
        if (n < 3) n1_train = n1;
        weight = n1_train / n1;
        weight0 = (n - n1_train) / n0;
    }
    const double a = options_.alpha;
    const double log_inc = std::log(weight * total_included_ + a * v);
    const double log_exc = std::log(weight0 * total_excluded_ + a * v);
    for (std::size_t f = 0; f < ratio_.size(); ++f)
        ratio_[f] = (std::log(weight * sum_included_[f] + a) - log_inc) - (std::log(weight0 * sum_excluded_[f] + a) - log_exc);
    // The shown probability uses the true class sizes (add-one smoothed),
    // not the balanced weights, which only shape the word likelihoods.
    prior_ = std::log((n_included_ + 1.0) / (n_excluded_ + 1.0));
    if (options_.kind != 0) train_lr();
    if (options_.kind == 2) {
        auto sd = [&](auto score) {
            double m = 0, m2 = 0;
            for (const auto& r : rows_) {
                double x = score(r);
                m += x;
                m2 += x * x;
            }
            m /= rows_.size();
            return std::sqrt(std::max(1e-12, m2 / rows_.size() - m * m));
        };
        nb_scale_ = sd([&](const SparseVector& r) { return nb_score(r); });
        lr_scale_ = sd([&](const SparseVector& r) { return lr_score(r); });
    }
}

void NaiveBayes::train_lr() {
    const std::size_t n = rows_.size(), V = w_.size();
    if (n == 0) return;
    const double lambda = 1 / options_.lr_c;
    double c_inc = 1;
    if (n_included_ > 0 && n_excluded_ > n_included_)
        c_inc = std::pow(static_cast<double>(n_excluded_) / n_included_, options_.lr_balance);
    std::vector<double> c(n), y(n), z(n), p(n), D(n), g(V), d(V), r(V), q(V), hq(V), xd(n);
    for (std::size_t i = 0; i < n; ++i) {
        y[i] = labels_[i] ? 1 : 0;
        c[i] = labels_[i] ? c_inc : 1;
    }
    auto dot = [](const SparseVector& x, const std::vector<double>& v) {
        double s = 0;
        for (const auto& [f, val] : x) s += val * v[f];
        return s;
    };
    auto softplus = [](double t) { return t > 30 ? t : std::log1p(std::exp(t)); };
    for (int it = 0; it < options_.newton; ++it) {
        for (std::size_t i = 0; i < n; ++i) {
            z[i] = dot(rows_[i], w_) + b_;
            p[i] = 1 / (1 + std::exp(-z[i]));
            D[i] = c[i] * p[i] * (1 - p[i]);
        }
        double gb = 0;
        for (std::size_t f = 0; f < V; ++f) g[f] = lambda * w_[f];
        for (std::size_t i = 0; i < n; ++i) {
            double e = c[i] * (p[i] - y[i]);
            gb += e;
            for (const auto& [f, val] : rows_[i]) g[f] += e * val;
        }
        // CG on H d = -g, with the bias as an extra coordinate.
        std::fill(d.begin(), d.end(), 0.0);
        double db = 0;
        for (std::size_t f = 0; f < V; ++f) r[f] = -g[f];
        double rb = -gb;
        q = r;
        double qb = rb;
        double rr = rb * rb;
        for (std::size_t f = 0; f < V; ++f) rr += r[f] * r[f];
        const double rr0 = rr;
        if (rr0 < 1e-12) break;
        for (int k = 0; k < options_.cg; ++k) {
            for (std::size_t f = 0; f < V; ++f) hq[f] = lambda * q[f];
            double hqb = 1e-6 * qb;
            for (std::size_t i = 0; i < n; ++i) {
                double t = D[i] * (dot(rows_[i], q) + qb);
                hqb += t;
                for (const auto& [f, val] : rows_[i]) hq[f] += t * val;
            }
            double qhq = qb * hqb;
            for (std::size_t f = 0; f < V; ++f) qhq += q[f] * hq[f];
            double alpha = rr / qhq;
            for (std::size_t f = 0; f < V; ++f) {
                d[f] += alpha * q[f];
                r[f] -= alpha * hq[f];
            }
            db += alpha * qb;
            rb -= alpha * hqb;
            double rr_new = rb * rb;
            for (std::size_t f = 0; f < V; ++f) rr_new += r[f] * r[f];
            if (rr_new < 0.01 * rr0) break;
            double beta = rr_new / rr;
            rr = rr_new;
            for (std::size_t f = 0; f < V; ++f) q[f] = r[f] + beta * q[f];
            qb = rb + beta * qb;
        }
        // Backtracking line search on the objective.
        for (std::size_t i = 0; i < n; ++i) xd[i] = dot(rows_[i], d) + db;
        double ww = 0, wd = 0, dd = 0;
        for (std::size_t f = 0; f < V; ++f) {
            ww += w_[f] * w_[f];
            wd += w_[f] * d[f];
            dd += d[f] * d[f];
        }
        auto objective = [&](double s) {
            double o = 0.5 * lambda * (ww + 2 * s * wd + s * s * dd);
            for (std::size_t i = 0; i < n; ++i) {
                double t = z[i] + s * xd[i];
                o += c[i] * (y[i] > 0 ? softplus(-t) : softplus(t));
            }
            return o;
        };
        const double o0 = objective(0);
        double step = 1;
        while (step > 1e-3 && objective(step) > o0) step /= 2;
        for (std::size_t f = 0; f < V; ++f) w_[f] += step * d[f];
        b_ += step * db;
    }
    lr_shift_ = -std::log(c_inc);
}

double NaiveBayes::nb_score(const SparseVector& row) const {
    double s = prior_;
    for (const auto& [f, x] : row) s += x * ratio_[f];
    return s;
}

double NaiveBayes::lr_score(const SparseVector& row) const {
    double s = b_ + lr_shift_;
    for (const auto& [f, x] : row) s += x * w_[f];
    return s;
}

double NaiveBayes::log_odds(const SparseVector& row) const {
    if (options_.kind == 0) return nb_score(row);
    if (options_.kind == 1) return lr_score(row);
    return options_.mix * nb_score(row) / nb_scale_ + (1 - options_.mix) * lr_score(row) / lr_scale_;
}

double probability(double log_odds) { return 1 / (1 + std::exp(-log_odds)); }

}  // namespace refdex
