// Strategy lines -> refdex query text. The grammar, per line:
//
//   line     := number body
//   number   := '#' N          PubMed style
//             | N '.' | N ' '  Ovid style (also Ovid's export, "1     exp X/")
//   An Ovid-numbered body that uses [tags] or #N references is read as
//   PubMed, so "3. #1 AND #2" works too.
//
// PubMed bodies are refdex syntax already (tags, AND/OR/NOT, "phrases",
// trailing *), so they are copied with these rewrites:
//   #N                      -> (query of line N)
//   and/or/not in any case  -> AND/OR/NOT (PubMed ignores them as words)
//   Search: at the start    -> dropped (PubMed's history prefix)
//   [mesh] -> [mh];  [mesh:noexp] -> [mh:noexp];  [majr] [majr:noexp] [mesh major topic] -> [majr]
//   "a b"[tiab:~N]          -> (a NEAR/N+1 b)[tiab]  (at most N words between, any order)
//   a OR b AND c            -> (a OR b) AND c (PubMed reads operators left to right;
//                              only groups mixing operators get the parentheses)
//   2015/01/01:2020/12/31[dp] -> 2015:2020[dp]
//   "2015"[dp] : "2020/12/31"[Date - Publication] -> 2015:2020[dp] (PubMed's search details)
//
// Ovid bodies are parsed (precedence: adj, then and/not left to right, then
// or) and rendered fully parenthesised:
//   word word               -> "word word" (Ovid searches adjacent words as a phrase)
//   X.ti.  X.ab.  X.ti,ab.  -> title:X  abstract:X  tiab:X
//   X.tw.                   -> tiab:X (Ovid's text words: title and abstract)
//   X.mp.                   -> text:X (title, abstract and keywords; never authors)
//   X.au.                   -> author:X ("wistow g.au." -> author:"wistow g")
//   X.kw. .kf. .sh. .hw.    -> keyword:X;  .jn. .jx. .jw. -> journal:X
//   X.yr.  X.lg.  X.pt.     -> year:X (2015, 2015-2020)  lang:X  type:X
//   other field lists       -> OR over the fields, e.g. .ti,kw. -> (title:X OR keyword:X)
//   (group).ti,ab.          -> tiab:(group)
//   X/   *X/                -> heading:"X" (that heading exactly, any subheading)
//   exp X/                  -> keyword:"X" (no thesaurus: headings containing X stand in)
//   a adj b                 -> a ADJ/1 b   (adjacent, in this order)
//   a adjN b                -> a NEAR/N b  (within N words, any order)
//   (a or b) adjN c         -> ((a NEAR/N c) OR (b NEAR/N c))
//   a b adjN c (a phrase)   -> ("a b" AND a NEAR/N+1 c AND b NEAR/N+1 c);  a b adj c -> "a b c"
//   and or not              -> AND OR NOT;   N (a bare line number) -> (query of line N)
//   or/1-3,5  and/1,2       -> (q1) OR (q2) OR (q3) OR (q5)
//   limit N to yr="A-B"     -> (qN) AND year:A..B   (yr="A-Current": year:A..)
//   limit N to X language   -> (qN) AND lang:<code of X>; several limits joined by "and"
//   remove duplicates from N -> (qN) (refdex always reports deduplicated counts)
//   word truncation         -> $ -> *,  $N -> N x $,  # -> ?,  ? -> $
//   [mp=...] annotations and a trailing "(123)" hit count are ignored, and so
//   are the tab-separated columns after the search in a row copied from a
//   database's history ("X.mp.<TAB>123<TAB>Advanced"; any dialect).
#include "strategy_parser.h"

#include <algorithm>
#include <cctype>
#include <functional>
#include <map>
#include <optional>
#include <regex>
#include <set>

#include "normalise.h"
#include "query_expand.h"
#include "query_fields.h"
#include "query_lexer.h"

namespace refdex::strategy {

namespace {

using Match = std::match_results<std::string_view::const_iterator>;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }
bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::size_t char_position(std::string_view line, std::size_t byte) {
    byte = std::min(byte, line.size());
    std::size_t chars = 0;
    for (std::size_t i = 0; i < byte; ++i)
        if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80) ++chars;
    return chars + 1;
}

// The query text being written, with where each piece came from.
class Builder {
public:
    void copy(std::string_view s, std::size_t in) { add(s, in, true); }
    void gen(std::string_view s, std::size_t in) { add(s, in, false); }
    void append(const Builder& other) {
        for (Segment seg : other.map_) {
            seg.out += text_.size();
            map_.push_back(seg);
        }
        text_ += other.text_;
    }
    // Drops trailing spaces (and the segments that were only those), so
    // that generated text can go before them.
    void drop_trailing_space() {
        while (!text_.empty() && text_.back() == ' ') {
            text_.pop_back();
            while (!map_.empty() && map_.back().out >= text_.size()) map_.pop_back();
        }
    }
    const std::string& text() const { return text_; }
    const std::vector<Segment>& map() const { return map_; }

private:
    void add(std::string_view s, std::size_t in, bool copied) {
        map_.push_back({text_.size(), in, copied});
        text_ += s;
    }
    std::string text_;
    std::vector<Segment> map_;
};

// What is known while one line is translated.
struct Context {
    std::string_view line;
    std::size_t file_line = 0;
    unsigned number = 0;
    const std::vector<StrategyLine>& done;         // earlier lines
    const std::map<unsigned, std::size_t>& later;  // all numbers -> file line
    std::vector<std::string>& notes;
    std::vector<unsigned>& refs;

    [[noreturn]] void fail(std::size_t byte, const std::string& message) const {
        throw StrategyError(file_line, char_position(line, byte), message);
    }

    void note(const std::string& text) const {
        if (std::find(notes.begin(), notes.end(), text) == notes.end()) notes.push_back(text);
    }

    // The query of line `n`, which must come before this one.
    const std::string& ref(unsigned n, std::size_t at) const {
        for (const auto& l : done)
            if (l.number == n) return l.query;
        if (n == number) fail(at, "line " + std::to_string(n) + " refers to itself.");
        if (later.count(n))
            fail(at, "line " + std::to_string(n) + " comes later (file line " + std::to_string(later.at(n)) +
                         "); a line can only combine the lines before it.");
        fail(at, "there is no line " + std::to_string(n) + ".");
    }

    void gen_ref(Builder& b, unsigned n, std::size_t at) const {
        b.gen("(" + ref(n, at) + ")", at);
        refs.push_back(n);
    }
};

// "dt, *th" -> {"dt", "th"}: a comma list's items, spaces and Ovid's
// major-topic stars dropped, as typed otherwise.
std::vector<std::string> subheading_list(std::string_view list) {
    std::vector<std::string> out;
    for (std::size_t start = 0; start <= list.size();) {
        const std::size_t comma = std::min(list.find(',', start), list.size());
        std::string_view one = list.substr(start, comma - start);
        while (!one.empty() && (is_space(one.front()) || one.front() == '*')) one.remove_prefix(1);
        while (!one.empty() && is_space(one.back())) one.remove_suffix(1);
        out.emplace_back(one);
        start = comma + 1;
    }
    return out;
}

unsigned parse_number(const Context& c, std::string_view digits, std::size_t at) {
    if (digits.empty() || digits.size() > 6) c.fail(at, "'" + std::string(digits) + "' is not a line number.");
    unsigned n = 0;
    for (char d : digits) n = n * 10 + static_cast<unsigned>(d - '0');
    return n;
}

// ---- PubMed ------------------------------------------------------------------

// A PubMed tag refdex spells differently, or nullopt to keep it as typed.
std::optional<std::string> pubmed_tag(const Context& c, std::string_view tag) {
    std::string t = query::tag_key(tag);
    const bool noexp = t.size() > 6 && t.substr(t.size() - 6) == ":noexp";
    if (noexp) t.resize(t.size() - 6);
    if (t == "majr" || t == "mesh major topic") {
        c.note("[majr]: the heading exactly, where the record marks it a major topic (*X, X/*dt); refdex has no "
               "MeSH tree, so PubMed's explosion to narrower headings is not done.");
        return std::optional<std::string>("majr");
    }
    static const std::set<std::string> kMesh{"mh", "mesh", "mesh terms"};
    if (!kMesh.count(t)) return std::nullopt;
    if (noexp) {
        c.note("[mh:noexp]: the heading exactly, with or without subheadings, as the keywords give it.");
        return std::optional<std::string>("mh:noexp");
    }
    c.note("[mh]: refdex has no MeSH tree, so a heading is searched as words in the keywords (which also "
           "finds headings that contain it, such as \"Hypertension, Renal\" for hypertension); PubMed "
           "would explode to the narrower headings of its tree instead.");
    return t == "mh" ? std::nullopt : std::optional<std::string>("mh");
}

// "2015/01/01:2020/12/31" -> "2015:2020" (refdex years have no months).
std::optional<std::string> pubmed_date_range(std::string_view run) {
    static const std::regex kRange(R"((\d{4})(?:/\d{1,2}(?:/\d{1,2})?)?:(\d{4})(?:/\d{1,2}(?:/\d{1,2})?)?)");
    std::match_results<std::string_view::const_iterator> m;
    if (!std::regex_match(run.begin(), run.end(), m, kRange) || run.find('/') == std::string_view::npos)
        return std::nullopt;
    return m[1].str() + ":" + m[2].str();
}

bool is_date_tag_name(const std::string& tag) {
    return tag == "dp" || tag == "pdat" || tag == "publication date" || tag == "date - publication";
}

bool is_date_tag(std::string_view line, std::size_t at) {
    if (at >= line.size() || line[at] != '[') return false;
    const auto close = line.find(']', at);
    if (close == std::string_view::npos) return false;
    return is_date_tag_name(lower(line.substr(at + 1, close - at - 1)));
}

// PubMed's "Search details" writes a date range as two tagged dates around a
// colon: "2000"[dp] : "2005/12/31"[Date - Publication]. Writes "2000:2005[dp]"
// and returns the position after it, or npos when `at` starts no such range.
std::size_t pubmed_quoted_date_range(const Context& c, Builder& b, std::size_t at) {
    static const std::regex kRange(
        R"re("(\d{4})(?:/\d{1,2}(?:/\d{1,2})?)?"\[([^\]]+)\]\s*:\s*"(\d{4})(?:/\d{1,2}(?:/\d{1,2})?)?"\[([^\]]+)\])re");
    const std::string_view rest = c.line.substr(at);
    std::match_results<std::string_view::const_iterator> m;
    if (!std::regex_search(rest.begin(), rest.end(), m, kRange, std::regex_constants::match_continuous) ||
        !is_date_tag_name(lower(m[2].str())) || !is_date_tag_name(lower(m[4].str())))
        return std::string_view::npos;
    b.gen(m[1].str() + ":" + m[3].str() + "[dp]", at);
    return at + static_cast<std::size_t>(m.length(0));
}

