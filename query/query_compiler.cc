// Query text -> tokens (query_lexer) -> tree (query_parser) -> Xapian::Query
// (here). This file walks the tree: boolean and proximity operators, and the
// free-text leaves, which become per-field terms, phrases and expansions.
// Exact-value fields are in query_filters.cc, truncation in query_expand.cc.
#include "query_compiler.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "normalise.h"
#include "query_ast.h"
#include "query_expand.h"
#include "query_filters.h"
#include "query_lexer.h"
#include "query_parser.h"
#include "query_words.h"
#include "schema.h"

namespace refdex {

namespace {

using query::Field;
using query::Node;
using query::NodeKind;
using query::QueryWord;
using Xapian::Query;
// nullopt: the clause had nothing searchable in it (e.g. "&") and is dropped.
using MaybeQuery = std::optional<Query>;

// An index field a text leaf is searched in.
struct Target {
    const char* prefix;
    double weight;
    std::string_view label;
};

// How many expansions --explain lists before "…": all of them (at most
// --wildcard-limit), since a review reports its searches in full (PRISMA-S).
constexpr std::size_t kExplainExpansions = static_cast<std::size_t>(-1);

class Compilation {
public:
    Compilation(const Xapian::Database& db, const QueryOptions& options, CompiledQuery& out)
        : db_(db), options_(options), out_(out) {}

    MaybeQuery node(const Node& n, Field field, bool negated) {
        switch (n.kind) {
            case NodeKind::Leaf: return leaf(n, field, negated);
            case NodeKind::MatchAll: return query::weightless(Query::MatchAll);
            case NodeKind::And: return combine(n, field, negated, Query::OP_AND);
            case NodeKind::Or: return combine(n, field, negated, Query::OP_OR);
            case NodeKind::AndNot: return and_not(n, field, negated);
            case NodeKind::Near: case NodeKind::Adj: return proximity(n, field, negated);
            case NodeKind::Fielded: return node(*n.children[0], *n.field, negated);
        }
        return std::nullopt;
    }

private:
    MaybeQuery combine(const Node& n, Field field, bool negated, Query::op op) {
        std::vector<Query> parts;
        for (const auto& child : n.children)
            if (auto q = node(*child, field, negated)) parts.push_back(std::move(*q));
        if (parts.empty()) return std::nullopt;
        if (parts.size() == 1) return parts.front();
        return Query(op, parts.begin(), parts.end());
    }

    MaybeQuery and_not(const Node& n, Field field, bool negated) {
        MaybeQuery kept = node(*n.children[0], field, negated);
        MaybeQuery excluded = node(*n.children[1], field, !negated);
        if (!kept || !excluded) return kept;
        return Query(Query::OP_AND_NOT, *kept, *excluded);
    }

    MaybeQuery leaf(const Node& n, Field inherited, bool negated) {
        const Field field = n.field.value_or(inherited);
        if (field == Field::Heading) return heading_leaf(n, negated, false);
        if (field == Field::Major) return heading_leaf(n, negated, true);
        if (field == Field::Subheading) return subheading_leaf(n, negated);
        if (!query::is_text_field(field)) {
            query::FilterQuery f = query::filter_query(field, n);
            explain(negated, f.explanation);
            return f.query;
        }
        return text_leaf(n, field, negated);
    }

    // One subject heading exactly (Ovid's unexploded X/, PubMed's
    // [mh:noexp]): "Hypertension" is not "Hypertension, Renal".
    // `major`: only where the export marks it a major topic ("*X", "X/*dt").
    MaybeQuery heading_leaf(const Node& n, bool negated, bool major) {
        const std::string folded = fold(n.text);
        // A heading is matched whole: "stress*" was looked up as written and
        // silently matched nothing, where other exact-value fields say why.
        if (!folded.empty() && folded.back() == '*')
            throw QueryError(n.text_offset, "Truncation (*) only works in text fields, not in heading: (a heading is "
                                            "matched whole); search its words with keyword:, as in keyword:" +
                                                folded + ".");
        const std::size_t slash = folded.find('/');
        if (slash != std::string::npos) {
            // "/px" is MeSH's abbreviation of "/psychology" (heading_terms reads it).
            if (query::subheading_name(folded.substr(slash + 1)).empty()) {
                // The offset is in the text as typed: folding may change its length.
                const std::size_t typed_slash = std::min(n.text.find('/'), n.text.size());
                throw QueryError(n.text_offset + typed_slash, "/" + folded.substr(slash + 1) +
                                                                  " abbreviates no MeSH subheading; write the "
                                                                  "subheading out (/psychology).");
            }
        }
        auto terms = query::heading_terms(db_, folded);
        if (major) {
            constexpr std::size_t from = std::string_view(schema::kKeyword).size();
            terms.erase(std::remove_if(terms.begin(), terms.end(),
                                       [](const std::string& t) {
                                           return t.compare(from, 1, "*") != 0 && t.find("/*", from) == std::string::npos;
                                       }),
                        terms.end());
            explain_keyword_terms(negated, "major topic \"" + folded + "\" (the heading exactly; refdex has no MeSH tree to "
                                           "explode): " + std::to_string(terms.size()) +
                                           (terms.size() == 1 ? " form" : " forms") + " in the index", terms);
        } else {
            explain_keyword_terms(negated, "heading \"" + folded + "\": " + std::to_string(terms.size()) +
                                               (terms.size() == 1 ? " form" : " forms") + " in the index", terms);
        }
        if (terms.empty() && slash != std::string::npos) warn_unknown_subheading(folded.substr(0, slash), folded.substr(slash + 1));
        return any_keyword_term(terms);
    }

