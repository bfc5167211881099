// parse_author(): one key per person whatever the export's name style.
#include <algorithm>
#include <cctype>
#include <string>
#include <unordered_set>
#include <vector>

#include "normalise.h"

namespace refdex {

bool has_letter_or_digit(std::string_view s) {
    return std::any_of(s.begin(), s.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u >= 0x80 || std::isalnum(u);
    });
}

std::vector<std::string> split_words(std::string_view s, std::string_view separators) {
    std::vector<std::string> out;
    std::string word;
    for (char c : s) {
        if (separators.find(c) != std::string_view::npos) {
            if (!word.empty()) out.push_back(std::move(word));
            word.clear();
        } else {
            word += c;
        }
    }
    if (!word.empty()) out.push_back(std::move(word));
    return out;
}

namespace {

// "A", "JA", "M.A." as written in "PACHO A" or "Smith JA": all capitals,
// at most three letters once the dots are removed.
bool looks_like_initials(const std::string& token) {
    std::size_t letters = 0;
    for (char c : token) {
        if (c == '.') continue;
        if (c < 'A' || c > 'Z') return false;
        ++letters;
    }
    return letters >= 1 && letters <= 3;
}

// Queries are typed in lower case: "pacho a", "durand ma" end in initials.
bool looks_like_typed_initials(const std::string& token) {
    if (token.empty() || token.size() > 2) return false;
    for (char c : token)
        if (c < 'a' || c > 'z') return false;
    return true;
}

// The initials spaced out before the last one ("J" of "Smith J M", "j" of
// "smith j m"), taken off `words` and returned, each followed by a space.
// Only single letters (or one dotted letter, "J."), and never the first
// word: "NG J M" keeps its two-letter surname, "A B" is surname A.
std::string pop_spaced_initials(std::vector<std::string>& words, bool capitals) {
    std::string popped;
    auto single_initial = [capitals](const std::string& w) {
        const std::string letter = !w.empty() && w.back() == '.' ? w.substr(0, w.size() - 1) : w;
        if (letter.size() != 1) return false;
        return capitals ? (letter[0] >= 'A' && letter[0] <= 'Z') : (letter[0] >= 'a' && letter[0] <= 'z');
    };
    while (words.size() >= 2 && single_initial(words.back())) {
        popped.insert(0, words.back() + " ");
        words.pop_back();
    }
    return popped;
}

bool is_suffix(const std::string& folded) {
    return folded == "jr" || folded == "sr" || folded == "ii" || folded == "iii" || folded == "iv";
}

// Given names as folded parts: "M. A." -> {m, a}; "JA" -> {j, a};
// "Ana-Maria" -> {ana-maria}.
std::vector<std::string> given_parts(std::string_view given) {
    std::vector<std::string> parts;
    for (const auto& word : split_words(given, " .\t")) {
        std::string folded = fold(word);
        if (folded.empty() || is_suffix(folded)) continue;
        if (looks_like_initials(word) && word.size() > 1) {
            for (char c : folded)
                if (c != '.') parts.emplace_back(1, c);
        } else {
            parts.push_back(folded);
        }
    }
    return parts;
}

std::string join(const std::vector<std::string>& words) {
    std::string out;
    for (const auto& w : words) {
        if (!out.empty()) out += ' ';
        out += w;
    }
    return out;
}

// First UTF-8 character of `s`.
std::string first_char(const std::string& s) {
    if (s.empty()) return {};
    std::size_t n = 1;
    while (n < s.size() && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) ++n;
    return s.substr(0, n);
}

std::string upper_ascii(std::string s) {
    for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

// Display form of a folded surname: each word capitalised (ASCII letters).
std::string capitalise(const std::string& folded) {
    std::string out = folded;
    bool start = true;
    for (char& c : out) {
        if (start && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        start = (c == ' ' || c == '-' || c == '\'');
    }
    return out;
}

// Words that name an organisation, never a person: a group or corporate
// author ("Pelvic Floor Disorders Network", MEDLINE CN; "MERIT-HF Study
// Group" under RIS AU, which has no tag of its own for them).
bool is_group_word(const std::string& folded) {
    static const std::unordered_set<std::string> kGroupWords = {
        "group",        "groups",       "network",      "consortium",  "collaboration", "collaborative",
        "collaborators", "investigators", "committee",  "study",       "trial",         "trialists",
        "team",         "society",      "association",  "council",     "college",       "academy",
        "institute",    "foundation",   "organisation", "organization", "initiative",   "taskforce",
        "panel",        "alliance",     "federation",   "coalition",   "registry",      "programme",
        "program",      "department",   "ministry",     "agency",      "commission",    "corporation",
    };
    return kGroupWords.count(folded) > 0;
}

bool names_a_group(const std::vector<std::string>& words) {
    return std::any_of(words.begin(), words.end(), [](const std::string& w) { return is_group_word(fold(w)); });
}

// "Panel A", "Team JM", "Team J M", "A. Panel", "J. M. Team": a person
// whose surname is one of the group words. The surname is the first or the
// last word, and every other word is plainly initials: dotted ("J.",
// "J.M."), a single capital, or, after the surname only, two capitals. So
// "ESC Panel", "JM Team" and "WHO Study Group" stay groups. The surname's
// index in `words`, or npos when the name is not such a person's.
std::size_t person_named_like_a_group(const std::vector<std::string>& words) {
    auto initials = [](const std::string& w, std::size_t max_bare) {
        if (!looks_like_initials(w)) return false;
        const std::size_t letters = static_cast<std::size_t>(std::count_if(w.begin(), w.end(), [](char c) { return c != '.'; }));
        return w.find('.') != std::string::npos || letters <= max_bare;
    };
    auto only_initials = [&](std::size_t from, std::size_t to, std::size_t max_bare) {
        for (std::size_t i = from; i < to; ++i)
            if (!initials(words[i], max_bare)) return false;
        return true;
    };
    if (words.size() < 2) return std::string::npos;
    if (is_group_word(fold(words.front())) && only_initials(1, words.size(), 2)) return 0;
    if (is_group_word(fold(words.back())) && only_initials(0, words.size() - 1, 1)) return words.size() - 1;
    return std::string::npos;
}

// "O’Rourke", "D`Agostino": the typographic and stray apostrophes exports
// put in names are the straight one, so that every spelling is one author
// (key, facet value and words) and typing either finds both.
std::string straight_apostrophes(std::string_view name) {
    std::string out;
    out.reserve(name.size());
    for (std::size_t i = 0; i < name.size(); ++i) {
        const std::string_view rest = name.substr(i);
        if (rest.substr(0, 3) == "\xE2\x80\x99" || rest.substr(0, 3) == "\xE2\x80\x98") {  // ’ ‘
            out += '\'';
            i += 2;
        } else if (rest.substr(0, 2) == "\xCA\xBC" || rest.substr(0, 2) == "\xC2\xB4") {  // ʼ ´
            out += '\'';
            i += 1;
        } else {
            out += name[i] == '`' ? '\'' : name[i];
        }
    }
    return out;
}

}  // namespace

std::vector<std::string> name_words(std::string_view folded_text) {
    const std::string folded = straight_apostrophes(folded_text);
    std::vector<std::string> words;
    std::string word;
    for (char c : folded) {
        const bool separator = c == ' ' || c == '.' || c == ',' || c == '-' || c == '\'' || c == '(' || c == ')';
        if (!separator) {
            word += c;
        } else if (!word.empty()) {
            words.push_back(std::move(word));
            word.clear();
        }
    }
    if (!word.empty()) words.push_back(std::move(word));
    return words;
}

AuthorName parse_author(std::string_view raw) {
    std::string name = straight_apostrophes(clean_text(raw));
    AuthorName result;
    if (name.empty()) return result;
    const std::size_t comma = name.find(',');
    if (comma != std::string::npos) {
        result.surname = fold(std::string_view(name).substr(0, comma));
        result.given = given_parts(std::string_view(name).substr(comma + 1));
    } else {
        std::vector<std::string> words = split_words(name, " \t");
        const std::size_t group_word_surname =
            words.size() >= 2 && names_a_group(words) ? person_named_like_a_group(words) : std::string::npos;
        // A group's name is split below as any name of its style, so that
        // its words have the positions an author query typed the same way
        // looks for; only its key and display are the whole name, not
        // "Network P".
        if (words.size() >= 2 && names_a_group(words) && group_word_surname == std::string::npos) result.group = name;
        if (group_word_surname != std::string::npos) {
            // "Team J M": the group word is the surname and every other
            // word an initial, however they are spaced.
            result.surname = fold(words[group_word_surname]);
            words.erase(words.begin() + static_cast<std::ptrdiff_t>(group_word_surname));
            result.given = given_parts(join(words));
        } else if (words.size() >= 2 && looks_like_typed_initials(words.back())) {
            std::string initials = words.back();
            words.pop_back();
            initials.insert(0, pop_spaced_initials(words, false));
            result.surname = fold(join(words));
            for (char c : initials)
                if (c != ' ') result.given.emplace_back(1, c);
        } else if (words.size() >= 2 && looks_like_initials(words.back())) {
            // "PACHO A", "Smith JA", "Smith J M": surname first, initials last.
            std::string initials = words.back();
            words.pop_back();
            initials.insert(0, pop_spaced_initials(words, true));
            result.surname = fold(join(words));
            result.given = given_parts(initials);
        } else if (words.size() >= 2) {
            // "A. Pacho", "Ana M. Pacho": surname last, with the particles
            // before it ("T Le Chevalier" is Le Chevalier T, as MEDLINE's
            // "Le Chevalier, Thierry"), keeping one given name.
            std::size_t start = words.size() - 1;
            while (start > 1 && is_surname_particle(words[start - 1])) --start;
            result.surname = fold(join(std::vector<std::string>(words.begin() + static_cast<std::ptrdiff_t>(start), words.end())));
            words.resize(start);
            result.given = given_parts(join(words));
        } else {
            result.surname = fold(name);
        }
    }
    // Strip dots left in the surname ("Pacho." from "Pacho., A").
    while (!result.surname.empty() && (result.surname.back() == '.' || result.surname.back() == ' '))
        result.surname.pop_back();
    return result;
}

bool is_surname_particle(std::string_view word) {
    static const std::unordered_set<std::string> kParticles = {"van", "von", "der", "den", "de", "del", "della", "di",
                                                               "da",  "du",  "la",  "le",  "dos", "das", "ten", "ter"};
    return kParticles.count(fold(word)) > 0;
}

std::string AuthorName::key() const {
    if (!group.empty()) return fold(group);
    if (given.empty()) return surname;
    return surname + " " + first_char(given.front());
}

std::string AuthorName::display() const {
    if (!group.empty()) return group;
    std::string out = capitalise(surname);
    if (!given.empty()) {
        out += ' ';
        out += upper_ascii(first_char(given.front()));
    }
    return out;
}

}  // namespace refdex