// "a b"[tiab:~3] (PubMed proximity): the phrase's words within N of each
// other, any order. Returns the position after the tag, or npos.
std::size_t pubmed_proximity(const Context& c, Builder& b, std::size_t open, std::size_t close) {
    static const std::regex kTag(R"(\[\s*([A-Za-z/ ]+):~(\d{1,3})\s*\])");
    const std::string_view s = c.line;
    if (close + 1 >= s.size() || s[close + 1] != '[') return std::string_view::npos;
    const auto end = s.find(']', close + 1);
    if (end == std::string_view::npos) return std::string_view::npos;
    std::match_results<std::string_view::const_iterator> m;
    const std::string_view tag = s.substr(close + 1, end - close);
    if (!std::regex_match(tag.begin(), tag.end(), m, kTag)) return std::string_view::npos;
    // PubMed's N is how many words may stand between (NLM: "hip pain"[tiab:~2]
    // finds "pain in right hip"); refdex's NEAR/N is a window of N positions,
    // so N words apart need NEAR/N+1 (and ~0, adjacent in any order, NEAR/1).
    const std::string n = std::to_string(std::stoul(m[2].str()) + 1);
    b.gen("(", open);
    bool first = true;
    for (std::size_t i = open + 1; i < close;) {
        while (i < close && is_space(s[i])) ++i;
        const std::size_t w = i;
        while (i < close && !is_space(s[i])) ++i;
        if (w == i) break;
        if (!first) b.gen(" NEAR/" + n + " ", w);
        b.copy(s.substr(w, i - w), w);
        first = false;
    }
    b.gen(")[" + m[1].str() + "]", close + 1);
    return end + 1;
}

// The end of the word run starting at `i`: up to a space, a parenthesis, a
// quote or a tag.
std::size_t pubmed_run_end(std::string_view s, std::size_t i) {
    while (i < s.size() && !is_space(s[i]) && std::string_view("()\"[").find(s[i]) == std::string_view::npos) ++i;
    return i;
}

bool is_boolean_word(std::string_view run) {
    const std::string word = lower(run);
    return word == "and" || word == "or" || word == "not";
}

// The Cochrane Library's field suffix after a word, phrase or group
// ("hypertens*:ti,ab,kw", "(a OR b):ti,ab"): the position of its ':' in
// `run`, or npos.
std::size_t cochrane_suffix(std::string_view run) {
    // Codes refdex maps, and others the Library has (tw, mh, an, la, doi): those are errors, not words.
    // Embase.com adds de (index terms), jt (journal), it (publication type), py (year) and others it has.
    static const std::regex kSuffix(
        R"(:((ti|ab|kw|au|so|pt|tw|mh|an|la|doi|de|jt|it|py|tt|tn|dn|lnk|ad|ca)(,(ti|ab|kw|au|so|pt|tw|mh|an|la|doi|de|jt|it|py|tt|tn|dn|lnk|ad|ca))*))",
        std::regex::icase);
    const std::size_t colon = run.rfind(':');
    if (colon == std::string_view::npos) return colon;
    const std::string_view codes = run.substr(colon);
    return std::regex_match(codes.begin(), codes.end(), kSuffix) ? colon : std::string_view::npos;
}

// The refdex tag for a Cochrane Library field list ("ti,ab,kw" -> [tw]).
std::string cochrane_tag(const Context& c, std::string_view codes, std::size_t at) {
    std::set<std::string> set;
    std::size_t start = 0;
    const std::string lowered = lower(codes);
    while (start <= lowered.size()) {
        const auto comma = std::min(lowered.find(',', start), lowered.size());
        set.insert(lowered.substr(start, comma - start));
        start = comma + 1;
    }
    // Embase.com's author keywords (kw) and index terms (de) are both in
    // refdex's keywords.
    if (set.erase("de")) set.insert("kw");
    // Embase.com's original-language title: refdex indexes a record's titles together.
    if (set.erase("tt")) {
        set.insert("ti");
        c.note(":tt (original title): searched as the title, where refdex indexes a record's other titles too.");
    }
    static const std::map<std::set<std::string>, std::string> kTags{
        {{"ti", "ab", "kw"}, "[tw]"}, {{"ti", "ab"}, "[tiab]"}, {{"ti"}, "[ti]"}, {{"ab"}, "[ab]"},
        {{"kw"}, "[kw]"},             {{"au"}, "[au]"},         {{"so"}, "[ta]"}, {{"jt"}, "[ta]"},
        {{"pt"}, "[pt]"},             {{"it"}, "[pt]"},         {{"la"}, "[la]"}, {{"py"}, "[dp]"},
    };
    const auto it = kTags.find(set);
    if (it == kTags.end())
        c.fail(at, "the field list :" + std::string(codes) + " has no refdex equivalent; use :ti,ab,kw, :ti,ab, or one "
                   "field, or split the search over lines.");
    return it->second;
}

// Whether the term just before the tag at `open` ("Veterans/psychology[mh]",
// "\"Stress Disorders, Post-Traumatic/psychology\"[mh]") names a subheading.
bool has_subheading(std::string_view s, std::size_t open) {
    if (open == 0) return false;
    std::size_t start = open;
    if (s[open - 1] == '"') {
        const auto quote = open >= 2 ? s.rfind('"', open - 2) : std::string_view::npos;
        if (quote == std::string_view::npos) return false;
        start = quote;
    } else {
        while (start > 0 && !is_space(s[start - 1]) && s[start - 1] != '(') --start;
    }
    return s.substr(start, open - start).find('/') != std::string_view::npos;
}

