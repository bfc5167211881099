#include "query_expand.h"

#include <algorithm>
#include <map>

#include "query_compiler.h"
#include "query_words.h"
#include "schema.h"

namespace refdex::query {

std::vector<std::string> expand_stem(const Xapian::Database& db, const std::string& prefix,
                                     const std::string& stem, std::size_t limit,
                                     std::string_view field_label, std::size_t offset) {
    const std::string start = schema::make_term(prefix, stem);
    std::vector<std::string> words;
    for (auto t = db.allterms_begin(start); t != db.allterms_end(start); ++t) {
        if (words.size() == limit)
            throw QueryError(offset, stem + "* matches more than " + std::to_string(limit) + " terms in " +
                                         std::string(field_label) + "; make the stem longer or raise --wildcard-limit.");
        words.push_back((*t).substr(prefix.size()));
    }
    return words;
}

namespace {

// The code points of UTF-8 text, each as its byte sequence, so that '?'
// stands for one character and not one byte.
std::vector<std::string_view> characters(std::string_view s) {
    std::vector<std::string_view> out;
    for (std::size_t i = 0; i < s.size();) {
        std::size_t n = 1;
        while (i + n < s.size() && (static_cast<unsigned char>(s[i + n]) & 0xC0) == 0x80) ++n;
        out.push_back(s.substr(i, n));
        i += n;
    }
    return out;
}

}  // namespace

std::string_view literal_prefix(std::string_view pattern) {
    return pattern.substr(0, std::min(pattern.size(), pattern.find_first_of(kWildcards)));
}

// Dynamic programming over (pattern position, word position): linear in
// their product, with no backtracking blow-up for patterns like a*b*c*d.
bool wildcard_match(std::string_view pattern, std::string_view word) {
    const auto p = characters(pattern), w = characters(word);
    // reach[j]: the first i pattern characters can match the first j word characters.
    std::vector<char> reach(w.size() + 1, 0), next(w.size() + 1);
    reach[0] = 1;
    for (const auto pc : p) {
        std::fill(next.begin(), next.end(), 0);
        for (std::size_t j = 0; j <= w.size(); ++j) {
            if (!reach[j]) continue;
            if (pc == "*") {
                std::fill(next.begin() + static_cast<std::ptrdiff_t>(j), next.end(), 1);
                break;
            }
            if (pc == "$") next[j] = 1;
            if (j < w.size() && (pc == "?" || pc == "$" || pc == w[j])) next[j + 1] = 1;
        }
        reach.swap(next);
    }
    return reach[w.size()] != 0;
}

std::vector<std::string> expand_pattern(const Xapian::Database& db, const std::string& prefix,
                                        const std::string& pattern, std::size_t limit,
                                        std::string_view field_label, std::size_t offset) {
    const std::string_view literal = literal_prefix(pattern);
    if (literal.empty())
        throw QueryError(offset, "'" + pattern + "' starts with a wildcard; put at least one letter before it.");
    const std::string start = schema::make_term(prefix, literal);
    std::vector<std::string> words;
    for (auto t = db.allterms_begin(start); t != db.allterms_end(start); ++t) {
        std::string word = (*t).substr(prefix.size());
        if (!wildcard_match(pattern, word)) continue;
        if (words.size() == limit)
            throw QueryError(offset, pattern + " matches more than " + std::to_string(limit) + " terms in " +
                                         std::string(field_label) + "; make the part before the first wildcard longer.");
        words.push_back(std::move(word));
    }
    return words;
}

namespace {

// MeSH topical qualifiers by their two-letter abbreviations (NLM), with
// the three retired in 2016 that older records still carry (ra, ri, us).
const std::map<std::string, std::string, std::less<>>& subheading_abbreviations() {
    static const std::map<std::string, std::string, std::less<>> kNames{
        {"aa", "analogs & derivatives"}, {"ab", "abnormalities"}, {"ad", "administration & dosage"},
        {"ae", "adverse effects"}, {"ag", "agonists"}, {"ah", "anatomy & histology"},
        {"ai", "antagonists & inhibitors"}, {"an", "analysis"}, {"bi", "biosynthesis"}, {"bl", "blood"},
        {"bs", "blood supply"}, {"cf", "cerebrospinal fluid"}, {"ch", "chemistry"}, {"ci", "chemically induced"},
        {"cl", "classification"}, {"cn", "congenital"}, {"co", "complications"}, {"cs", "chemical synthesis"},
        {"ct", "contraindications"}, {"cy", "cytology"}, {"de", "drug effects"}, {"df", "deficiency"},
        {"dg", "diagnostic imaging"}, {"dh", "diet therapy"}, {"di", "diagnosis"}, {"dt", "drug therapy"},
        {"du", "diagnostic use"}, {"ec", "economics"}, {"ed", "education"}, {"eh", "ethnology"},
        {"em", "embryology"}, {"en", "enzymology"}, {"ep", "epidemiology"}, {"es", "ethics"}, {"et", "etiology"},
        {"gd", "growth & development"}, {"ge", "genetics"}, {"hi", "history"}, {"im", "immunology"},
        {"in", "injuries"}, {"ip", "isolation & purification"}, {"ir", "innervation"}, {"is", "instrumentation"},
        {"lj", "legislation & jurisprudence"}, {"ma", "manpower"}, {"me", "metabolism"}, {"mi", "microbiology"},
        {"mo", "mortality"}, {"mt", "methods"}, {"nu", "nursing"}, {"og", "organization & administration"},
        {"pa", "pathology"}, {"pc", "prevention & control"}, {"pd", "pharmacology"}, {"ph", "physiology"},
        {"pk", "pharmacokinetics"}, {"po", "poisoning"}, {"pp", "physiopathology"}, {"ps", "parasitology"},
        {"px", "psychology"}, {"py", "pathogenicity"}, {"ra", "radiography"}, {"re", "radiation effects"},
        {"rh", "rehabilitation"}, {"ri", "radionuclide imaging"}, {"rt", "radiotherapy"}, {"sc", "secondary"},
        {"sd", "supply & distribution"}, {"se", "secretion"}, {"sn", "statistics & numerical data"},
        {"st", "standards"}, {"su", "surgery"}, {"td", "trends"}, {"th", "therapy"}, {"tm", "transmission"},
        {"to", "toxicity"}, {"tr", "transplantation"}, {"tu", "therapeutic use"}, {"ul", "ultrastructure"},
        {"ur", "urine"}, {"us", "ultrasonography"}, {"ve", "veterinary"}, {"vi", "virology"},
    };
    return kNames;
}

// A subheading as asked for: its name, and the two letters typed for it
// ("" when written out), which also find Ovid's "ad [drug administration]"
// of Embase, whose abbreviations are not MeSH's.
struct WantedSubheading {
    std::string name, abbreviation;
};

// "x/*drug therapy/genetics" (or Ovid's "x/dt [drug therapy]") holds the
// subheading "drug therapy" (stars mark major topics).
bool lists_subheading(std::string_view subheadings, const WantedSubheading& wanted) {
    std::size_t start = 0;
    while (start <= subheadings.size()) {
        std::size_t end = subheadings.find('/', start);
        if (end == std::string_view::npos) end = subheadings.size();
        std::string_view one = subheadings.substr(start, end - start);
        if (!one.empty() && one.front() == '*') one.remove_prefix(1);
        if (one.size() > 5 && one[2] == ' ' && one[3] == '[' && one.back() == ']') {
            if (one.substr(0, 2) == wanted.abbreviation || ampersand_form(one.substr(4, one.size() - 5)) == wanted.name)
                return true;
        } else if (ampersand_form(one) == wanted.name || (one.size() == 2 && ampersand_form(subheading_name(std::string(one))) == wanted.name)) {
            return true;  // written out, or abbreviated as some exports keep it ("Hypertension/dt")
        }
        start = end + 1;
    }
    return false;
}

WantedSubheading wanted_subheading(const std::string& folded) {
    return {ampersand_form(subheading_name(folded)), folded.size() == 2 ? folded : std::string()};
}

}  // namespace

std::string ampersand_form(std::string_view name) {
    std::string out(name);
    for (std::size_t at; (at = out.find(" and ")) != std::string::npos;) out.replace(at, 5, " & ");
    return out;
}

std::string subheading_name(const std::string& folded) {
    if (folded.size() != 2) return folded;
    const auto& names = subheading_abbreviations();
    const auto it = names.find(folded);
    return it == names.end() ? std::string() : it->second;
}

std::vector<std::string> subheading_terms(const Xapian::Database& db, const std::string& folded) {
    const WantedSubheading wanted = wanted_subheading(folded);
    std::vector<std::string> terms;
    if (wanted.name.empty()) return terms;
    const std::string prefix = schema::kKeyword;
    for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
        const std::string& term = *it;
        const std::size_t slash = term.find('/', prefix.size());
        if (slash != std::string::npos && lists_subheading(std::string_view(term).substr(slash + 1), wanted))
            terms.push_back(term);
    }
    return terms;
}