    // "<what>: a, b, c, …": the whole-keyword terms found, without their prefix.
    void explain_keyword_terms(bool negated, std::string line, const std::vector<std::string>& terms) {
        for (std::size_t i = 0; i < terms.size() && i < kExplainExpansions; ++i)
            line += (i ? ", " : ": ") + terms[i].substr(std::string_view(schema::kKeyword).size());
        if (terms.size() > kExplainExpansions) line += ", …";
        explain(negated, line);
    }

    static Query any_keyword_term(const std::vector<std::string>& terms) {
        if (terms.empty()) return query::weightless(Query::MatchNothing);
        return query::weightless(Query(Query::OP_OR, terms.begin(), terms.end()));
    }

    // A floating subheading (Ovid's .fs., PubMed's [sh]): every heading
    // the index holds with it, as the keywords give them.
    MaybeQuery subheading_leaf(const Node& n, bool negated) {
        const std::string folded = fold(n.text);
        const std::string name = query::subheading_name(folded);
        if (name.empty())
            throw QueryError(n.text_offset, "'" + folded + "' abbreviates no MeSH subheading; write it out "
                                                           "(subheading:\"drug therapy\") or use its abbreviation (dt).");
        const auto terms = query::subheading_terms(db_, folded);
        explain_keyword_terms(negated, "subheading \"" + name + "\": " + std::to_string(terms.size()) +
                                           (terms.size() == 1 ? " heading" : " headings") + " with it in the index",
                              terms);
        return any_keyword_term(terms);
    }

    // refdex has no list of MeSH qualifiers: what the index holds under the
    // heading is the list to check a misspelt or abbreviated one against.
    void warn_unknown_subheading(const std::string& heading, const std::string& subheading) {
        std::set<std::string> held;
        const auto terms = query::heading_terms(db_, heading);
        if (terms.empty()) return;  // the heading is not there at all: nothing to correct
        for (const std::string& term : terms) {
            const std::size_t slash = term.find('/');
            for (std::size_t start = slash; start != std::string::npos;) {
                const std::size_t end = term.find('/', start + 1);
                std::string one = term.substr(start + 1, end == std::string::npos ? std::string::npos : end - start - 1);
                if (!one.empty() && one[0] == '*') one.erase(0, 1);
                if (!one.empty()) held.insert(one);
                start = end;
            }
        }
        std::string list;
        std::size_t listed = 0;
        for (const auto& one : held) {
            if (listed++ == 12) {
                list += ", …";
                break;
            }
            list += (list.empty() ? "" : ", ") + one;
        }
        add_unique(out_.warnings, "heading \"" + heading + "\" has no subheading \"" + subheading +
                                      "\" in the index, so it matches nothing; " +
                                      (held.empty() ? "it has no subheadings there" : "its subheadings there: " + list));
    }

    std::vector<Target> targets(Field field) const {
        const QueryOptions& o = options_;
        switch (field) {
            case Field::Any:
                return {{schema::kTitleText, o.title_weight, "title"},
                        {schema::kAbstractText, o.abstract_weight, "abstract"},
                        {schema::kKeywordText, o.keyword_weight, "keywords"},
                        {schema::kAuthorText, o.author_weight, "author"}};
            case Field::TiAb:
                return {{schema::kTitleText, o.title_weight, "title"},
                        {schema::kAbstractText, o.abstract_weight, "abstract"}};
            case Field::Text:
                return {{schema::kTitleText, o.title_weight, "title"},
                        {schema::kAbstractText, o.abstract_weight, "abstract"},
                        {schema::kKeywordText, o.keyword_weight, "keywords"}};
            case Field::Title: return {{schema::kTitleText, 1.0, "title"}};
            case Field::Abstract: return {{schema::kAbstractText, 1.0, "abstract"}};
            case Field::Keyword: return {{schema::kKeywordText, 1.0, "keywords"}};
            case Field::Author: return {{schema::kAuthorText, 1.0, "author"}};
            case Field::Journal: return {{schema::kJournalText, 1.0, "journal"}};
            default: return {};
        }
    }