// NEAR, NEAR/n, ADJ, ADJ/n (refdex), NEXT (the Cochrane Library) and
// NEXT/n (Embase.com).
bool is_proximity_word(std::string_view run, bool any_case = false) {
    if (any_case) {
        std::string upper(run);
        for (char& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        return is_proximity_word(upper);
    }
    if (run == "NEXT") return true;
    for (std::string_view op : {"NEAR", "ADJ", "NEXT"})
        if (run.substr(0, op.size()) == op &&
            (run.size() == op.size() || (run[op.size()] == '/' && run.size() > op.size() + 1 &&
                                         std::all_of(run.begin() + static_cast<std::ptrdiff_t>(op.size()) + 1, run.end(),
                                                     [](char d) { return is_digit(d); }))))
            return true;
    return false;
}

// Whether a tag follows `j`, after spaces ("blind[tiab]", "blind [tiab]":
// PubMed takes both, and the Cochrane Handbook prints the second).
bool tag_follows(std::string_view s, std::size_t j) {
    while (j < s.size() && is_space(s[j])) ++j;
    return j < s.size() && s[j] == '[';
}

// Whether the run of bare words that `i` is in ends in a tag ("integrated
// care[tiab]", "double blind [tiab]"): then the tag makes the run one
// phrase, not words ANDed.
bool run_ends_in_tag(std::string_view s, std::size_t i, bool central) {
    while (i < s.size()) {
        const std::size_t j = pubmed_run_end(s, i);
        if (j == i || is_boolean_word(s.substr(i, j - i)) || is_proximity_word(s.substr(i, j - i), central) || s[i] == '#')
            return false;
        if (tag_follows(s, j)) return true;
        i = j;
        while (i < s.size() && is_space(s[i])) ++i;
    }
    return false;
}

// ---- Embase.com ----------------------------------------------------------------

// A line in Embase.com's syntax: a 'single-quoted' term, an Emtree suffix
// ('heart failure'/exp, /de, /mj), a limit ([english]/lim, [2015-2020]/py,
// [article]/it) or NEXT/n. PubMed has none of these.
bool is_embase_line(std::string_view s, std::size_t i) {
    static const std::regex kEmbase(
        R"((^|[\s(])'[^']+'(?=$|[\s):/,])|[\w'*]/(exp|de|mj)\b|\]\s*/(lim|py|it)\b|\bnext/\d)", std::regex::icase);
    return std::regex_search(s.begin() + static_cast<std::ptrdiff_t>(i), s.end(), kEmbase);
}

// The closing quote of an Embase.com 'phrase' opening at `open` (the next
// quote that ends a term, so "'crohn's disease'" keeps its apostrophe), or npos.
std::size_t embase_phrase_end(std::string_view s, std::size_t open) {
    for (auto q = s.find('\'', open + 1); q != std::string_view::npos; q = s.find('\'', q + 1))
        if (q + 1 == s.size() || is_space(s[q + 1]) || std::string_view("):/,").find(s[q + 1]) != std::string_view::npos)
            return q;
    return std::string_view::npos;
}

// Whether `at` starts an Embase.com 'phrase': a quote where a term starts.
bool starts_embase_phrase(std::string_view s, std::size_t at) {
    return s[at] == '\'' && (at == 0 || is_space(s[at - 1]) || s[at - 1] == '(') &&
           embase_phrase_end(s, at) != std::string_view::npos;
}

// The end of an Emtree suffix ("/exp", "/de", "/exp/mj") at `at`, with its
// codes, lower-cased; `at` itself when there is none.
std::size_t emtree_suffix_end(std::string_view s, std::size_t at, std::vector<std::string>* codes) {
    std::size_t end = at;
    while (end < s.size() && s[end] == '/') {
        std::size_t j = end + 1;
        while (j < s.size() && (std::isalpha(static_cast<unsigned char>(s[j])) || s[j] == '_')) ++j;
        if (j == end + 1) break;
        if (codes) codes->push_back(lower(s.substr(end + 1, j - end - 1)));
        end = j;
    }
    return end;
}

// An Emtree term: 'heart failure'/exp -> keyword:"heart failure" (refdex has
// no thesaurus, as for Ovid's exp X/); /de and /mj -> heading:"X".
void render_emtree(const Context& c, std::string_view term, std::size_t at, std::size_t suffix_at, Builder& b) {
    std::vector<std::string> codes;
    emtree_suffix_end(c.line, suffix_at, &codes);
    bool exploded = false;
    for (const std::string& code : codes) {
        if (code == "exp") exploded = true;
        else if (code != "de" && code != "mj")
            c.fail(suffix_at, "the Emtree suffix /" + code + " is not supported: refdex reads /exp, /de and /mj (search "
                              "subheadings on a line of their own).");
    }
    const std::string name(term);
    const bool major = std::find(codes.begin(), codes.end(), "mj") != codes.end();
    if (exploded)
        c.note("'" + name + "'/exp: refdex has no thesaurus, so an exploded Emtree term is searched as a phrase in "
               "the keywords: headings that contain it stand in for its narrower ones" +
               std::string(major ? "; /mj (major focus) cannot apply to them, so it is not." : "."));
    else
        c.note("'" + name + "'/" + (major ? "mj: the heading exactly, where the record marks it a major focus."
                                          : "de: the heading exactly, as the keywords give it."));
    b.gen(exploded ? "keyword:\"" : major ? "major:\"" : "heading:\"", at);
    b.copy(term, at + (c.line[at] == '\'' ? 1 : 0));
    b.gen("\"", suffix_at);
}

// Embase.com's limits at `open` ("[english]/lim", "[2015-2020]/py",
// "[article]/it"), as a term. Returns the offset after it, or npos when
// `open` starts none.
std::size_t embase_limit(const Context& c, Builder& b, std::size_t open) {
    const std::string_view s = c.line;
    const auto close = s.find(']', open);
    if (close == std::string_view::npos) return close;
    std::size_t slash = close + 1;
    while (slash < s.size() && is_space(s[slash])) ++slash;
    std::vector<std::string> codes;
    const std::size_t end = emtree_suffix_end(s, slash, &codes);
    if (codes.size() != 1 || (codes[0] != "lim" && codes[0] != "py" && codes[0] != "it")) return std::string_view::npos;
    std::string value(s.substr(open + 1, close - open - 1));
    while (!value.empty() && is_space(value.back())) value.pop_back();
    while (!value.empty() && is_space(value.front())) value.erase(0, 1);
    if (codes[0] == "py") {
        static const std::regex kYears(R"((\d{4})(\s*[-:]\s*(\d{4}))?)");
        std::smatch m;
        if (!std::regex_match(value, m, kYears)) c.fail(open + 1, "[" + value + "]/py needs a year or a range, as in [2015-2020]/py.");
        b.gen("year:" + m[1].str() + (m[3].matched ? ".." + m[3].str() : ""), open);
    } else if (codes[0] == "it") {
        if (normalise_type(value) == "JOUR")
            c.fail(open, "[" + value + "]/it is not supported: refdex reads Embase's item type '" + value +
                             "' as a journal record (type:JOUR), which every journal article, review and letter is; "
                             "run the line without it, or limit to the types to exclude ([review]/it, [letter]/it).");
        b.gen("type:\"" + lower(value) + "\"", open);
    } else {
        const std::string code = normalise_language(value);
        if (code.size() != 2) {
            const std::string name = lower(value);
            if (name == "embase" || name == "medline" || name == "embase classic" || name == "preprint")
                c.fail(open, "[" + value + "]/lim is not supported: the index does not record which database a record "
                             "came from; run the line without it (deduplication joins the copies two databases share).");
            c.fail(open, "[" + value + "]/lim is not supported: refdex only knows language limits ([english]/lim) "
                         "and years ([2015-2020]/py); search the heading on a line of its own instead (e.g. 'human'/exp).");
        }
        b.gen("lang:" + code, open);
    }
    return end;
}

// PubMed reads AND, OR and NOT left to right, all of one precedence ("a OR
// b AND c" is "(a OR b) AND c"), and two terms side by side are ANDed the
// same way; refdex binds AND tighter. What translate_pubmed needs to
// parenthesise a line left to right: the groups (the line, or a parenthesis
// at its byte offset) whose operators are not all the same, with how many
// there are, and where a space stands for AND (the start of the second
// term). Groups of one kind of operator mean the same either way and are
// left as typed.
struct PubMedOperators {
    std::map<std::size_t, std::size_t> mixed_groups;
    std::set<std::size_t> implicit_and;
};

PubMedOperators pubmed_operators(std::string_view s, std::size_t i, bool central, bool embase) {
    constexpr std::size_t kLine = std::string_view::npos;
    struct Group {
        std::size_t at, count = 0;
        std::string first;
        bool mixed = false;
    };
    std::vector<Group> open{Group{kLine, 0, {}, false}};
    PubMedOperators out;
    auto close = [&out](const Group& g) {
        if (g.mixed) out.mixed_groups[g.at] = g.count;
    };
    auto count = [&open](const std::string& op) {
        Group& g = open.back();
        if (g.count++ == 0) g.first = op;
        else if (op != g.first) g.mixed = true;
    };
    bool operand_done = false;  // the last token ended a term
    bool bare = false;          // ... and it was a bare word (no tag, quote, parenthesis)
    auto term_starts = [&](std::size_t at, bool is_bare_word) {
        if (operand_done && !(bare && run_ends_in_tag(s, at, central))) {
            out.implicit_and.insert(at);
            count("and");
        }
        operand_done = true;
        bare = is_bare_word;
    };
    while (i < s.size()) {
        const char ch = s[i];
        if (embase && (starts_embase_phrase(s, i) || (ch == '[' && s.find(']', i) != std::string_view::npos &&
                                                      s.substr(s.find(']', i)).find('/') == 1))) {
            // 'heart failure'/exp, 'x':ti,ab, [english]/lim: one term.
            term_starts(i, false);
            const std::size_t end = ch == '[' ? s.find(']', i) : embase_phrase_end(s, i);
            i = emtree_suffix_end(s, end + 1, nullptr);
        } else if (ch == '"' || ch == '{') {
            const auto end = s.find(ch == '"' ? '"' : '}', i + 1);
            if (end == std::string_view::npos) break;
            term_starts(i, false);
            i = end + 1;
        } else if (ch == '[') {
            const auto end = s.find(']', i + 1);
            if (end == std::string_view::npos) break;
            operand_done = true;
            bare = false;
            i = end + 1;
        } else if (ch == '(') {
            if (operand_done) {
                out.implicit_and.insert(i);
                count("and");
            }
            open.push_back(Group{i, 0, {}, false});
            operand_done = bare = false;
            ++i;
        } else if (ch == ')') {
            if (open.size() > 1) {
                close(open.back());
                open.pop_back();
            }
            operand_done = true;
            bare = false;
            ++i;
        } else if (is_space(ch)) {
            ++i;
        } else {
            const std::size_t j = pubmed_run_end(s, i);
            if (j == i) break;
            const std::string_view run = s.substr(i, j - i);
            if (is_boolean_word(run)) {
                count(lower(run));
                operand_done = bare = false;
            } else if (is_proximity_word(run, central)) {
                operand_done = bare = false;  // binds tighter than any boolean: not counted
            } else if (cochrane_suffix(run) == 0) {
                operand_done = true;  // ":ti,ab,kw" after a group or phrase, like a tag
                bare = false;
            } else {
                term_starts(i, ch != '#' && !tag_follows(s, j));
            }
            i = j;
        }
    }
    if (open.size() == 1) close(open.front());  // an unbalanced line is the compiler's to report
    return out;
}

// A line in the Cochrane Library's syntax: some term carries a ":ti,ab,kw"
// field list. There, operators are any case, a bare NEAR is NEAR/6, and
// "in Trials" or "with ... publication date ..." are limits refdex lacks.
bool is_cochrane_line(const Context& c, std::string_view s, std::size_t i) {
    bool central = false;
    for (std::size_t j = i; j < s.size();) {
        if (is_space(s[j]) || std::string_view("()\"[]").find(s[j]) != std::string_view::npos) {
            ++j;
            continue;
        }
        const std::size_t end = pubmed_run_end(s, j);
        if (end == j) break;
        // A field list, or NEAR/n in lower case: PubMed has neither (its
        // proximity is [tiab:~N]), and the Library prints both.
        const std::string_view run = s.substr(j, end - j);
        if (cochrane_suffix(run) != std::string_view::npos || (is_proximity_word(run, true) && run.find('/') != run.npos))
            central = true;
        j = end;
    }
    if (!central) return false;
    static const std::regex kLimit(R"(\s(in\s+(trials|cochrane reviews|cochrane protocols|special collections|clinical answers|editorials)|with\s+(cochrane library\s+)?publication date\b.*)\s*$)",
                                   std::regex::icase);
    Match m;
    if (std::regex_search(s.begin() + static_cast<std::ptrdiff_t>(i), s.end(), m, kLimit))
        c.fail(i + static_cast<std::size_t>(m.position(0)) + 1,
               "Cochrane Library limits ('" + m[1].str() + "') are not supported; run the search without them (the "
               "index holds what was exported, and year:A..B limits by year).");
    return true;
}

void combine_lines(const Context& c, const Match& m, std::size_t base, Builder& b);

// The Cochrane Library's "{or #1-#3}" / "{and #2, #5}" at `open`, as one
// parenthesised term (it also stands inside a line: "{or #1-#3} AND #4").
// Returns the offset after its '}'.
std::size_t cochrane_combination(const Context& c, Builder& b, std::size_t open) {
    const std::string_view s = c.line;
    const auto close = s.find('}', open);
    if (close == std::string_view::npos) c.fail(open, "'{' has no closing '}'; write {or #1-#3} or {and #1, #4}.");
    static const std::regex kCombine(R"(\{\s*(or|and)\s+([#\d\s,\-]+)\})", std::regex::icase);
    Match m;
    if (!std::regex_match(s.begin() + static_cast<std::ptrdiff_t>(open), s.begin() + static_cast<std::ptrdiff_t>(close) + 1,
                          m, kCombine))
        c.fail(open, "'" + std::string(s.substr(open, close + 1 - open)) +
                         "' is not a combination of lines; write {or #1-#3} or {and #1, #4}.");
    b.gen("(", open);
    combine_lines(c, m, open, b);
    b.gen(")", close);
    return close + 1;
}

void translate_pubmed(const Context& c, std::size_t i, Builder& b) {
    const std::string_view s = c.line;
    if (lower(s.substr(i, 7)) == "search:") i += 7;
    const bool embase = is_embase_line(s, i);
    // Embase.com shares the Library's field lists and any-case operators.
    const bool central = is_cochrane_line(c, s, i) || embase;
    const PubMedOperators operators = pubmed_operators(s, i, central, embase);
    const auto& mixed = operators.mixed_groups;
    // Per open group: whether it is parenthesised left to right, and how many
    // of its operators have been written.
    struct Open {
        bool left_to_right = false;
        std::size_t operators = 0;
    };
    std::vector<Open> groups;
    auto open_group = [&](std::size_t at, std::size_t in) {
        const auto it = mixed.find(at);
        groups.push_back({it != mixed.end(), 0});
        if (it != mixed.end()) b.gen(std::string(it->second - 1, '('), in);
    };
    open_group(std::string_view::npos, i);
    // An operator between terms: the closing parenthesis of the left-to-right
    // grouping before every one but the first of its group.
    auto write_operator = [&](const std::string& op, std::size_t at) {
        Open& group = groups.back();
        if (group.left_to_right && group.operators++ > 0) {
            b.drop_trailing_space();
            b.gen(") ", at);
        }
        b.gen(op, at);
    };
    while (i < s.size()) {
        const char ch = s[i];
        // A space that stands for AND is written out where the grouping needs it.
        if (operators.implicit_and.count(i) && groups.back().left_to_right) write_operator("AND ", i);
        if (embase && starts_embase_phrase(s, i)) {
            const std::size_t close = embase_phrase_end(s, i);
            const std::string_view phrase = s.substr(i + 1, close - i - 1);
            const std::size_t after = close + 1;
            if (after < s.size() && s[after] == '/') {
                render_emtree(c, phrase, i, after, b);
                i = emtree_suffix_end(s, after, nullptr);
                continue;
            }
            b.gen("\"", i);
            b.copy(phrase, i + 1);
            b.gen("\"", close);
            i = after;
            if (i < s.size() && s[i] == ':') {
                const std::size_t j = pubmed_run_end(s, i);
                if (cochrane_suffix(s.substr(i, j - i)) != 0)
                    c.fail(i, "'" + std::string(s.substr(i, j - i)) + "' is not a field list refdex knows; use :ti,ab,kw, "
                              ":ti,ab, or one field.");
                b.gen(cochrane_tag(c, s.substr(i + 1, j - i - 1), i), i);
                i = j;
            }
        } else if (embase && ch == '[') {
            const std::size_t after = embase_limit(c, b, i);
            if (after == std::string_view::npos) c.fail(i, "'[' in an Embase.com line starts a limit: [english]/lim, "
                                                          "[2015-2020]/py or [article]/it.");
            i = after;
        } else if (ch == '(') {
            b.copy(s.substr(i, 1), i);
            open_group(i, i + 1);
            ++i;
        } else if (ch == ')') {
            if (groups.size() > 1) groups.pop_back();
            b.copy(s.substr(i, 1), i);
            ++i;
        } else if (is_space(ch)) {
            b.copy(s.substr(i, 1), i);
            ++i;
        } else if (ch == '"') {
            const auto close = s.find('"', i + 1);
            if (close == std::string_view::npos) {  // the compiler reports it
                b.copy(s.substr(i), i);
                return;
            }
            if (const std::size_t range_end = pubmed_quoted_date_range(c, b, i); range_end != std::string_view::npos) {
                i = range_end;
                continue;
            }
            const std::size_t after = pubmed_proximity(c, b, i, close);
            if (after != std::string_view::npos) {
                i = after;
                continue;
            }
            b.copy(s.substr(i, close + 1 - i), i);
            i = close + 1;
        } else if (ch == '[') {
            const auto close = s.find(']', i);
            if (close == std::string_view::npos) {
                b.copy(s.substr(i), i);
                return;
            }
            auto tag = pubmed_tag(c, s.substr(i + 1, close - i - 1));
            const bool mesh = tag ? *tag == "mh" : lower(s.substr(i + 1, close - i - 1)) == "mh";
            if (mesh && has_subheading(s, i)) {
                c.note("[mh] with a subheading: the heading with that subheading exactly, not exploded.");
                tag = "mh:noexp";
            }
            if (tag) b.gen("[" + *tag + "]", i);
            else b.copy(s.substr(i, close + 1 - i), i);
            i = close + 1;
        } else if (ch == '{') {
            i = cochrane_combination(c, b, i);
        } else if (ch == '#' && i + 1 < s.size() && is_digit(s[i + 1])) {
            std::size_t j = i + 1;
            while (j < s.size() && is_digit(s[j])) ++j;
            if (j < s.size() && !is_space(s[j]) && s[j] != ')')
                c.fail(i, "a line reference is '#' and a line number, as in #1.");
            c.gen_ref(b, parse_number(c, s.substr(i + 1, j - i - 1), i), i);
            i = j;
        } else {
            const std::size_t j = pubmed_run_end(s, i);
            const std::string_view run = s.substr(i, j - i);
            if (const std::size_t colon = cochrane_suffix(run); colon != std::string_view::npos) {
                b.copy(run.substr(0, colon), i);
                b.gen(cochrane_tag(c, run.substr(colon + 1), i + colon), i + colon);
            } else if (lower(run) == "hasabstract" || lower(run) == "hasabstract[text]") {
                // PubMed's filter for records with an abstract; searched as a
                // word it would silently match nothing.
                c.fail(i, "hasabstract is not supported: the index does not mark which records have an abstract.");
            } else if (embase && (lower(run) == "near" || lower(run) == "next")) {
                c.fail(i, "Embase.com's " + std::string(run) + " needs its distance: " + std::string(run) + "/n.");
            } else if (embase && std::regex_match(std::string(run), std::regex(R"(.+/(exp|de|mj)(/(exp|de|mj))*)", std::regex::icase))) {
                const std::size_t slash = i + run.find('/');
                render_emtree(c, s.substr(i, slash - i), i, slash, b);  // aspirin/exp
            } else if (central && lower(run).rfind("next/", 0) == 0 && is_proximity_word(run, true)) {
                b.gen("ADJ" + std::string(run.substr(4)), i);  // Embase.com's NEXT/n: within n words, in this order
            } else if (run == "NEXT" || (central && lower(run) == "next")) {
                b.gen("ADJ/1", i);  // the Cochrane Library's "adjacent, in this order"
            } else if (central && lower(run).rfind("near", 0) == 0 && is_proximity_word(run, true)) {
                // Any case; a bare NEAR is within six words in the Cochrane Library.
                b.gen(run.size() == 4 ? std::string("NEAR/6") : "NEAR" + std::string(run.substr(4)), i);
            } else if (is_boolean_word(run)) {
                std::string op = lower(run);
                for (char& o : op) o = static_cast<char>(std::toupper(static_cast<unsigned char>(o)));
                write_operator(op, i);
            } else if (auto range = is_date_tag(s, j) ? pubmed_date_range(run) : std::nullopt) {
                b.gen(*range, i);
            } else {
                b.copy(run, i);
            }
            i = j;
        }
    }
}

// ---- Ovid: tokens --------------------------------------------------------------

enum class OvidKind { Word, Phrase, LParen, RParen, And, Or, Not, Adj, End };

struct OvidToken {
    OvidKind kind = OvidKind::End;
    std::string text;
    std::size_t at = 0;
    unsigned n = 0;             // Adj: the N of adjN, 0 for plain adj
    std::string suffix;         // field codes glued after it: ".ti,ab." -> "ti,ab"
    std::size_t suffix_at = 0;  // where the suffix's first '.' is
};

// ".ti." ".ti,ab." at the end of `run`: the position of the first '.', or npos.
std::size_t suffix_start(std::string_view run) {
    if (run.size() < 4 || run.back() != '.') return std::string_view::npos;
    const auto dot = run.rfind('.', run.size() - 2);
    if (dot == std::string_view::npos) return std::string_view::npos;
    const std::string_view codes = run.substr(dot + 1, run.size() - dot - 2);
    std::size_t part = 0;
    for (char ch : codes) {
        if (ch == ',') {
            if (part < 2 || part > 3) return std::string_view::npos;
            part = 0;
        } else if (std::isalpha(static_cast<unsigned char>(ch))) {
            ++part;
        } else {
            return std::string_view::npos;
        }
    }
    return part >= 2 && part <= 3 ? dot : std::string_view::npos;
}

// PsycINFO and Emtree headings carry a qualifier in parentheses
// ("Resilience (Psychological)/"): a "(...)" closed by ")/" with no operator
// inside is part of the heading's name. The end of that word, or npos.
std::size_t heading_qualifier_end(std::string_view s, std::size_t i) {
    if (s[i] != '(') return std::string_view::npos;
    const std::size_t close = s.find_first_of("()", i + 1);
    if (close == std::string_view::npos || s[close] != ')' || close + 1 >= s.size() || s[close + 1] != '/')
        return std::string_view::npos;
    static const std::regex kOperator(R"(\b(and|or|not|adj\d*)\b)", std::regex::icase);
    const std::string_view inside = s.substr(i + 1, close - i - 1);
    if (std::regex_search(inside.begin(), inside.end(), kOperator)) return std::string_view::npos;
    return close + 2;
}

std::vector<OvidToken> ovid_tokens(const Context& c, std::size_t i) {
    const std::string_view s = c.line;
    std::vector<OvidToken> out;
    auto take_suffix = [&](std::size_t& j) {
        std::size_t k = j;
        while (k < s.size() && !is_space(s[k]) && s[k] != ')' && s[k] != '(') ++k;
        if (k > j && suffix_start(s.substr(j, k - j)) == 0) {
            out.back().suffix = lower(s.substr(j + 1, k - j - 2));
            out.back().suffix_at = j;
            j = k;
        }
    };
    while (i < s.size()) {
        const char ch = s[i];
        if (is_space(ch)) {
            ++i;
        } else if (ch == '[') {  // Ovid's own annotation, e.g. [mp=title, abstract, ...]
            const auto close = s.find(']', i);
            if (close == std::string_view::npos) c.fail(i, "this '[' is never closed.");
            i = close + 1;
        } else if (const std::size_t end = heading_qualifier_end(s, i); end != std::string_view::npos) {
            // "Resilience (Psychological)/": a parenthesis inside a heading's name.
            out.push_back({OvidKind::Word, std::string(s.substr(i, end - i)), i, 0, {}, 0});
            i = end;
        } else if (ch == '(' || ch == ')') {
            out.push_back({ch == '(' ? OvidKind::LParen : OvidKind::RParen, std::string(1, ch), i, 0, {}, 0});
            ++i;
            if (ch == ')') take_suffix(i);
        } else if (ch == '"') {
            const auto close = s.find('"', i + 1);
            if (close == std::string_view::npos) c.fail(i, "the phrase starting here is never closed.");
            out.push_back({OvidKind::Phrase, std::string(s.substr(i + 1, close - i - 1)), i, 0, {}, 0});
            i = close + 1;
            take_suffix(i);
        } else {
            std::size_t j = i;
            while (j < s.size() && !is_space(s[j]) && std::string_view("()\"[").find(s[j]) == std::string_view::npos) ++j;
            std::string_view run = s.substr(i, j - i);
            OvidToken t{OvidKind::Word, {}, i, 0, {}, 0};
            if (const auto dot = suffix_start(run); dot != std::string_view::npos) {
                t.suffix = lower(run.substr(dot + 1, run.size() - dot - 2));
                t.suffix_at = i + dot;
                run = run.substr(0, dot);
            }
            t.text = std::string(run);
            const std::string word = lower(run);
            static const std::regex kAdj("adj(\\d{0,2})");
            std::smatch m;
            if (word == "and") t.kind = OvidKind::And;
            else if (word == "or") t.kind = OvidKind::Or;
            else if (word == "not") t.kind = OvidKind::Not;
            else if (std::regex_match(word, m, kAdj)) {
                t.kind = OvidKind::Adj;
                t.n = m[1].length() ? static_cast<unsigned>(std::stoul(m[1].str())) : 0;
                if (m[1].length() && t.n == 0) c.fail(i, "adj0 is not a distance; use adj1 or more.");
            }
            if (t.kind != OvidKind::Word && !t.suffix.empty()) c.fail(t.suffix_at, "a field suffix must follow a term.");
            if (!run.empty() || !t.suffix.empty()) out.push_back(std::move(t));
            i = j;
        }
    }
    out.push_back({OvidKind::End, "", s.size(), 0, {}, 0});
    return out;
}

// ---- Ovid: tree ------------------------------------------------------------------

struct OvidNode {
    enum Kind { Term, Ref, Group, Adj } kind = Term;
    std::size_t at = 0;
    // Term: its words (text, position); a heading X/ (exp: exploded).
    std::vector<std::pair<std::string, std::size_t>> words;
    bool quoted = false, heading = false, exp = false, major = false;  // major: *X/
    std::string subheading;  // of a heading "X/dt" (as typed, its star dropped)
    unsigned ref = 0;
    // Group: ops[i] joins children[i] and children[i + 1]. Adj: gaps (0: adj).
    std::vector<OvidNode> children;
    std::vector<std::string> ops;
    std::vector<unsigned> gaps;
    std::string suffix;
    std::size_t suffix_at = 0;
};

class OvidParser {
public:
    OvidParser(const Context& c, std::vector<OvidToken> tokens) : c_(c), t_(std::move(tokens)) {}

    OvidNode run() {
        if (peek().kind == OvidKind::End) c_.fail(peek().at, "the line has no search after its number.");
        OvidNode n = or_expr();
        if (peek().kind == OvidKind::RParen) c_.fail(peek().at, "this ')' has no matching '('.");
        if (peek().kind != OvidKind::End) c_.fail(peek().at, "unexpected '" + peek().text + "'.");
        return n;
    }

private:
    const OvidToken& peek() const { return t_[pos_]; }
    const OvidToken& next() { return t_[pos_ < t_.size() - 1 ? pos_++ : pos_]; }

    OvidNode binary(OvidNode first, std::vector<OvidKind> kinds, OvidNode (OvidParser::*operand)()) {
        if (std::find(kinds.begin(), kinds.end(), peek().kind) == kinds.end()) return first;
        OvidNode g;
        g.kind = OvidNode::Group;
        g.at = first.at;
        g.children.push_back(std::move(first));
        while (std::find(kinds.begin(), kinds.end(), peek().kind) != kinds.end()) {
            const OvidToken& op = next();
            g.ops.push_back(op.kind == OvidKind::Or ? "OR" : op.kind == OvidKind::And ? "AND" : "NOT");
            if (peek().kind == OvidKind::End || peek().kind == OvidKind::RParen)
                c_.fail(op.at, "'" + op.text + "' needs a term after it.");
            g.children.push_back((this->*operand)());
        }
        return g;
    }

    OvidNode or_expr() { return binary(and_expr(), {OvidKind::Or}, &OvidParser::and_expr); }
    OvidNode and_expr() { return binary(adj_expr(), {OvidKind::And, OvidKind::Not}, &OvidParser::adj_expr); }

    OvidNode adj_expr() {
        OvidNode first = primary();
        if (peek().kind != OvidKind::Adj) return first;
        OvidNode a;
        a.kind = OvidNode::Adj;
        a.at = first.at;
        a.children.push_back(std::move(first));
        while (peek().kind == OvidKind::Adj) {
            const OvidToken& op = next();
            if (peek().kind == OvidKind::End || peek().kind == OvidKind::RParen)
                c_.fail(op.at, "'" + op.text + "' needs a term after it.");
            a.gaps.push_back(op.n);
            a.children.push_back(primary());
        }
        return a;
    }

    OvidNode primary() {
        const OvidToken& t = peek();
        if (t.kind == OvidKind::LParen) {
            next();
            if (peek().kind == OvidKind::RParen) c_.fail(t.at, "empty parentheses.");
            OvidNode inner = or_expr();
            if (peek().kind != OvidKind::RParen) c_.fail(t.at, "the '(' here is never closed.");
            const OvidToken& close = next();
            if (!close.suffix.empty()) {
                inner.suffix = close.suffix;
                inner.suffix_at = close.suffix_at;
            }
            return inner;
        }
        if (t.kind == OvidKind::Phrase) {
            next();
            OvidNode n;
            n.at = t.at;
            n.quoted = true;
            n.words.emplace_back(t.text, t.at + 1);
            n.suffix = t.suffix;
            n.suffix_at = t.suffix_at;
            return n;
        }
        if (t.kind != OvidKind::Word) {
            if (t.kind == OvidKind::End) c_.fail(t.at, "the line ends where a term was expected.");
            c_.fail(t.at, "'" + t.text + "' needs a term before it.");
        }
        return term();
    }

    // Adjacent words up to the next operator: a phrase, a heading or a
    // line number. A suffix ends the run (it applies to all of it).
    OvidNode term() {
        OvidNode n;
        n.at = peek().at;
        while (peek().kind == OvidKind::Word) {
            const OvidToken& w = next();
            if (!w.text.empty()) n.words.emplace_back(w.text, w.at);
            if (!w.suffix.empty()) {
                n.suffix = w.suffix;
                n.suffix_at = w.suffix_at;
                break;
            }
            if (!w.text.empty() && w.text.back() == '/') break;
        }
        if (n.words.empty()) c_.fail(n.suffix_at, "a field suffix must follow a term.");
        heading(n);
        const auto& only = n.words.front().first;
        if (n.words.size() == 1 && n.suffix.empty() && !n.heading &&
            std::all_of(only.begin(), only.end(), [](char ch) { return is_digit(ch); })) {
            n.kind = OvidNode::Ref;
            n.ref = parse_number(c_, only, n.at);
        }
        return n;
    }

    // "exp Delivery of Health Care, Integrated/", "*Depression/".
    void heading(OvidNode& n) const {
        // The heading ends at its first '/'; what follows is a subheading
        // ("Heart Failure/dt", "Alzheimer Disease/drug therapy": heading:"X/dt"
        // reads the abbreviation), or nothing (X/).
        std::size_t with_slash = 0;
        while (with_slash < n.words.size() && n.words[with_slash].first.find('/') == std::string::npos) ++with_slash;
        if (with_slash == n.words.size()) return;
        n.heading = true;
        auto& word = n.words[with_slash].first;
        const auto slash = word.find('/');
        std::string subheading = word.substr(slash + 1);
        for (std::size_t i = with_slash + 1; i < n.words.size(); ++i) subheading += " " + n.words[i].first;
        if (!subheading.empty() && subheading.front() == '*') subheading.erase(0, 1);
        if (subheading.find('/') != std::string::npos)
            c_.fail(n.words[with_slash].second + slash, "one subheading per heading line (X/dt); combine lines with or.");
        n.subheading = subheading;
        word.resize(slash);
        n.words.resize(with_slash + 1);
        if (word.empty()) n.words.pop_back();
        if (!n.words.empty() && lower(n.words.front().first) == "exp") {
            n.exp = true;
            n.words.erase(n.words.begin());
        }
        if (!n.words.empty() && n.words.front().first.front() == '*') {
            n.major = true;
            n.words.front().first.erase(0, 1);
            n.words.front().second += 1;
            if (n.words.front().first.empty()) n.words.erase(n.words.begin());
        }
        if (n.words.empty()) c_.fail(n.at, "a subject heading needs its name before '/'.");
    }

    const Context& c_;
    std::vector<OvidToken> t_;
    std::size_t pos_ = 0;
};

// ---- Ovid: rendering -------------------------------------------------------------

// The refdex field name an Ovid field code maps to.
std::optional<std::string> ovid_field(std::string_view code) {
    static const std::map<std::string, std::string, std::less<>> kCodes{
        {"ti", "title"},   {"ab", "abstract"}, {"tw", "tiab"},    {"mp", "text"},    {"au", "author"},
        {"kw", "keyword"}, {"kf", "keyword"},  {"sh", "keyword"}, {"hw", "keyword"}, {"jn", "journal"},
        {"jx", "journal"}, {"jw", "journal"},  {"yr", "year"},    {"lg", "lang"},    {"pt", "type"},
        {"fs", "subheading"}, {"xs", "subheading"},
        {"af", ""},  // all fields: refdex's unqualified search (title, abstract, keywords, authors)
    };
    const auto it = kCodes.find(code);
    if (it == kCodes.end()) return std::nullopt;
    return it->second;
}

bool is_filter_field(const std::string& f) { return f == "year" || f == "lang" || f == "type" || f == "subheading"; }

// The refdex fields of a suffix such as "ti,ab,kf": "" stands for the
// default fields and absorbs the others; title+abstract become tiab.
std::vector<std::string> suffix_fields(const Context& c, const std::string& codes, std::size_t at) {
    std::vector<std::string> fields;
    std::size_t start = 0;
    while (start <= codes.size()) {
        const auto comma = std::min(codes.find(',', start), codes.size());
        const std::string code = codes.substr(start, comma - start);
        const auto field = ovid_field(code);
        if (!field) c.fail(at + 1 + start, "unknown Ovid field suffix ." + code + ".");
        if (std::find(fields.begin(), fields.end(), *field) == fields.end()) fields.push_back(*field);
        start = comma + 1;
    }
    const bool filter = std::any_of(fields.begin(), fields.end(), is_filter_field);
    if (filter && fields.size() > 1)
        c.fail(at, "." + codes + ". mixes yr, lg, pt or fs with other fields; search them on separate lines.");
    if (codes == "xs")
        c.note(".xs.: refdex has no tree of subheadings, so an exploded subheading is searched as the subheading "
               "itself (.fs.).");
    auto has = [&fields](const char* f) { return std::find(fields.begin(), fields.end(), f) != fields.end(); };
    auto drop = [&fields](std::initializer_list<const char*> gone) {
        for (const char* f : gone) fields.erase(std::remove(fields.begin(), fields.end(), f), fields.end());
    };
    if (has("text")) {
        c.note(".mp.: searched in title, abstract and keywords (refdex has no substance or heading-word "
               "fields; authors are not text words).");
        drop({"title", "abstract", "tiab", "keyword"});
    } else if (has("tiab") || (has("title") && has("abstract"))) {
        // .ti,ab. and .tw. are one field; the first of them keeps its place.
        const auto first = std::find_if(fields.begin(), fields.end(), [](const std::string& f) {
            return f == "title" || f == "abstract" || f == "tiab";
        });
        *first = "tiab";
        fields.erase(std::remove_if(std::next(first), fields.end(),
                                    [](const std::string& f) { return f == "title" || f == "abstract" || f == "tiab"; }),
                     fields.end());
    }
    return fields;
}

void render(const Context& c, const OvidNode& n, Builder& b, bool in_field);

// `inner` searched in the fields of `codes`: field:(inner), or an OR of them.
void render_fielded(const Context& c, const OvidNode& n, Builder& b, const Builder& inner, bool group) {
    const auto fields = suffix_fields(c, n.suffix, n.suffix_at);
    if (fields.size() > 1) b.gen("(", n.at);
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i) b.gen(" OR ", n.suffix_at);
        const bool paren = group && !fields[i].empty();
        if (!fields[i].empty()) b.gen(fields[i] + ":" + (paren ? "(" : ""), n.suffix_at);
        b.append(inner);
        if (paren) b.gen(")", n.suffix_at);
    }
    if (fields.size() > 1) b.gen(")", n.at);
}

