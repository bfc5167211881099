#include "dedup_keys.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

#include "normalise.h"

namespace refdex {

namespace {

// Greek letters as biomedical titles spell them either way ("TNF-α" and
// "TNF-alpha" are the same title in two databases). Lower case: fold() ran.
constexpr std::array<std::pair<char32_t, const char*>, 12> kGreek{{
    {U'α', "alpha"}, {U'β', "beta"}, {U'γ', "gamma"}, {U'δ', "delta"}, {U'ε', "epsilon"}, {U'ζ', "zeta"},
    {U'η', "eta"}, {U'θ', "theta"}, {U'κ', "kappa"}, {U'λ', "lambda"}, {U'μ', "mu"}, {U'ω', "omega"},
}};

// Appends the code point to `out` if it is a letter or digit (Greek spelled
// out); `space` is written instead of anything else, once per run.
void append_alnum(std::string& out, UChar32 c, const char* space) {
    for (const auto& [letter, name] : kGreek)
        if (static_cast<UChar32>(letter) == c) {
            out += name;
            return;
        }
    if (u_isalnum(c)) {
        char buf[4];
        std::size_t n = 0;
        U8_APPEND_UNSAFE(buf, n, c);
        out.append(buf, n);
    } else if (*space && !out.empty() && out.back() != *space) {
        out += space;
    }
}

// Letters and digits of folded `text`; `space` ("" or " ") between words.
std::string alnum_only(std::string_view text, const char* space) {
    std::string out;
    std::int32_t i = 0;
    const auto* s = reinterpret_cast<const std::uint8_t*>(text.data());
    const auto length = static_cast<std::int32_t>(text.size());
    while (i < length) {
        UChar32 c;
        U8_NEXT(s, i, length, c);
        if (c == '&') {
            if (*space && !out.empty() && out.back() != ' ') out += ' ';
            out += "and";
            if (*space) out += ' ';
            continue;
        }
        if (c >= 0) append_alnum(out, c, space);
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

// "Efficacy of X. [Chinese]" -> "Efficacy of X.": MEDLINE and Embase append
// markers ("[Chinese]", "[Review] [33 refs]", "[Erratum appears in ...]",
// sometimes cut off before the "]") that other databases do not. A title
// that is wholly bracketed ("[A study of X]", a translated title) keeps its
// text; the brackets go with the punctuation.
std::string_view drop_trailing_markers(std::string_view title) {
    for (;;) {
        while (!title.empty() && (title.back() == ' ' || title.back() == '.')) title.remove_suffix(1);
        std::size_t open = std::string_view::npos;
        if (!title.empty() && title.back() == ']') {
            // Markers nest ("[Erratum appears in ... Note: X [added]]"): the
            // '[' that balances the final ']'.
            int depth = 0;
            for (std::size_t i = title.size(); i-- > 0;) {
                if (title[i] == ']') ++depth;
                else if (title[i] == '[' && --depth == 0) {
                    open = i;
                    break;
                }
            }
        } else {
            // A marker cut off before its "]": the last '[' opens it.
            open = title.rfind('[');
            if (open != std::string_view::npos && title.find(']', open) != std::string_view::npos) return title;
        }
        // A translated title is bracketed whole, behind nothing but a
        // quote ("\"[Prevention of ..."): that is the title, not a marker.
        if (open == std::string_view::npos || !has_letter_or_digit(title.substr(0, open))) return title;
        title = title.substr(0, open);
    }
}

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool ends_with(std::string_view s, std::string_view p) { return s.size() >= p.size() && s.substr(s.size() - p.size()) == p; }

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '"')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '.' || s.back() == '"')) s.remove_suffix(1);
    return s;
}

// The text of a final "( ... )" group, nested groups included, or npos.
std::size_t final_group(std::string_view s) {
    if (s.empty() || s.back() != ')') return std::string_view::npos;
    int depth = 0;
    for (std::size_t i = s.size(); i-- > 0;) {
        if (s[i] == ')') ++depth;
        else if (s[i] == '(' && --depth == 0) return i;
    }
    return std::string_view::npos;
}