    // Words of `leaf` as the index holds them in `target`. Author names are
    // split like names; a several-word author: value is read as one person's
    // name in any style. Unqualified text is never reordered as a name.
    static std::vector<QueryWord> words_for(const Node& leaf, Field field, const Target& target) {
        if (std::string_view(target.prefix) != schema::kAuthorText)
            return query::text_words(leaf.text, leaf.text_offset);
        const bool several = leaf.text.find_first_of(" \t,") != std::string::npos;
        if (field == Field::Author && several) return query::author_phrase_words(leaf.text, leaf.text_offset);
        return query::name_words(leaf.text, leaf.text_offset);
    }

    // A possessive is indexed as a word of its own ("parkinson's", "women's"),
    // so a word and its possessive are searched together, whichever was
    // typed: "parkinson disease" finds "Parkinson's disease". Only forms the
    // index holds are added.
    std::vector<std::string> possessive_forms(const Target& target, const std::string& word) const {
        constexpr std::string_view kPossessive = "'s";
        const bool typed = word.size() > kPossessive.size() &&
                           word.compare(word.size() - kPossessive.size(), kPossessive.size(), kPossessive) == 0;
        const std::string other = typed ? word.substr(0, word.size() - kPossessive.size()) : word + std::string(kPossessive);
        std::vector<std::string> forms{word};
        if (db_.term_exists(schema::make_term(target.prefix, other))) forms.push_back(other);
        return forms;
    }

    // One word in one field: a term (with its possessive), or the expansions of a stem.
    Query word_query(const Target& target, const QueryWord& w, bool positional) {
        if (!w.truncated) {
            const auto forms = possessive_forms(target, w.word);
            if (forms.size() == 1) return Query(schema::make_term(target.prefix, w.word));
            expansions_[spell(w)].insert(forms.begin(), forms.end());
            return query::expansion_query(target.prefix, forms, positional);
        }
        auto words = w.pattern.empty()
                         ? query::expand_stem(db_, target.prefix, w.word, options_.wildcard_limit, target.label, w.offset)
                         : query::expand_pattern(db_, target.prefix, w.pattern, options_.wildcard_limit,
                                                 target.label, w.offset);
        // A pattern such as "parkinson$" or "wom?n" also finds the possessives
        // of what it matches, as a plain word does ("women's").
        if (!w.pattern.empty()) {
            auto possessives = query::expand_pattern(db_, target.prefix, w.pattern + "'s", options_.wildcard_limit,
                                                     target.label, w.offset);
            words.insert(words.end(), possessives.begin(), possessives.end());
            std::sort(words.begin(), words.end());
            words.erase(std::unique(words.begin(), words.end()), words.end());
        }
        expansions_[spell(w)].insert(words.begin(), words.end());
        return query::expansion_query(target.prefix, words, positional);
    }

    // One word, or a phrase of several, in one field; nullopt for no words.
    MaybeQuery words_query(const Target& target, const std::vector<QueryWord>& words) {
        if (words.empty()) return std::nullopt;
        if (words.size() == 1) return word_query(target, words.front(), false);
        std::vector<Query> parts;
        for (const auto& w : words) parts.push_back(word_query(target, w, true));
        return Query(Query::OP_PHRASE, parts.begin(), parts.end());
    }

    static Query weighted(Query q, double weight) {
        if (weight == 1.0) return q;
        return Query(Query::OP_SCALE_WEIGHT, q, weight);
    }