// A term's value: one word, or a "phrase"; the truncation made refdex's.
void render_value(const OvidNode& n, Builder& b, bool filter) {
    const bool phrase = n.quoted || n.heading || n.words.size() > 1;
    if (phrase) b.gen("\"", n.at);
    for (std::size_t i = 0; i < n.words.size(); ++i) {
        if (i) b.gen(" ", n.words[i].second);
        const auto& [w, at] = n.words[i];
        b.gen(n.heading || filter ? w : ovid_wildcards(w), at);
    }
    if (phrase) b.gen("\"", n.at);
}

void render_term(const Context& c, const OvidNode& n, Builder& b) {
    if (n.heading && !n.subheading.empty()) {
        std::string text;
        for (const auto& w : n.words) text += (text.empty() ? "" : " ") + w.first;
        c.note(text + "/" + n.subheading + ": the heading with that subheading" +
               (n.exp ? ", not exploded (refdex has no thesaurus)" : "") +
               (n.major ? (n.exp ? "; its * (major focus) is not applied to an exploded heading."
                                 : ", where the record marks it a major topic.")
                        : "."));
        if (!n.suffix.empty()) c.fail(n.suffix_at, "a heading with a subheading takes no field suffix.");
        // "Hypertension/dt, pc" (as Ovid's history prints several): the
        // heading with any of them.
        const std::vector<std::string> subheadings = subheading_list(n.subheading);
        if (std::find(subheadings.begin(), subheadings.end(), "") != subheadings.end())
            c.fail(n.at, "a subheading list has an empty place: write X/dt, th.");
        if (subheadings.size() > 1) b.gen("(", n.at);
        for (std::size_t k = 0; k < subheadings.size(); ++k) {
            if (k) b.gen(" OR ", n.at);
            b.gen(n.major && !n.exp ? "major:\"" : "heading:\"", n.at);
            for (std::size_t i = 0; i < n.words.size(); ++i) {
                if (i) b.gen(" ", n.words[i].second);
                b.gen(n.words[i].first, n.words[i].second);
            }
            b.gen("/" + subheadings[k] + "\"", n.at);
        }
        if (subheadings.size() > 1) b.gen(")", n.at);
        return;
    }
    if (n.heading) {
        std::string text;
        for (const auto& w : n.words) text += (text.empty() ? "" : " ") + w.first;
        if (n.exp)
            c.note("exp " + text + "/: refdex has no thesaurus, so an exploded heading is searched as a phrase in "
                   "the keywords: headings that contain it (\"Hypertension, Renal\") stand in for its narrower ones" +
                   std::string(n.major ? "; its * (major focus) cannot apply to them, so it is not." : "."));
        else
            c.note(n.major ? "*" + text + "/: the heading exactly, where the record marks it a major topic."
                           : text + "/: the heading exactly, with or without subheadings, as the keywords give it.");
        if (n.suffix.empty()) {
            b.gen(n.exp ? "keyword:" : n.major ? "major:" : "heading:", n.at);
            render_value(n, b, false);
            return;
        }
    }
    if (n.suffix.empty()) return render_value(n, b, false);
    const auto fields = suffix_fields(c, n.suffix, n.suffix_at);
    if (fields.size() == 1 && fields[0] == "lang") {
        std::string text;
        for (const auto& w : n.words) text += (text.empty() ? "" : " ") + w.first;
        b.gen("lang:" + normalise_language(text), n.at);
        return;
    }
    if (fields.size() == 1 && fields[0] == "year") {
        std::string text;  // "2015", "2015-2020", "2015 - 2020"
        for (const auto& w : n.words) text += w.first;
        const auto dash = text.find('-');
        if (dash != std::string::npos) text.replace(dash, 1, "..");
        b.gen("year:", n.at);
        b.copy(text, n.words.front().second);
        return;
    }
    Builder inner;
    render_value(n, inner, fields.size() == 1 && is_filter_field(fields[0]));
    render_fielded(c, n, b, inner, false);
}

