// gen_corpus: a deterministic synthetic bibliographic corpus for the scale
// benchmark, written once in each input form the compared engines read.
//
//   gen_corpus RECORDS OUT_PREFIX
//
// Writes OUT_PREFIX.ris (refdex-index), OUT_PREFIX.scriptindex (Omega's
// field=value format), OUT_PREFIX.tsv (the SQLite FTS5 loader: one record a
// line, fields tab-separated, authors and keywords joined by "; ") and
// OUT_PREFIX.queries (the query set, drawn from the same vocabulary, so that
// every run and every engine asks the same questions).
//
// The same seed gives the same bytes on every machine: the random numbers
// come from a hand-written SplitMix64, not from <random>'s distributions,
// whose output the C++ standard leaves to each library. Records are written
// as they are drawn; memory does not grow with RECORDS.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <set>
#include <string>
#include <vector>

namespace {

class Random {
public:
    explicit Random(std::uint64_t seed) : state_(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    // Uniform in [lo, hi].
    std::size_t between(std::size_t lo, std::size_t hi) { return lo + next() % (hi - lo + 1); }
    double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

private:
    std::uint64_t state_;
};

// Draws ranks 0..n-1 with probability proportional to 1/(rank+1)^s, the
// shape of word frequencies in real text.
class Zipf {
public:
    Zipf(std::size_t n, double s) : cumulative_(n) {
        double total = 0;
        for (std::size_t r = 0; r < n; ++r) cumulative_[r] = total += 1.0 / std::pow(static_cast<double>(r + 1), s);
        for (double& c : cumulative_) c /= total;
    }
    std::size_t draw(Random& random) const {
        auto it = std::lower_bound(cumulative_.begin(), cumulative_.end(), random.unit());
        return it == cumulative_.end() ? cumulative_.size() - 1 : static_cast<std::size_t>(it - cumulative_.begin());
    }

private:
    std::vector<double> cumulative_;
};

// Pronounceable, distinct words from a fixed syllable inventory: they look
// like text to the tokenisers and never collide with stop lists.
std::vector<std::string> make_words(Random& random, std::size_t count, std::size_t min_syllables,
                                    std::size_t max_syllables) {
    static const char* const onsets[] = {"b", "c", "d", "f", "g", "h", "l", "m", "n", "p", "r", "s",
                                         "t", "v", "br", "cr", "pl", "st", "tr", "gr", "ph", "th", "sc"};
    static const char* const vowels[] = {"a", "e", "i", "o", "u", "io", "ia", "ea", "ou", "y"};
    static const char* const codas[] = {"", "", "", "n", "r", "s", "l", "m", "t", "x", "nd", "st"};
    std::set<std::string> seen;
    std::vector<std::string> words;
    while (words.size() < count) {
        std::string w;
        for (std::size_t k = random.between(min_syllables, max_syllables); k > 0; --k) {
            w += onsets[random.between(0, std::size(onsets) - 1)];
            w += vowels[random.between(0, std::size(vowels) - 1)];
            w += codas[random.between(0, std::size(codas) - 1)];
        }
        if (w.size() >= 3 && seen.insert(w).second) words.push_back(w);
    }
    return words;
}

std::string capitalised(std::string w) {
    if (!w.empty()) w[0] = static_cast<char>(w[0] - 'a' + 'A');
    return w;
}

// About one surname in eight carries a diacritic, as European author lists do.
std::string with_diacritic(const std::string& w, Random& random) {
    static const std::pair<char, const char*> marks[] = {
        {'e', "é"}, {'u', "ü"}, {'o', "ö"}, {'a', "á"}, {'o', "ø"}, {'c', "ç"}, {'n', "ñ"}, {'s', "š"}};
    const auto& [plain, marked] = marks[random.between(0, std::size(marks) - 1)];
    std::size_t at = w.find(plain, 1);
    if (at == std::string::npos) return w;
    return w.substr(0, at) + marked + w.substr(at + 1);
}

struct Vocabulary {
    std::vector<std::string> words, surnames, given, journals;
};

Vocabulary make_vocabulary(Random& random) {
    Vocabulary v;
    // The most frequent words are the shortest, as in real languages.
    v.words = make_words(random, 40000, 1, 3);
    std::stable_sort(v.words.begin(), v.words.end(),
                     [](const std::string& a, const std::string& b) { return a.size() < b.size(); });
    for (auto& s : make_words(random, 30000, 2, 3))
        v.surnames.push_back(random.between(0, 7) == 0 ? with_diacritic(capitalised(s), random) : capitalised(s));
    for (auto& g : make_words(random, 800, 2, 2)) v.given.push_back(capitalised(g));
    static const char* const forms[] = {"Journal of %s %s", "%s %s Review", "Annals of %s %s",
                                        "International Journal of %s %s", "%s and %s Letters", "Acta %s %s"};
    std::set<std::string> seen;
    while (v.journals.size() < 2000) {
        char name[256];
        std::snprintf(name, sizeof name, forms[random.between(0, std::size(forms) - 1)],
                      capitalised(v.words[random.between(0, 3000)]).c_str(),
                      capitalised(v.words[random.between(0, 3000)]).c_str());
        if (seen.insert(name).second) v.journals.push_back(name);
    }
    return v;
}

struct Record {
    std::string id, title, abstract, journal, year, doi;
    std::vector<std::string> authors, keywords;
};

class RecordMaker {
public:
    explicit RecordMaker(const Vocabulary& v)
        : v_(v), words_(v.words.size(), 1.0), authors_(v.surnames.size(), 0.8), journals_(v.journals.size(), 1.0) {}