    // Positions are only comparable within one field, so a phrase in several
    // fields is an OR of per-field phrases.
    MaybeQuery text_leaf(const Node& n, Field field, bool negated) {
        expansions_.clear();
        std::vector<Query> per_field;
        std::vector<QueryWord> shown;
        bool surname_as_typed = false;
        for (const Target& target : targets(field)) {
            const auto words = words_for(n, field, target);
            if (shown.empty()) shown = words;
            auto q = words_query(target, words);
            if (!q) continue;
            // "van de schoot", "galatzer levy": several words without a comma
            // read as given names first, which a surname of several words
            // typed alone is not; it is searched as typed too.
            if (field == Field::Author && std::string_view(target.prefix) == schema::kAuthorText &&
                n.text.find(',') == std::string::npos && n.text.find_first_of(query::kWildcards) == std::string::npos) {
                const auto as_typed = query::name_words(n.text, n.text_offset);
                const auto same_words = [](const QueryWord& a, const QueryWord& b) { return a.word == b.word; };
                if (as_typed.size() > 1 && !std::equal(as_typed.begin(), as_typed.end(), words.begin(), words.end(), same_words)) {
                    if (auto alternative = words_query(target, as_typed)) {
                        q = Query(Query::OP_OR, *q, *alternative);
                        surname_as_typed = true;
                    }
                }
            }
            per_field.push_back(weighted(std::move(*q), target.weight));
        }
        if (field == Field::Journal && n.text.find_first_of(query::kWildcards) == std::string::npos)
            per_field.push_back(query::weightless(Query(schema::make_term(schema::kJournal, fold(n.text)))));
        if (per_field.empty()) return std::nullopt;
        explain_leaf(field, negated, shown);
        if (surname_as_typed) explain(negated, "author: or the surname \"" + spell(query::name_words(n.text, n.text_offset), " ") + "\" (a surname of several words)");
        note_words(field, negated, shown);
        if (per_field.size() == 1) return per_field.front();
        return Query(Query::OP_OR, per_field.begin(), per_field.end());
    }

    // --- NEAR / ADJ ----------------------------------------------------

    // The field of a chain: the one field given on any of its words (so
    // "author:muller NEAR/5 pacho" stays in author), else the inherited one.
    static Field chain_field(const Node& n, Field inherited) {
        std::optional<Field> given;
        for (const auto& child : n.children) {
            if (!child->field) continue;
            if (given && *given != *child->field)
                throw QueryError(child->offset, "All words joined by NEAR/ADJ must be searched in the same field.");
            given = child->field;
        }
        const Field field = given.value_or(inherited);
        if (!query::is_text_field(field))
            throw QueryError(n.offset, "NEAR and ADJ only work in text fields, not in " +
                                           std::string(query::field_label(field)) + ":.");
        return field;
    }

    MaybeQuery proximity(const Node& n, Field inherited, bool negated) {
        const Field field = chain_field(n, inherited);
        const bool ordered = n.kind == NodeKind::Adj;
        unsigned span = 0;
        for (unsigned gap : n.gaps) span += gap;
        // Xapian's window counts positions: words at most `span` apart fit
        // in a window of span + 1 (window 2 = adjacent).
        const Xapian::termcount window = span + 1;
        expansions_.clear();
        std::vector<Query> per_field;
        bool phrase_inside = false;
        for (const Target& target : targets(field)) {
            // Xapian 1.4 cannot nest a phrase inside NEAR: a phrase operand
            // ("ejection fraction" NEAR/5 preserved) is searched as itself,
            // and its words join the chain, the window widened by its extra
            // words: slightly broader than the Cochrane Library or Ovid,
            // which tie the phrase itself to the window.
            std::vector<Query> parts, phrases;
            Xapian::termcount widened = window;
            for (const auto& child : n.children) {
                const std::vector<QueryWord> words = operand_words(*child, field, target);
                std::vector<Query> own;
                for (const QueryWord& w : words) own.push_back(word_query(target, w, true));
                if (own.size() > 1) {
                    phrase_inside = true;
                    widened += static_cast<Xapian::termcount>(own.size() - 1);
                    phrases.emplace_back(Query::OP_PHRASE, own.begin(), own.end(), static_cast<Xapian::termcount>(own.size()));
                }
                parts.insert(parts.end(), own.begin(), own.end());
            }
            Query q(ordered ? Query::OP_PHRASE : Query::OP_NEAR, parts.begin(), parts.end(), widened);
            if (!phrases.empty()) {
                phrases.push_back(std::move(q));
                q = Query(Query::OP_AND, phrases.begin(), phrases.end());
            }
            per_field.push_back(weighted(std::move(q), target.weight));
        }
        explain_proximity(n, field, negated, ordered);
        if (phrase_inside)
            explain(negated, "a phrase in the chain: the phrase itself, and its words within the window widened by its "
                             "extra words (slightly broader than tying the phrase to the window)");
        for (const auto& child : n.children)
            note_words(field, negated, query::text_words(child->text, child->text_offset));
        if (per_field.size() == 1) return per_field.front();
        return Query(Query::OP_OR, per_field.begin(), per_field.end());
    }