// The alternatives of an adj operand: a term, or the terms of (a or b).
std::vector<const OvidNode*> adj_alternatives(const Context& c, const OvidNode& n) {
    if (n.kind == OvidNode::Term) return {&n};
    const bool all_or = n.kind == OvidNode::Group &&
                        std::all_of(n.ops.begin(), n.ops.end(), [](const std::string& op) { return op == "OR"; });
    std::vector<const OvidNode*> out;
    if (all_or && n.suffix.empty())
        for (const auto& child : n.children)
            if (child.kind == OvidNode::Term) out.push_back(&child);
    if (out.size() != n.children.size() || out.empty())
        c.fail(n.at, "adj needs a word on each side, or a (word or word) group.");
    return out;
}

constexpr std::size_t kMaxAdjCombinations = 64;

// A term's words as refdex will index them: a phrase's words, and a
// hyphenated word's parts ("5-HT" is 5, ht), each with its position.
std::vector<std::pair<std::string, std::size_t>> term_parts(const OvidNode& n) {
    std::vector<std::pair<std::string, std::size_t>> parts;
    for (const auto& [w, at] : n.words) {
        std::size_t start = 0;
        for (std::size_t i = 0; i <= w.size(); ++i) {
            if (i < w.size() && w[i] != ' ' && w[i] != '-') continue;
            if (i > start) parts.emplace_back(w.substr(start, i - start), at + start);
            start = i + 1;
        }
    }
    return parts;
}