    Record make(std::size_t n, Random& random) const {
        Record r;
        char buf[64];
        std::snprintf(buf, sizeof buf, "bench%08zu", n);
        r.id = buf;
        r.title = capitalised(text(random, random.between(6, 16)));
        r.abstract = sentences(random, random.between(150, 300));
        for (std::size_t k = random.between(1, 12); k > 0; --k) {
            const std::string& given = v_.given[random.between(0, v_.given.size() - 1)];
            r.authors.push_back(v_.surnames[authors_.draw(random)] + ", " +
                                (random.between(0, 1) ? given : given.substr(0, 1) + "."));
        }
        for (std::size_t k = random.between(1, 6); k > 0; --k) r.keywords.push_back(text(random, random.between(1, 3)));
        r.journal = v_.journals[journals_.draw(random)];
        // Recent years are the most common, as in any bibliographic database.
        r.year = std::to_string(2025 - static_cast<int>(std::floor(55 * random.unit() * random.unit())));
        std::snprintf(buf, sizeof buf, "10.%zu/bench.%zu", 1000 + random.between(0, 8999), n);
        r.doi = buf;
        return r;
    }

private:
    std::string text(Random& random, std::size_t count) const {
        std::string out;
        for (std::size_t i = 0; i < count; ++i) {
            if (i) out += ' ';
            out += v_.words[words_.draw(random)];
        }
        return out;
    }
    std::string sentences(Random& random, std::size_t count) const {
        std::string out;
        std::size_t left_in_sentence = 0;
        for (std::size_t i = 0; i < count; ++i) {
            const std::string& w = v_.words[words_.draw(random)];
            if (left_in_sentence == 0) {
                if (i) out += ". ";
                out += capitalised(w);
                left_in_sentence = random.between(8, 25);
            } else {
                out += ' ';
                out += w;
            }
            --left_in_sentence;
        }
        return out + ".";
    }

    const Vocabulary& v_;
    Zipf words_, authors_, journals_;
};

std::string joined(const std::vector<std::string>& values, const char* separator) {
    std::string out;
    for (const auto& v : values) out += (out.empty() ? "" : separator) + v;
    return out;
}

void write_ris(std::ostream& out, const Record& r) {
    out << "TY  - JOUR\nID  - " << r.id << "\nTI  - " << r.title << '\n';
    for (const auto& a : r.authors) out << "AU  - " << a << '\n';
    out << "T2  - " << r.journal << "\nPY  - " << r.year << "\nDO  - " << r.doi << '\n';
    for (const auto& k : r.keywords) out << "KW  - " << k << '\n';
    out << "AB  - " << r.abstract << "\nER  - \n\n";
}

void write_scriptindex(std::ostream& out, const Record& r) {
    out << "id=" << r.id << "\ntitle=" << r.title << '\n';
    for (const auto& a : r.authors) out << "author=" << a << '\n';
    out << "journal=" << r.journal << "\nyear=" << r.year << "\ndoi=" << r.doi << '\n';
    for (const auto& k : r.keywords) out << "keyword=" << k << '\n';
    out << "abstract=" << r.abstract << "\n\n";
}

void write_tsv(std::ostream& out, const Record& r) {
    out << r.id << '\t' << r.title << '\t' << r.abstract << '\t' << joined(r.authors, "; ") << '\t'
        << joined(r.keywords, "; ") << '\t' << r.journal << '\t' << r.year << '\t' << r.doi << '\n';
}

// The query set, one per line: kind TAB word1 TAB word2. Ranks are chosen so
// that each query matches a realistic share of the corpus at any size: the
// ranked pair from the mid-frequency band, the phrase from frequent words
// (so it occurs), the author among the common surnames.
void write_queries(std::ostream& out, const Vocabulary& v) {
    std::string surname = v.surnames[3];
    for (auto& c : surname) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out << "ranked\t" << v.words[40] << '\t' << v.words[90] << '\n'
        << "phrase\t" << v.words[2] << '\t' << v.words[5] << '\n'
        << "author\t" << surname << '\t' << v.words[30] << '\n'
        << "facets\t" << v.words[40] << '\t' << v.words[90] << '\n';
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: gen_corpus RECORDS OUT_PREFIX\n";
        return 2;
    }
    const std::size_t count = std::stoul(argv[1]);
    const std::string prefix = argv[2];
    Random random(20261123);
    const Vocabulary vocabulary = make_vocabulary(random);
    const RecordMaker maker(vocabulary);
    std::ofstream ris(prefix + ".ris"), script(prefix + ".scriptindex"), tsv(prefix + ".tsv"),
        queries(prefix + ".queries");
    for (std::size_t n = 1; n <= count; ++n) {
        Record r = maker.make(n, random);
        write_ris(ris, r);
        write_scriptindex(script, r);
        write_tsv(tsv, r);
    }
    write_queries(queries, vocabulary);
    ris.close();
    script.close();
    tsv.close();
    queries.close();
    if (!ris || !script || !tsv || !queries) {
        std::cerr << "gen_corpus: cannot write " << prefix << ".*\n";
        return 1;
    }
    return 0;
}