    // An operand's words in one field: one word, or a phrase's words.
    static std::vector<QueryWord> operand_words(const Node& leaf, Field field, const Target& target) {
        auto words = words_for(leaf, field, target);
        if (words.empty())
            throw QueryError(leaf.offset, "NEAR and ADJ need a word on each side; '" + leaf.text + "' has none in " +
                                              std::string(target.label) + ".");
        return words;
    }

    // --- explanation and highlighting -------------------------------------

    void explain(bool negated, const std::string& line) { out_.explanation.push_back((negated ? "NOT " : "") + line); }

    // A word as the user meant it: "care", "integrat*", "wom?n".
    static std::string spell(const QueryWord& w) {
        if (!w.pattern.empty()) return w.pattern;
        return w.word + (w.truncated ? "*" : "");
    }

    static std::string spell(const std::vector<QueryWord>& words, const std::string& separator) {
        std::string out;
        for (const auto& w : words) {
            if (!out.empty()) out += separator;
            out += spell(w);
        }
        return out;
    }

    void explain_leaf(Field field, bool negated, const std::vector<QueryWord>& words) {
        const std::string label(query::field_label(field));
        const char* kind = words.size() > 1 ? "phrase" : "word";
        explain(negated, label + ": " + kind + " \"" + spell(words, " ") + "\"");
        explain_expansions(negated);
    }

    void explain_proximity(const Node& n, Field field, bool negated, bool ordered) {
        std::string line = std::string(query::field_label(field)) + ": ";
        for (std::size_t i = 0; i < n.children.size(); ++i) {
            if (i) line += std::string(ordered ? " ADJ/" : " NEAR/") + std::to_string(n.gaps[i - 1]) + " ";
            line += n.children[i]->text;
        }
        explain(negated, line + (ordered ? " (in this order)" : " (any order)"));
        explain_expansions(negated);
    }

    // "integrat* -> 12 terms: integrate, integrated, …" for each stem or
    // pattern of the clause just compiled, over all the fields searched.
    void explain_expansions(bool negated) {
        for (const auto& [typed, words] : expansions_) {
            std::string line = typed + " -> " + std::to_string(words.size()) + (words.size() == 1 ? " term" : " terms");
            std::size_t shown = 0;
            for (const auto& w : words) {
                line += (shown ? ", " : ": ") + w;
                if (++shown == kExplainExpansions && words.size() > shown) {
                    line += ", …";
                    break;
                }
            }
            explain(negated, line);
        }
    }

    static void add_unique(std::vector<std::string>& list, const std::string& word) {
        if (std::find(list.begin(), list.end(), word) == list.end()) list.push_back(word);
    }

    // Words searched for (not excluded) are highlighted; plain unqualified
    // words are also the candidates for spelling suggestions.
    void note_words(Field field, bool negated, const std::vector<QueryWord>& words) {
        if (negated) return;
        for (const auto& w : words) {
            add_unique(w.truncated ? out_.highlight_prefixes : out_.highlight_words, w.word);
            // Title and abstract words too: "did you mean" draws on their terms,
            // and the suggestion keeps the field as typed (ti:depresion -> ti:depression).
            const bool spelt = field == Field::Any || field == Field::Title || field == Field::Abstract ||
                               field == Field::TiAb || field == Field::Text;
            if (spelt && !w.truncated) add_unique(out_.plain_words, w.word);
        }
    }

    const Xapian::Database& db_;
    const QueryOptions& options_;
    CompiledQuery& out_;
    std::map<std::string, std::set<std::string>> expansions_;  // of the clause being compiled
};

CompiledQuery compile_tree(const Xapian::Database& db, const QueryOptions& options, std::string_view text) {
    CompiledQuery out;
    const auto tokens = query::tokenize(text);
    const query::NodePtr root = query::parse(text, tokens);
    out.explanation.push_back("parsed: " + query::render(*root));
    if (root->kind == NodeKind::MatchAll) {
        out.query = Query::MatchAll;
        out.explanation.push_back("every record");
        return out;
    }
    MaybeQuery q = Compilation(db, options, out).node(*root, Field::Any, false);
    if (q) {
        out.query = std::move(*q);
    } else {
        out.query = Query::MatchNothing;
        out.explanation.push_back("no searchable words: nothing matches");
    }
    return out;
}

}  // namespace

QueryCompiler::QueryCompiler(const Xapian::Database& db, QueryOptions options) : db_(db), options_(options) {}

CompiledQuery QueryCompiler::compile(std::string_view text) const {
    try {
        return compile_tree(db_, options_, query::ascii_spaces(text));
    } catch (const Xapian::Error& e) {
        // Xapian::Error is not a std::exception; callers only expect QueryError.
        throw QueryError(0, "The index could not be read while compiling the query: " + e.get_description());
    }
}

}  // namespace refdex