// A chain with a phrase ("blood pressure adj3 control$"), or plain adj
// beside adjN ("random$ adj sampl$ adj7 survey$"): Ovid reads the chain left
// to right, so words joined by plain adj are one phrase, and those phrases
// are within reach of each other. refdex's chain takes a phrase as an
// operand (the phrase, and its words in a window widened by its length).
void render_phrase_chain(const Context& c, const std::vector<const OvidNode*>& terms,
                         const std::vector<unsigned>& gaps, Builder& b) {
    std::vector<std::vector<std::pair<std::string, std::size_t>>> phrases;
    std::vector<unsigned> reach;  // between phrases[i] and phrases[i + 1]
    for (std::size_t i = 0; i < terms.size(); ++i) {
        const auto parts = term_parts(*terms[i]);
        if (i == 0 || gaps[i - 1] != 0) {
            if (i) reach.push_back(gaps[i - 1]);
            phrases.push_back(parts);
        } else {
            phrases.back().insert(phrases.back().end(), parts.begin(), parts.end());
        }
    }
    if (phrases.size() > 1)
        c.note("adj with a phrase: the phrase, and its words within reach of the other words; refdex cannot tie "
               "the phrase itself to the window, so a little more than Ovid may match.");
    for (std::size_t i = 0; i < phrases.size(); ++i) {
        const auto& words = phrases[i];
        if (i) b.gen(" NEAR/" + std::to_string(reach[i - 1]) + " ", words.front().second);
        if (words.size() > 1) b.gen("\"", words.front().second);
        for (std::size_t j = 0; j < words.size(); ++j) {
            if (j) b.gen(" ", words[j].second);
            b.gen(ovid_wildcards(words[j].first), words[j].second);
        }
        if (words.size() > 1) b.gen("\"", words.back().second);
    }
}

// (a or b) adj3 c -> ((a NEAR/3 c) OR (b NEAR/3 c)): refdex's NEAR takes
// single words, and distributing over OR keeps the meaning exactly.
void render_adj(const Context& c, const OvidNode& n, Builder& b) {
    std::vector<std::vector<const OvidNode*>> alternatives;
    std::size_t combinations = 1;
    for (const auto& child : n.children) {
        alternatives.push_back(adj_alternatives(c, child));
        combinations *= alternatives.back().size();
        if (combinations > kMaxAdjCombinations)
            c.fail(n.at, "this adj expands to more than " + std::to_string(kMaxAdjCombinations) +
                             " combinations of words; split it over several lines.");
    }
    if (combinations > 1) b.gen("(", n.at);
    for (std::size_t k = 0; k < combinations; ++k) {
        if (k) b.gen(" OR ", n.at);
        if (combinations > 1) b.gen("(", n.at);
        std::size_t rest = k;
        std::vector<const OvidNode*> chosen;
        for (std::size_t i = 0; i < alternatives.size(); ++i) {
            chosen.push_back(alternatives[i][rest % alternatives[i].size()]);
            rest /= alternatives[i].size();
        }
        const bool phrases = std::any_of(chosen.begin(), chosen.end(), [](const OvidNode* t) {
            return t->suffix.empty() && !t->heading && term_parts(*t).size() > 1;
        });
        const auto plain_adjs = static_cast<std::size_t>(std::count(n.gaps.begin(), n.gaps.end(), 0u));
        const bool mixed = plain_adjs != 0 && plain_adjs != n.gaps.size();
        if (phrases || mixed) {
            const bool plain = std::all_of(chosen.begin(), chosen.end(), [](const OvidNode* t) {
                return t->suffix.empty() && !t->heading && !term_parts(*t).empty();
            });
            if (!plain)
                c.fail(n.at, "adj with a phrase (or hyphenated word), or adj beside adjN, needs terms without "
                             "field suffixes or headings; split the chain over several lines.");
            render_phrase_chain(c, chosen, n.gaps, b);
        } else {
            if (std::adjacent_find(n.gaps.begin(), n.gaps.end(), std::not_equal_to<unsigned>()) != n.gaps.end())
                c.note("a chain of different distances (adj7 ... adj1): refdex holds the whole chain in one window of "
                       "their sum, so a little more than Ovid may match.");
            for (std::size_t i = 0; i < chosen.size(); ++i) {
                const OvidNode* word = chosen[i];
                if (i) b.gen(n.gaps[i - 1] ? " NEAR/" + std::to_string(n.gaps[i - 1]) + " " : " ADJ/1 ", word->at);
                render_term(c, *word, b);
            }
        }
        if (combinations > 1) b.gen(")", n.at);
    }
    if (combinations > 1) b.gen(")", n.at);
}

void render(const Context& c, const OvidNode& n, Builder& b, bool in_field) {
    if (n.kind == OvidNode::Ref) {
        // A field around a line's query would re-field its unqualified words.
        if (in_field) c.fail(n.at, "a field suffix cannot apply to a line number; put the field on the terms.");
        return c.gen_ref(b, n.ref, n.at);
    }
    if (n.kind == OvidNode::Term) return render_term(c, n, b);
    Builder inner;
    const bool fielded = !n.suffix.empty();
    if (n.kind == OvidNode::Adj) {
        render_adj(c, n, inner);
    } else {
        for (std::size_t i = 0; i < n.children.size(); ++i) {
            const OvidNode& child = n.children[i];
            if (i) inner.gen(" " + n.ops[i - 1] + " ", child.at);
            const bool paren = child.kind == OvidNode::Group || child.kind == OvidNode::Adj;
            if (paren && child.suffix.empty()) inner.gen("(", child.at);
            render(c, child, inner, in_field || fielded);
            if (paren && child.suffix.empty()) inner.gen(")", child.at);
        }
    }
    if (fielded) render_fielded(c, n, b, inner, true);
    else b.append(inner);
}