// "(vol 360, pg 542, 2009)" (Web of Science) or "(new england journal of
// medicine (2009) 360 (542-544))" (Embase): where the corrected article was.
bool cites_corrected_article(std::string_view group) {
    if (starts_with(group, "vol ") && group.find(" pg ") != std::string_view::npos) return true;
    // Embase: "(year) volume (pages)" closes the group.
    for (std::size_t i = group.find('('); i != std::string_view::npos; i = group.find('(', i + 1)) {
        const std::string_view year = group.substr(i + 1, 6);
        if (year.size() < 6 || year.find_first_not_of("0123456789") != 4 || year.substr(4) != ") ") continue;
        const std::string_view rest = group.substr(i + 7);
        const std::size_t pages = rest.find(" (");
        if (pages != std::string_view::npos && pages > 0 && rest.find(' ') == pages && ends_with(rest, ")"))
            return true;
    }
    return false;
}

// A dash or colon before a final word ("x - reply", "x: correction"): en
// and em dashes are three bytes in UTF-8.
bool separated_suffix(std::string_view s, std::string_view word) {
    if (!ends_with(s, word)) return false;
    std::string_view before = s.substr(0, s.size() - word.size());
    const std::size_t length = before.size();
    while (!before.empty() && before.back() == ' ') before.remove_suffix(1);
    const bool spaced_after = before.size() < length;
    // A hyphen between two words joins them ("clot-retraction", "gamma-
    // correction"); only a spaced one ("X - Reply", "X -reply") separates.
    if (ends_with(before, "-")) return spaced_after || (before.size() >= 2 && before[before.size() - 2] == ' ');
    return ends_with(before, ":") || ends_with(before, "\xe2\x80\x93") || ends_with(before, "\xe2\x80\x94");
}

std::string_view without_separated_suffix(std::string_view s, std::string_view word) {
    s.remove_suffix(word.size());
    while (!s.empty() && (s.back() == ' ' || s.back() == '-' || s.back() == ':')) s.remove_suffix(1);
    if (ends_with(s, "\xe2\x80\x93") || ends_with(s, "\xe2\x80\x94")) s.remove_suffix(3);
    return s;
}

// A retraction notice: strip_notice()'s kind for it, never a title_notice() letter.
constexpr char kRetraction = 'x';

// `folded` without its notice markers; `kind` gets title_notice()'s letter,
// or kRetraction.
std::string_view strip_notice(std::string_view folded, char& kind) {
    static constexpr std::pair<std::string_view, char> kPrefixes[] = {
        {"erratum to:", 'e'},     {"erratum to ", 'e'},      {"erratum for ", 'e'}, {"erratum:", 'e'},
        {"errata:", 'e'},         {"correction to:", 'e'},   {"correction to ", 'e'}, {"correction:", 'e'},
        {"corrigendum to:", 'e'}, {"corrigendum to ", 'e'},  {"corrigendum:", 'e'}, {"reply to:", 'r'},
        {"reply:", 'r'},          {"in reply:", 'r'},        {"authors' reply:", 'r'}, {"author's reply:", 'r'},
        {"retraction:", kRetraction},           {"retraction note:", kRetraction},
        {"retraction notice:", kRetraction},    {"retraction statement:", kRetraction},
        {"retraction note to:", kRetraction},   {"retraction note to ", kRetraction},
        {"retraction notice to:", kRetraction}, {"retraction notice to ", kRetraction},
        {"retraction of:", kRetraction},        {"retraction to:", kRetraction},
        {"notice of retraction:", kRetraction},
    };
    kind = 0;
    std::string_view s = trim(folded);
    for (const auto& [prefix, k] : kPrefixes)
        if (starts_with(s, prefix)) {
            s = trim(s.substr(prefix.size()));
            kind = k;
            break;
        }
    if (const std::size_t open = final_group(s); open != std::string_view::npos && open > 0) {
        const std::string_view group = s.substr(open + 1, s.size() - open - 2);
        if (group == "multiple letters") {
            s = trim(s.substr(0, open));
            kind = kind ? kind : 'r';
        } else if (cites_corrected_article(group)) {
            s = trim(s.substr(0, open));
            kind = 'e';
        } else if (constexpr std::string_view of = "retraction of ";
                   starts_with(group, of) && cites_corrected_article(group.substr(of.size()))) {
            // Web of Science: "X (Retraction of vol 12, pg 100, 2019)".
            s = trim(s.substr(0, open));
            kind = kRetraction;
        }
    }
    for (const auto& [word, k] : {std::pair<std::string_view, char>{"correction", 'e'}, {"erratum", 'e'}, {"reply", 'r'},
                                  {"retraction", kRetraction}})
        if (separated_suffix(s, word)) {
            s = trim(without_separated_suffix(s, word));
            kind = kind ? kind : k;
            break;
        }
    return s;
}