std::vector<std::string> heading_terms(const Xapian::Database& db, const std::string& folded) {
    std::vector<std::string> terms;
    const std::size_t slash = folded.find('/');
    const std::string heading = folded.substr(0, slash);
    const WantedSubheading subheading =
        slash == std::string::npos ? WantedSubheading{} : wanted_subheading(folded.substr(slash + 1));
    if (heading.empty() || (slash != std::string::npos && subheading.name.empty())) return terms;
    // Headings are stored as their export wrote them: "non-Hodgkin's" with a
    // straight or a typographic apostrophe; either finds both.
    std::vector<std::string> names{heading};
    auto swapped = [&heading](std::string_view from, std::string_view to) {
        std::string out;
        for (std::size_t i = 0; i < heading.size();) {
            if (heading.compare(i, from.size(), from) == 0) out += to, i += from.size();
            else out += heading[i++];
        }
        return out;
    };
    for (const std::string& other : {swapped("'", "\xE2\x80\x99"), swapped("\xE2\x80\x99", "'")})
        if (other != heading) names.push_back(other);
    std::vector<std::string> forms;
    for (const auto& name : names) forms.push_back(name), forms.push_back("*" + name);
    for (const std::string& form : forms) {
        const std::string whole = schema::make_term(schema::kKeyword, form);
        if (subheading.name.empty() && db.term_exists(whole)) terms.push_back(whole);
        const std::string with_subheading = whole + "/";
        for (auto it = db.allterms_begin(with_subheading); it != db.allterms_end(with_subheading); ++it)
            if (subheading.name.empty() || lists_subheading(std::string_view(*it).substr(with_subheading.size()), subheading))
                terms.push_back(*it);
    }
    std::sort(terms.begin(), terms.end());
    return terms;
}

Xapian::Query expansion_query(const std::string& prefix, const std::vector<std::string>& words, bool positional) {
    if (words.empty()) return Xapian::Query::MatchNothing;
    std::vector<Xapian::Query> terms;
    terms.reserve(words.size());
    for (const auto& w : words) terms.emplace_back(prefix + w);
    const auto op = positional ? Xapian::Query::OP_OR : Xapian::Query::OP_SYNONYM;
    return Xapian::Query(op, terms.begin(), terms.end());
}

}  // namespace refdex::query