// ---- Ovid: whole-line commands --------------------------------------------------


std::size_t at_of(const Match& m, int group, std::size_t base) {
    return base + static_cast<std::size_t>(m.position(group));
}

// or/1-3,5 and/1,2
void combine_lines(const Context& c, const Match& m, std::size_t base, Builder& b) {
    const std::string op = lower(m[1].str()) == "or" ? " OR " : " AND ";
    const std::string list = m[2].str();
    const std::size_t list_at = at_of(m, 2, base);
    static const std::regex kItem(R"(\s*#?(\d+)\s*(?:-\s*#?(\d+))?\s*)");  // "#1-#3" in the Cochrane Library
    std::size_t start = 0, count = 0;
    while (start <= list.size()) {
        const auto comma = std::min(list.find(',', start), list.size());
        const std::string item = list.substr(start, comma - start);
        std::smatch im;
        if (!std::regex_match(item, im, kItem)) c.fail(list_at + start, "'" + item + "' is not a line number or range.");
        const unsigned lo = parse_number(c, im[1].str(), list_at + start);
        const unsigned hi = im[2].matched ? parse_number(c, im[2].str(), list_at + start) : lo;
        if (hi < lo) c.fail(list_at + start, "the range " + item + " runs backwards.");
        for (unsigned n = lo; n <= hi; ++n) {
            if (count++) b.gen(op, list_at + start);
            c.gen_ref(b, n, list_at + start);
        }
        start = comma + 1;
    }
}

// "english or french language" / "english language or french language":
// the languages' codes, or none unless every name is a language refdex knows.
std::vector<std::string> language_list(const std::string& item) {
    static const std::regex kList(R"(\s*[A-Za-z]+(\s+language)?(\s+or\s+[A-Za-z]+(\s+language)?)+\s*)", std::regex::icase);
    static const std::regex kName(R"(([A-Za-z]+)(\s+language)?)", std::regex::icase);
    if (!std::regex_match(item, kList)) return {};
    std::vector<std::string> codes;
    for (auto it = std::sregex_iterator(item.begin(), item.end(), kName); it != std::sregex_iterator(); ++it) {
        const std::string name = (*it)[1].str();
        if (lower(name) == "or") continue;
        const std::string code = normalise_language(name);
        if (code.size() != 2) return {};  // not a language (humans, animals ...): the caller says what is supported
        codes.push_back(code);
    }
    return codes;
}

// limit 4 to yr="2015-2020", limit 4 to (english language and yr="2015 - Current")
void limit_line(const Context& c, const Match& m, std::size_t base, Builder& b) {
    const std::size_t ref_at = at_of(m, 1, base);
    c.gen_ref(b, parse_number(c, m[1].str(), ref_at), ref_at);
    std::string limits = m[2].str();
    std::size_t at = at_of(m, 2, base);
    if (limits.size() >= 2 && limits.front() == '(' && limits.back() == ')') {
        limits = limits.substr(1, limits.size() - 2);
        ++at;
    }
    static const std::regex kAnd(R"(\s+and\s+)", std::regex::icase);
    // Quotes and dashes as typed, or as Word makes them ("smart" quotes, en or em dash).
    static const std::regex kYear(
        R"(\s*yr\s*=\s*(?:"|\xE2\x80\x9C|\xE2\x80\x9D)?\s*(\d{4})\s*(?:(?:-|\xE2\x80\x93|\xE2\x80\x94)\s*(\d{4}|current)\s*)?(?:"|\xE2\x80\x9C|\xE2\x80\x9D)?\s*)",
        std::regex::icase);
    static const std::regex kLanguage(R"(\s*([A-Za-z]+)\s+language\s*)", std::regex::icase);
    std::size_t start = 0;
    for (;;) {
        std::smatch sep;
        const std::string tail = limits.substr(start);
        const bool more = std::regex_search(tail, sep, kAnd);
        const std::string item = more ? tail.substr(0, static_cast<std::size_t>(sep.position(0))) : tail;
        std::smatch im;
        if (std::regex_match(item, im, kYear)) {
            std::string range = im[1].str();
            if (im[2].matched) range += ".." + (lower(im[2].str()) == "current" ? "" : im[2].str());
            b.gen(" AND year:" + range, at + start);
        } else if (std::regex_match(item, im, kLanguage)) {
            b.gen(" AND lang:" + normalise_language(im[1].str()), at + start);
        } else if (const auto codes = language_list(item); !codes.empty()) {
            std::string any;
            for (const std::string& code : codes) any += (any.empty() ? "" : " OR ") + ("lang:" + code);
            b.gen(" AND (" + any + ")", at + start);
        } else {
            std::string what = item;
            what.erase(0, what.find_first_not_of(' '));
            const std::string lowered = lower(what);
            std::string why = "refdex only knows the limits yr=\"A-B\" and <language> language (or several: english or french)";
            if (lowered == "abstracts") why = "the index does not mark which records have an abstract";
            else if (lowered == "humans" || lowered == "animals")
                why += "; search the heading on a line of its own instead (e.g. " + m[1].str() + " and " + lowered + "/)";
            else if (lowered.find("last") == 0) why += "; give the years instead (e.g. yr=\"2020-Current\")";
            c.fail(at + start, "limit to " + what + " is not supported: " + why + ".");
        }
        if (!more) break;
        start += static_cast<std::size_t>(sep.position(0) + sep.length(0));
    }
}

void translate_ovid(const Context& c, std::size_t body, Builder& b) {
    std::string_view s = c.line.substr(0, c.line.find_last_not_of(" \t\r") + 1);
    // Ovid's export ends each line with its hit count: "exp X/ (1234)" (the
    // tab-separated columns of a copied history row are cut in parse_strategy).
    static const std::regex kCount(R"(\s+\(\d+\)$)");
    Match cm;
    if (std::regex_search(s.begin() + static_cast<std::ptrdiff_t>(body), s.end(), cm, kCount))
        s = s.substr(0, body + static_cast<std::size_t>(cm.position(0)));
    const std::string_view rest = s.substr(body);
    static const std::regex kCombine(R"((or|and)/([\d\s,\-]+))", std::regex::icase);
    static const std::regex kLimit(R"(limit\s+(\d+)\s+to\s+(.+))", std::regex::icase);
    static const std::regex kRemove(R"(remove\s+duplicates\s+from\s+(\d+))", std::regex::icase);
    Match m;
    if (std::regex_match(rest.begin(), rest.end(), m, kCombine)) return combine_lines(c, m, body, b);
    if (std::regex_match(rest.begin(), rest.end(), m, kLimit)) return limit_line(c, m, body, b);
    if (std::regex_match(rest.begin(), rest.end(), m, kRemove)) {
        c.note("remove duplicates: refdex reports every line with and without duplicates already.");
        const std::size_t at = at_of(m, 1, body);
        return c.gen_ref(b, parse_number(c, m[1].str(), at), at);
    }
    Context trimmed = c;
    trimmed.line = s;
    const OvidNode root = OvidParser(trimmed, ovid_tokens(trimmed, body)).run();
    render(trimmed, root, b, false);
}

// The Cochrane Library's (CENTRAL's) whole-line MeSH form, in a "#N" line:
// "MeSH descriptor: [X] explode all trees" is exp X/, "... this term only"
// is X/. False for anything else.
bool translate_cochrane_command(const Context& c, std::size_t body, Builder& b) {
    const std::string_view rest = c.line.substr(body);
    // "MeSH descriptor: [X] explode all trees", and the Library's form
    // before 2018, "MeSH descriptor X explode all trees".
    static const std::regex kMesh(
        R"(mesh descriptor(?::\s*\[([^\]]+)\]|\s+(?!\[)([^:\[\]]+?))\s*,?\s*(explode all trees|this term only)\s*(.*))",
        std::regex::icase);
    Match m;
    if (!std::regex_match(rest.begin(), rest.end(), m, kMesh)) return false;
    if (!m[4].str().empty())
        c.fail(at_of(m, 4, body), "MeSH qualifiers are not supported; search the descriptor alone.");
    const bool explode = lower(m[3].str()) == "explode all trees";
    if (explode)
        c.note("MeSH descriptor ... explode all trees: refdex has no thesaurus, so headings that contain it stand in "
               "for its narrower ones.");
    const int name = m[1].matched ? 1 : 2;
    b.gen(std::string(explode ? "keyword:" : "heading:") + "\"" + m[name].str() + "\"", at_of(m, name, body));
    return true;
}

// ---- lines ----------------------------------------------------------------------------

struct Numbered {
    std::size_t file_line;
    std::string line;
    unsigned number;
    Dialect dialect;
    std::size_t body;  // byte offset of the text after the number
};

// Lines of an Ovid export that are not searches.
bool is_decoration(std::string_view s) {
    const std::string l = lower(s);
    if (l.rfind("database:", 0) == 0 || l.rfind("search strategy:", 0) == 0) return true;
    // The header row of Ovid's web search history, copied with its rows: "#<TAB>Searches<TAB>Results...".
    static const std::regex kHistoryHeader(R"(\s*#\s*\t\s*searches\b.*)");
    if (std::regex_match(l, kHistoryHeader)) return true;
    // The Cochrane Library's export: "ID<TAB>Search<TAB>Hits" and its "Search Name:", "Date Run:" lines.
    static const std::regex kCochraneHeader(R"(\s*(id\s*\tsearch\b.*|(search name|date run|comment|last saved):.*))");
    if (std::regex_match(l, kCochraneHeader)) return true;
    // Embase.com's history export: "No.<TAB>Query<TAB>Results<TAB>Date".
    static const std::regex kEmbaseHeader(R"(\s*no\.?\s*\tquery\b.*)");
    if (std::regex_match(l, kEmbaseHeader)) return true;
    return s.find_first_not_of("-*=_ \t") == std::string_view::npos;
}