std::string first_initial(const AuthorName& name) {
    for (const auto& part : name.given) {
        std::string letters = alnum_only(part, "");
        if (!letters.empty()) {
            std::size_t n = 1;
            while (n < letters.size() && (static_cast<unsigned char>(letters[n]) & 0xC0) == 0x80) ++n;
            return letters.substr(0, n);
        }
    }
    return {};
}

bool is_stop_word(std::string_view w) { return w == "of" || w == "the" || w == "and" || w == "for" || w == "in"; }

constexpr char kSep = '\x1f';

}  // namespace

// British and American spellings meet ("haemolytic uraemic" / "hemolytic
// uremic", "randomised" / "randomized"): applied to both sides of every
// comparison, so the rare word it blurs costs nothing.
void unify_spelling(std::string& s) {
    static const std::pair<std::string_view, std::string_view> kSwaps[] = {
        {"ae", "e"}, {"oe", "e"}, {"isation", "ization"}, {"ised", "ized"}};
    for (const auto& [from, to] : kSwaps) {
        std::string out;
        out.reserve(s.size());
        for (std::size_t i = 0; i < s.size();) {
            if (s.compare(i, from.size(), from) == 0) {
                out += to;
                i += from.size();
            } else {
                out += s[i++];
            }
        }
        s = std::move(out);
    }
}