// Ovid's own notes in square brackets, which its search history prints
// after a line: "[mp=title, ...]", "[Limit not valid in Embase; records
// were retained]", and a subheading's name after it ("Heart Failure/dt
// [Drug Therapy]").
bool is_ovid_note(std::string_view body, std::size_t open, std::size_t close) {
    std::string_view inside = body.substr(open + 1, close - open - 1);
    while (!inside.empty() && is_space(inside.front())) inside.remove_prefix(1);
    while (!inside.empty() && is_space(inside.back())) inside.remove_suffix(1);
    const std::string note = lower(inside);
    if (note.rfind("mp=", 0) == 0 || note.rfind("limit not valid", 0) == 0) return true;
    // "/dt, pc [Drug Therapy, Prevention & Control]": name for name.
    const std::size_t slash = body.rfind('/', open);
    if (slash == std::string_view::npos) return false;
    const auto abbreviations = subheading_list(lower(body.substr(slash + 1, open - slash - 1)));
    const auto names = subheading_list(note);
    if (abbreviations.size() != names.size()) return false;
    for (std::size_t i = 0; i < names.size(); ++i) {
        const std::string name = query::ampersand_form(query::subheading_name(abbreviations[i]));
        if (abbreviations[i].size() != 2 || name.empty() || name != query::ampersand_form(names[i])) return false;
    }
    return true;
}

// A PubMed body in an Ovid-numbered line: [tags] (not Ovid's notes) or #N
// references, neither of which Ovid syntax has.
bool looks_pubmed(std::string_view body) {
    static const std::regex kReference(R"((^|[\s(])#\d)");
    if (std::regex_search(body.begin(), body.end(), kReference)) return true;
    for (std::size_t open = body.find('['); open != std::string_view::npos; open = body.find('[', open + 1)) {
        const std::size_t close = body.find(']', open);
        if (close == std::string_view::npos || !is_ovid_note(body, open, close)) return true;
    }
    return false;
}

Numbered number_line(std::size_t file_line, std::string line) {
    // The Cochrane Library appends this note to a line it searched with
    // word variations: a note, not words to search for.
    static const std::regex kVariations(R"(\s*\(word variations have been searched\)\s*$)", std::regex::icase);
    std::smatch variations;
    if (std::regex_search(line, variations, kVariations)) line.resize(static_cast<std::size_t>(variations.position(0)));
    // Ovid's note after a limit it could not apply in one of its databases.
    static const std::regex kLimitNote(R"(\s*\[\s*limit not valid[^\]]*\]\s*$)", std::regex::icase);
    std::smatch limit_note;
    if (std::regex_search(line, limit_note, kLimitNote)) line.resize(static_cast<std::size_t>(limit_note.position(0)));
    std::size_t i = line.find_first_not_of(" \t");
    const bool hash = line[i] == '#';
    if (hash) ++i;
    const std::size_t digits = i;
    while (i < line.size() && is_digit(line[i])) ++i;
    const auto fail = [&](const std::string& message) -> Numbered {
        throw StrategyError(file_line, char_position(line, digits - (hash ? 1 : 0)), message);
    };
    if (i == digits || i - digits > 6)
        return fail("a strategy line starts with its number: #1 (PubMed style) or 1. (Ovid style).");
    const unsigned number = static_cast<unsigned>(std::stoul(line.substr(digits, i - digits)));
    if (i < line.size() && line[i] == '.') ++i;  // "1." (Ovid), "#1." (as some appendices print it)
    // The Cochrane Library's page shows "#1" in a cell of its own: copied,
    // it runs into the search ("#1MeSH descriptor: ...").
    const bool runs_on = hash && i < line.size() &&
                         (std::isalpha(static_cast<unsigned char>(line[i])) || line[i] == '(' || line[i] == '"');
    if (i < line.size() && !is_space(line[i]) && !runs_on) return fail("the line number must be followed by a space.");
    while (i < line.size() && is_space(line[i])) ++i;
    if (i == line.size()) return fail("line " + std::to_string(number) + " has no search after its number.");
    Dialect dialect = hash || looks_pubmed(std::string_view(line).substr(i)) ? Dialect::PubMed : Dialect::Ovid;
    return {file_line, std::move(line), number, dialect, i};
}

bool builds_on(const std::vector<unsigned>& refs, const std::set<unsigned>& unusable) {
    return std::any_of(refs.begin(), refs.end(), [&](unsigned r) { return unusable.count(r) > 0; });
}

}  // namespace

const char* dialect_name(Dialect dialect) {
    switch (dialect) {
        case Dialect::Ovid: return "Ovid";
        case Dialect::Embase: return "Embase.com";
        case Dialect::PubMed: break;
    }
    return "PubMed";
}

std::string ovid_wildcards(std::string_view word) {
    std::string out;
    for (std::size_t i = 0; i < word.size(); ++i) {
        const char ch = word[i];
        if (ch == '#') out += '?';
        else if (ch == '?') out += '$';
        else if (ch != '$') out += ch;
        else {
            std::size_t j = i + 1;
            while (j < word.size() && j - i <= 2 && is_digit(word[j])) ++j;
            if (j == i + 1) {
                out += '*';
            } else {
                out.append(std::stoul(std::string(word.substr(i + 1, j - i - 1))), '$');
                i = j - 1;
            }
        }
    }
    return out;
}

std::size_t StrategyLine::input_position(std::size_t offset) const {
    std::size_t byte = 0;
    for (const Segment& s : map) {
        if (s.out > offset) break;
        byte = s.copied ? s.in + (offset - s.out) : s.in;
    }
    return char_position(input, byte);
}

// `line` with Unicode hyphens and dashes (U+2010-U+2013, U+2212) as '-':
// the Cochrane Library prints every hyphen of a strategy as U+2010
// ("beta‐blocker"), and word processors turn "or/1-3" into "or/1–3". One
// character for one, so character positions in the line stay.
// An Embase.com 'phrase' set in typographic quotes (‘heart failure’/exp,
// as Word and journals print it) as the straight quotes: ‘ always, and ’
// where it closes a term (before a space, ')', ':', '/', ',' or the end), so
// an apostrophe inside a word (crohn’s) stays. One character for one.
std::string ascii_single_quotes(const std::string& line) {
    std::string out;
    out.reserve(line.size());
    for (std::size_t i = 0; i < line.size(); ++i) {
        const bool left = line.compare(i, 3, "\xE2\x80\x98") == 0, right = line.compare(i, 3, "\xE2\x80\x99") == 0;
        const std::size_t after = i + 3;
        const bool closes = after >= line.size() || is_space(line[after]) ||
                            std::string_view("):/,").find(line[after]) != std::string_view::npos;
        if (left || (right && closes)) {
            out += '\'';
            i += 2;
        } else {
            out += line[i];
        }
    }
    return out;
}

std::string ascii_hyphens(std::string line) {
    std::string out;
    out.reserve(line.size());
    for (std::size_t i = 0; i < line.size(); ++i) {
        const auto b1 = i + 2 < line.size() ? static_cast<unsigned char>(line[i + 1]) : 0;
        const auto b2 = i + 2 < line.size() ? static_cast<unsigned char>(line[i + 2]) : 0;
        const auto b0 = static_cast<unsigned char>(line[i]);
        if ((b0 == 0xE2 && b1 == 0x80 && b2 >= 0x90 && b2 <= 0x93) || (b0 == 0xE2 && b1 == 0x88 && b2 == 0x92)) {
            out += '-';
            i += 2;
        } else {
            out += line[i];
        }
    }
    return out;
}

ParsedStrategy read_strategy(std::string_view text) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // UTF-8 BOM
    // A pasted strategy often has several lines to fix: each bad line is
    // noted and the reading goes on, so one run names them all.
    ParsedStrategy parsed;
    std::vector<StrategyError::Problem>& problems = parsed.problems;
    const auto note_problem = [&problems](const StrategyError& e) {
        problems.insert(problems.end(), e.problems().begin(), e.problems().end());
    };
    std::vector<Numbered> numbered;
    std::map<unsigned, std::size_t> numbers;
    std::size_t file_line = 0;
    for (std::size_t start = 0; start < text.size();) {
        auto end = std::min(text.find('\n', start), text.size());
        std::string line = ascii_single_quotes(ascii_hyphens(query::ascii_spaces(text.substr(start, end - start))));
        start = end + 1;
        // A row copied from a database's search history (Ovid, the Cochrane
        // Library): the hit count and what follows are columns after tabs.
        static const std::regex kColumns(R"(\t+\d[\d,]*(\t.*)?\r?$)");
        std::smatch cm;
        const auto body = line.find_first_of(" \t", line.find_first_not_of(" \t"));
        if (body != std::string::npos &&
            std::regex_search(line.cbegin() + static_cast<std::ptrdiff_t>(body), line.cend(), cm, kColumns))
            line.resize(body + static_cast<std::size_t>(cm.position(0)));
        ++file_line;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (is_decoration(line)) continue;
        try {
            Numbered n = number_line(file_line, std::move(line));
            if (numbers.count(n.number))
                throw StrategyError(file_line, 1, "line number " + std::to_string(n.number) +
                                                      " is used twice (also on file line " +
                                                      std::to_string(numbers[n.number]) + ").");
            numbers[n.number] = file_line;
            numbered.push_back(std::move(n));
        } catch (const StrategyError& e) {
            note_problem(e);
        }
    }
    if (numbered.empty() && problems.empty()) problems.push_back({file_line, 1, "the strategy has no numbered lines."});
    // A search history copied newest first (#5, #4, ... #1): run in order.
    const bool newest_first = numbered.size() > 1 && std::is_sorted(numbered.begin(), numbered.end(), [](const Numbered& a, const Numbered& b) {
        return a.number > b.number;
    });
    if (newest_first) std::reverse(numbered.begin(), numbered.end());
    std::vector<StrategyLine>& out = parsed.lines;
    std::set<unsigned> unusable;  // lines that failed, and lines that combine them
    for (const Numbered& n : numbered) {
        StrategyLine line;
        line.number = n.number;
        line.file_line = n.file_line;
        line.dialect = n.dialect;
        line.input = n.line;
        Context c{line.input, n.file_line, n.number, out, numbers, line.notes, line.refs};
        Builder b;
        try {
            if (n.dialect == Dialect::PubMed) {
                if (is_embase_line(line.input, n.body)) line.dialect = Dialect::Embase;
                if (!translate_cochrane_command(c, n.body, b)) translate_pubmed(c, n.body, b);
            } else {
                translate_ovid(c, n.body, b);
            }
        } catch (const StrategyError& e) {
            if (!builds_on(line.refs, unusable)) note_problem(e);
            line.usable = false;
        }
        if (builds_on(line.refs, unusable)) line.usable = false;
        if (!line.usable) unusable.insert(n.number);
        line.query = b.text();
        line.map = b.map();
        out.push_back(std::move(line));
    }
    std::stable_sort(problems.begin(), problems.end(),
                     [](const auto& a, const auto& b) { return a.file_line < b.file_line; });
    return parsed;
}

std::vector<StrategyLine> parse_strategy(std::string_view text) {
    ParsedStrategy parsed = read_strategy(text);
    if (!parsed.problems.empty()) throw StrategyError(std::move(parsed.problems));
    return std::move(parsed.lines);
}

}  // namespace refdex::strategy