namespace {

// "X (Structured abstract)": the Centre for Reviews and Dissemination's
// abstract of article X, indexed under X's title with this suffix.
std::string_view drop_abstract_suffix(std::string_view folded) {
    std::string_view s = trim(folded);
    const std::size_t open = final_group(s);
    if (open == std::string_view::npos || open == 0) return folded;
    const std::string_view group = s.substr(open + 1, s.size() - open - 2);
    if (group != "structured abstract" && group != "provisional abstract") return folded;
    return trim(s.substr(0, open));
}

// The comparison form, the notice letter and the numbers of a title, from one fold.
struct TitleForm {
    std::string title;
    char notice = 0;
    std::string numbers;
};

// Roman numerals up to 39 (the ones titles number parts and types with),
// in their canonical spelling only: "iiii" or "vx" is no number.
int roman_value(std::string_view word) {
    static constexpr std::string_view kOnes[] = {"", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"};
    for (int n = 1; n < 40; ++n) {
        std::string spelled(static_cast<std::size_t>(n / 10), 'x');
        spelled.append(kOnes[n % 10]);  // appended: GCC 12 warns falsely on string + string here
        if (word == spelled) return n;
    }
    return 0;
}

bool numbers_things(std::string_view word) {
    static constexpr std::string_view kWords[] = {"part", "type", "phase", "stage", "grade", "class", "study",
                                                  "trial", "section", "chapter", "series", "volume", "vol", "no"};
    return std::find(std::begin(kWords), std::end(kWords), word) != std::end(kWords);
}

// Words after which a letter names a thing, not an article: "part A",
// "hepatitis A", "vitamin A", "group A".
bool letters_things(std::string_view word) {
    static constexpr std::string_view kWords[] = {"group", "hepatitis", "vitamin", "influenza", "factor", "protein",
                                                  "cohort", "arm", "appendix", "panel", "subtype", "serotype",
                                                  "genotype", "strain", "form", "model", "schedule", "level"};
    return numbers_things(word) || std::find(std::begin(kWords), std::end(kWords), word) != std::end(kWords);
}

// Words whose opposite names another population, site or design ("men" /
// "women", "acute" / "chronic", "in vitro" / "in vivo"), as "class=value":
// "men" and "males" are one value, so a title naming either is one title.
std::string contrast_word(std::string_view word) {
    static constexpr std::pair<std::string_view, std::string_view> kWords[] = {
        {"men", "sex=m"}, {"man", "sex=m"}, {"male", "sex=m"}, {"males", "sex=m"}, {"boys", "sex=m"},
        {"boy", "sex=m"}, {"women", "sex=f"}, {"woman", "sex=f"}, {"female", "sex=f"}, {"females", "sex=f"},
        {"girls", "sex=f"}, {"girl", "sex=f"}, {"children", "age=c"}, {"child", "age=c"}, {"paediatric", "age=c"},
        {"pediatric", "age=c"}, {"adults", "age=a"}, {"adult", "age=a"}, {"adolescents", "age=y"},
        {"adolescent", "age=y"}, {"infants", "age=i"}, {"infant", "age=i"}, {"neonates", "age=i"},
        {"acute", "course=a"}, {"chronic", "course=c"}, {"pre", "time=b"}, {"post", "time=a"},
        {"before", "time=b"}, {"after", "time=a"}, {"primary", "order=1"}, {"secondary", "order=2"},
        {"tertiary", "order=3"}, {"upper", "level=u"}, {"lower", "level=l"}, {"left", "side=l"},
        {"right", "side=r"}, {"maternal", "parent=m"}, {"paternal", "parent=p"}, {"vitro", "model=t"},
        {"vivo", "model=v"}, {"positive", "sign=p"}, {"negative", "sign=n"}, {"benign", "malignancy=b"},
        {"malignant", "malignancy=m"}};
    for (const auto& [w, value] : kWords)
        if (w == word) return std::string(value);
    return {};
}

// Three letters that are words, not acronyms such as "hbv" / "hcv".
bool common_three_letters(std::string_view word) {
    static constexpr std::string_view kWords[] = {
        "the", "and", "for", "its", "was", "has", "had", "his", "her", "are", "not", "but", "can", "may", "how",
        "who", "why", "all", "any", "one", "two", "six", "ten", "new", "old", "low", "via", "per", "age", "day",
        "way", "key", "non", "off", "out", "own", "use", "see", "set", "few", "big", "end", "top", "yes", "our",
        "get", "put", "run", "let", "too", "now", "far", "sex", "bad", "aid", "aim", "act", "add", "ago", "air",
        "arm", "art", "ask", "bed", "box", "car", "cut", "dog", "cat", "rat", "pig", "cow", "dry", "due", "ear",
        "eat", "eye", "fat", "fit", "fix", "fly", "gap", "gut", "hot", "ill", "job", "kit", "lab", "law", "leg",
        "lip", "lot", "mid", "mix", "net", "odd", "oil", "pro", "raw", "red", "sea", "sit", "sun", "tax", "tea",
        "tip", "toe", "war", "wet", "win", "yet", "say", "did", "got", "lie", "son", "web", "app", "map", "nor",
        "she", "him", "you"};
    return std::find(std::begin(kWords), std::end(kWords), word) != std::end(kWords);
}

// A word that tells a title from its look-alike a letter apart, in the form
// DedupFields::numbers keeps it after its ';': a letter ("hepatitis B",
// "Part C"; not "a", the article, unless a word that names things comes
// before it, nor "s" of "women's", "i", or "t" of "don't"), a number with a
// letter ("1a", "phase IIa" as "2a"), an acronym of three letters ("hbv"),
// or a contrast_word(). "" for any other word.
std::string title_mark(std::string_view word, std::string_view previous) {
    auto lower = [](char c) { return c >= 'a' && c <= 'z'; };
    auto digits = [](std::string_view w) { return !w.empty() && w.find_first_not_of("0123456789") == w.npos; };
    if (std::string contrast = contrast_word(word); !contrast.empty()) return contrast;
    if (word.size() == 1 && lower(word[0])) {
        const char c = word[0];
        if (c == 's' || c == 'i' || (c == 'a' && !letters_things(previous)) ||
            (c == 't' && !previous.empty() && previous.back() == 'n'))
            return {};
        return std::string(word);
    }
    if (word.size() >= 2 && word.size() <= 5 && word.back() >= 'a' && word.back() <= 'h') {
        std::string_view number = word.substr(0, word.size() - 1);
        while (number.size() > 1 && number.front() == '0') number.remove_prefix(1);
        if (digits(number)) return std::string(number) + word.back();
        if (const int roman = numbers_things(previous) ? roman_value(number) : 0; roman > 0)
            return std::to_string(roman) + word.back();
    }
    if (word.size() == 3 && lower(word[0]) && lower(word[1]) && lower(word[2]) && !common_three_letters(word))
        return std::string(word);
    return {};
}

std::string numbers_in(std::string_view words) {
    std::string out, marks;
    auto add = [&out](std::string_view number) {
        while (number.size() > 1 && number.front() == '0') number.remove_prefix(1);
        if (!out.empty()) out += ',';
        out += number;
    };
    auto all_digits = [](std::string_view w) { return !w.empty() && w.find_first_not_of("0123456789") == w.npos; };
    std::string_view previous;
    for (std::size_t start = 0; start < words.size();) {
        std::size_t end = std::min(words.find(' ', start), words.size());
        const std::string_view word = words.substr(start, end - start);
        if (all_digits(previous) && word.size() == 3 && all_digits(word)) {
            out += word;  // a thousands group: "10,000" and "10 000" are 10000
        } else if (all_digits(word)) {
            add(word);
        } else if (const int roman = numbers_things(previous) ? roman_value(word) : 0; roman > 0) {
            add(std::to_string(roman));
        } else if (const std::string mark = title_mark(word, previous); !mark.empty()) {
            if (!marks.empty()) marks += ',';
            marks += mark;
        }
        // Digits inside a word name a thing ("p16", "INK4a", "5-HT2A" as
        // "5 ht2a"), and a dropped superscript leaves "p6" for "p16".
        previous = word;
        start = end + 1;
    }
    if (!marks.empty()) out.append(";").append(marks);
    return out;
}

// "RETRACTED: X" (Elsevier marks the article itself so) and Web of Science's
// "X (Retracted article. See vol 12, pg 100, 2019)" are X: the retracted
// article is the work, and joins its unmarked copies in other databases.
std::string_view strip_retracted_marker(std::string_view folded) {
    std::string_view s = trim(folded);
    for (const std::string_view prefix : {"retracted article:", "retracted:"})
        if (starts_with(s, prefix)) {
            s = trim(s.substr(prefix.size()));
            break;
        }
    if (const std::size_t open = final_group(s); open != std::string_view::npos && open > 0 &&
                                                 starts_with(s.substr(open + 1), "retracted article"))
        s = trim(s.substr(0, open));
    return s;
}

TitleForm title_form(std::string_view title) {
    const std::string folded = fold(title);
    TitleForm form;
    const std::string_view bare = drop_trailing_markers(
        strip_notice(strip_retracted_marker(drop_abstract_suffix(drop_trailing_markers(folded))), form.notice));
    form.title = alnum_only(bare, "");
    unify_spelling(form.title);
    form.numbers = numbers_in(alnum_only(bare, " "));
    return form;
}

}  // namespace

std::string normalise_title(std::string_view title) { return title_form(title).title; }

std::string title_numbers(std::string_view title) { return title_form(title).numbers; }

std::string title_notice(std::string_view title) {
    const char kind = title_form(title).notice;
    return kind && kind != kRetraction ? std::string(1, kind) : std::string();
}

namespace {

// MEDLINE's publication type for a retraction notice (the article it
// retracts is a "Retracted Publication").
bool typed_as_retraction(const Record& record) {
    return std::any_of(record.publication_types.begin(), record.publication_types.end(),
                       [](const std::string& type) { return fold(type) == "retraction of publication"; });
}

}  // namespace

bool retraction_notice(const Record& record) {
    return typed_as_retraction(record) || title_form(record.title).notice == kRetraction;
}

std::string normalise_journal(std::string_view journal) {
    std::string words = alnum_only(fold(journal), " ");
    std::string out;
    std::size_t start = 0;
    while (start < words.size()) {
        std::size_t end = words.find(' ', start);
        if (end == std::string::npos) end = words.size();
        std::string_view w(words.data() + start, end - start);
        if (!is_stop_word(w)) {
            if (!out.empty()) out += ' ';
            out += w;
        }
        start = end + 1;
    }
    return out;
}

std::string journal_names(const Record& record) {
    std::string out = normalise_journal(record.journal);
    std::vector<std::string> seen{out};
    for (const std::string& name : record.journal_alternates) {
        std::string normalised = normalise_journal(name);
        // "J. Biol. Chem." beside "J Biol Chem" is one name once normalised.
        if (normalised.empty() || std::find(seen.begin(), seen.end(), normalised) != seen.end()) continue;
        if (!out.empty()) out += kJournalNameSeparator;
        out += normalised;
        seen.push_back(std::move(normalised));
    }
    return out;
}

std::string normalise_number(std::string_view value) {
    std::size_t dash = value.find_first_of("-\xe2");  // '-' or the lead byte of an en dash
    const std::string folded = fold(value.substr(0, dash == 0 ? value.size() : dash));
    std::string out = alnum_only(folded, "");
    // "353", "S353", "e494" are whole page numbers; in anything else
    // ("59 (1 Supplement 1)", "Drug Discovery. 9") the first number counts.
    // Digits apart ("58 (1)", "58(1)", "58 1": a volume written with its
    // issue) are two numbers, not one: the first counts.
    const std::size_t digit = out.find_first_of("0123456789");
    const std::size_t first_digit = folded.find_first_of("0123456789");
    const std::size_t last_digit = folded.find_last_of("0123456789");
    const bool one_run = first_digit == std::string::npos ||
                         folded.find_first_of(" \t([", first_digit) > last_digit;
    const bool page_like = digit <= 1 && one_run && out.find_first_not_of("0123456789", digit) == std::string::npos;
    if (digit != std::string::npos && !page_like) {
        const std::size_t from = folded.find_first_of("0123456789");
        out = folded.substr(from, folded.find_first_not_of("0123456789", from) - from);
    }
    std::size_t zeros = 0;
    while (zeros + 1 < out.size() && out[zeros] == '0') ++zeros;
    return out.substr(zeros);
}

std::string normalise_end_page(std::string_view start, std::string_view end) {
    const std::string first = normalise_number(start);
    std::string last = normalise_number(end);
    const bool digits = !first.empty() && !last.empty() &&
                        first.find_first_not_of("0123456789") == std::string::npos &&
                        last.find_first_not_of("0123456789") == std::string::npos;
    if (digits && last.size() < first.size()) last = first.substr(0, first.size() - last.size()) + last;
    return last == first ? std::string() : last;
}

namespace {

// The RIS type as the one distinction the rules use: a meeting paper and a
// journal article of the same title are usually two publications.
std::string venue_kind(const std::string& type) {
    if (type == "CONF" || type == "CPAPER" || type == "ABST") return "m";
    if (type == "JOUR" || type == "EJOUR" || type == "JFULL") return "j";
    return "";
}

}  // namespace

namespace {

constexpr std::string_view kCochranePrefix = "10.1002/14651858.cd";
constexpr std::size_t kReviewDigits = 6;

// "cd" + the six digits at `at` in `text`, or "" when they are not there.
std::string review_digits(std::string_view text, std::size_t at) {
    if (text.size() < at + kReviewDigits) return "";
    for (std::size_t i = at; i < at + kReviewDigits; ++i)
        if (text[i] < '0' || text[i] > '9') return "";
    if (text.size() > at + kReviewDigits && text[at + kReviewDigits] >= '0' && text[at + kReviewDigits] <= '9')
        return "";
    return "cd" + std::string(text.substr(at, kReviewDigits));
}

// A Cochrane DOI names the version (".pub3" the third); the comparison form
// keeps the review, so the versions of one review do not count as records
// with different DOIs.
std::string comparable_doi(const std::string& doi) {
    if (doi.compare(0, kCochranePrefix.size(), kCochranePrefix) != 0) return doi;
    const std::size_t end = kCochranePrefix.size() + kReviewDigits;
    return doi.size() > end && doi.compare(end, 4, ".pub") == 0 ? doi.substr(0, end) : doi;
}

}  // namespace

std::string cochrane_review_number(std::string_view doi, std::string_view start_page) {
    if (doi.substr(0, kCochranePrefix.size()) == kCochranePrefix) {
        std::string number = review_digits(doi, kCochranePrefix.size());
        if (!number.empty()) return number;
    }
    while (!start_page.empty() && (start_page.front() == ' ' || start_page.front() == '\t'))
        start_page.remove_prefix(1);
    if (start_page.size() < 2 || (start_page[0] != 'C' && start_page[0] != 'c') ||
        (start_page[1] != 'D' && start_page[1] != 'd'))
        return "";
    return review_digits(start_page, 2);
}

DedupFields dedup_fields(const Record& record, const std::string& id) {
    DedupFields f;
    f.id = id;
    TitleForm form = title_form(record.title);
    f.title = std::move(form.title);
    f.numbers = std::move(form.numbers);
    if (form.notice == kRetraction || typed_as_retraction(record)) f.retraction.assign(1, kRetraction);
    else if (form.notice) f.notice.assign(1, form.notice);
    f.year = record.year.value_or(0);
    if (!record.authors.empty()) {
        AuthorName name = parse_author(record.authors.front());
        f.author = alnum_only(name.surname, "");
        f.initial = first_initial(name);
    }
    f.journal = journal_names(record);
    f.volume = normalise_number(record.volume);
    // "Ph.D." (a thesis) or "(Jul)" (a month) in the volume's place says
    // nothing about where the work is printed.
    if (f.volume.find_first_of("0123456789") == std::string::npos) f.volume.clear();
    f.page = normalise_number(record.start_page);
    f.end_page = normalise_end_page(record.start_page, record.end_page);
    f.venue = venue_kind(record.type);
    f.doi = comparable_doi(record.doi);
    f.pmid = record.pmid;
    f.review = cochrane_review_number(record.doi, record.start_page);
    return f;
}

std::string encode_dedup(const DedupFields& f) {
    // Format version: 2 added end_page and venue, 3 notice, 4 review, 5
    // numbers, 6 every journal name in `journal`, 7 retraction, 8 the
    // title's marks after the numbers (title_numbers()).
    std::string out = "8";
    for (const std::string* s : {&f.id, &f.title, &f.author, &f.initial, &f.journal, &f.volume, &f.page, &f.doi,
                                 &f.pmid, &f.end_page, &f.venue, &f.notice, &f.review, &f.numbers, &f.retraction}) {
        out += kSep;
        out += *s;
    }
    out += kSep;
    out += std::to_string(f.year);
    return out;
}

DedupFields decode_dedup(std::string_view value) {
    DedupFields f;
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (start <= value.size()) {
        std::size_t end = value.find(kSep, start);
        if (end == std::string_view::npos) end = value.size();
        parts.push_back(value.substr(start, end - start));
        start = end + 1;
    }
    // Older versions are still read: an index built before them keeps
    // working, and only the rules that need the newer fields cannot fire.
    const bool v1 = parts.size() == 11 && parts[0] == "1";
    const bool v2 = parts.size() == 13 && parts[0] == "2";
    const bool v3 = parts.size() == 14 && parts[0] == "3";
    const bool v4 = parts.size() == 15 && parts[0] == "4";
    // 6 has the fields of 5; its journal may hold several names. An older
    // value's one name is read as a list of one.
    const bool v5_or_v6 = parts.size() == 16 && (parts[0] == "5" || parts[0] == "6");
    // Before 7 a retraction notice was not told apart: read as none (its
    // title keeps its marker, as it was written).
    // 8 has the fields of 7; its numbers may carry marks. A 7 has none: no
    // veto by them.
    const bool v7 = parts.size() == 17 && (parts[0] == "7" || parts[0] == "8");
    if (!v1 && !v2 && !v3 && !v4 && !v5_or_v6 && !v7) return f;
    std::string* fields[] = {&f.id, &f.title, &f.author, &f.initial, &f.journal, &f.volume, &f.page, &f.doi, &f.pmid,
                             &f.end_page, &f.venue, &f.notice, &f.review, &f.numbers, &f.retraction};
    const std::size_t strings = v7 ? 15 : v5_or_v6 ? 14 : v4 ? 13 : v3 ? 12 : v2 ? 11 : 9;
    if (!v5_or_v6 && !v7) f.numbers.assign(1, '?');  // assign(): GCC 12 warns falsely on = "?" here
    for (std::size_t i = 0; i < strings; ++i) *fields[i] = std::string(parts[i + 1]);
    const std::string_view year = parts.back();
    std::from_chars(year.data(), year.data() + year.size(), f.year);
    return f;
}

std::vector<std::string> blocking_keys(const DedupFields& f) {
    // Long enough that "s" blocks are not whole subject areas, short enough
    // that a missing subtitle or a truncated title still lands in one block.
    constexpr std::size_t kStemBytes = 40;
    // Keys are appended piecewise: GCC 12 gives a false -Wrestrict warning
    // on "literal" + std::string.
    auto key = [](char kind, std::string_view a, std::string_view b = {}) {
        std::string k(1, kind);
        k.append(a);
        if (!b.empty()) k.append("/").append(b);
        return k;
    };
    std::vector<std::string> keys;
    if (!f.title.empty()) keys.push_back(key('t', f.title));
    if (f.title.size() > kStemBytes) {
        std::size_t n = kStemBytes;
        while (n > 0 && (static_cast<unsigned char>(f.title[n]) & 0xC0) == 0x80) --n;
        keys.push_back(key('s', std::string_view(f.title).substr(0, n)));
        // The tail too: a typing slip near the start, or a section heading
        // put before the title, leaves the end alone.
        std::size_t from = f.title.size() - kStemBytes;
        while (from < f.title.size() && (static_cast<unsigned char>(f.title[from]) & 0xC0) == 0x80) ++from;
        keys.push_back(key('e', std::string_view(f.title).substr(from)));
    }
    if (!f.volume.empty() && !f.page.empty()) keys.push_back(key('p', f.volume, f.page));
    if (!f.review.empty()) keys.push_back(key('c', f.review));
    return keys;
}

}  // namespace refdex
