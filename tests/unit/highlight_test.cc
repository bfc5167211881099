// Screening highlights (--highlight-include/--highlight-exclude) as the
// snippet library reads and marks them: wildcards with the query language's
// meaning, phrases, field syntax, the precedence between the two lists, and
// what refdex-query is told to report about the options.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "snippet.h"

using namespace refdex;

namespace {

using Words = std::vector<std::string>;

// The text as plain-text output shows it: [+include+], [-exclude-], **query**.
std::string shown(std::string_view text, const Words& include, const Words& exclude = {}) {
    std::string out;
    for (const MarkedText& piece : mark_highlights(text, highlight_words(include), highlight_words(exclude))) {
        switch (piece.mark) {
            case Mark::None: out += piece.text; break;
            case Mark::Query: out += "**" + piece.text + "**"; break;
            case Mark::Include: out += "[+" + piece.text + "+]"; break;
            case Mark::Exclude: out += "[-" + piece.text + "-]"; break;
        }
    }
    return out;
}

bool mentions(const std::vector<std::string>& messages, const std::string& part) {
    return std::any_of(messages.begin(), messages.end(),
                       [&](const std::string& m) { return m.find(part) != std::string::npos; });
}

}  // namespace

TEST_CASE("highlights: wildcards anywhere in a word mean what they mean in queries", "[highlight]") {
    const std::string text = "randomised randomized randomisation random randoms randomly";
    // ? exactly one character
    CHECK(shown(text, {"randomi?ed"}) == "[+randomised+] [+randomized+] randomisation random randoms randomly");
    // $ one character or none
    CHECK(shown(text, {"random$"}) == "randomised randomized randomisation [+random+] [+randoms+] randomly");
    // a leading * needs no index scan here, so it is allowed
    CHECK(shown(text, {"*domised"}) == "[+randomised+] randomized randomisation random randoms randomly");
    CHECK(shown("behaviour behavior behaviours", {"beh*r"}) == "[+behaviour+] [+behavior+] behaviours");
    CHECK(shown("colour color colouur", {"colo$$r"}) == "[+colour+] [+color+] [+colouur+]");
    // folded like the text: case and diacritics do not matter
    CHECK(shown("Müller and MULLER", {"MÜLL?R"}) == "[+Müller+] and [+MULLER+]");
}

TEST_CASE("highlights: a quoted phrase marks its words only where they stand together", "[highlight]") {
    CHECK(shown("We randomly assigned rats; rats were assigned randomly.", {"\"randomly assigned\""}) ==
          "We [+randomly assigned+] rats; rats were assigned randomly.");
    // across a query match and punctuation, as a query phrase would match
    CHECK(shown("We \x02randomly\x03, assigned them", {"\"randomly assigned\""}) ==
          "We [+randomly, assigned+] them");
    // a phrase may hold wildcards, and a word split by punctuation is a phrase
    CHECK(shown("randomly allocated and randomly", {"\"random* alloc*\""}) == "[+randomly allocated+] and randomly");
    CHECK(shown("rat-randomised rat study", {"rat-randomised"}) == "[+rat-randomised+] rat study");
}

TEST_CASE("highlights: field syntax and punctuation around a word are dropped", "[highlight]") {
    for (const std::string typed : {"title:rats", "TI:rats", "rats[ti]", "rats[tiab]", "(rats", "rats)", "rats.ti,ab.", "\"rats\""}) {
        CAPTURE(typed);
        CHECK(shown("mice and rats", {typed}) == "mice and [+rats+]");
    }
    // "e.g." is not an Ovid field suffix: its words stay a phrase
    CHECK(shown("see e.g. this", {"e.g."}) == "see [+e.g+]. this");
    // a colon after something that is no field name is punctuation inside a phrase
    CHECK(shown("a 1:2 ratio", {"1:2"}) == "a [+1:2+] ratio");
}

TEST_CASE("highlights: the more specific term wins where both lists match", "[highlight]") {
    const std::string text = "randomised and randomly";
    // an exact word beats a pattern, whichever list each is in
    CHECK(shown(text, {"random*"}, {"randomised"}) == "[-randomised-] and [+randomly+]");
    CHECK(shown(text, {"randomised"}, {"random*"}) == "[+randomised+] and [-randomly-]");
    // a pattern with more literal characters beats one with fewer
    CHECK(shown(text, {"rand*"}, {"random*"}) == "[-randomised-] and [-randomly-]");
    CHECK(shown(text, {"randomi?ed"}, {"rand*"}) == "[+randomised+] and [-randomly-]");
    // a phrase beats its words
    CHECK(shown("randomly assigned, then assigned", {"\"randomly assigned\""}, {"assigned"}) ==
          "[+randomly assigned+], then [-assigned-]");
    // the same term in both lists is a tie, documented to go to inclusion
    CHECK(shown("a trial of Müller", {"trial", "muller"}, {"TRIAL", "MÜLLER"}) == "a [+trial+] of [+Müller+]");
    // screening marks win over the query's
    CHECK(shown("\x02rats\x03 and \x02mice\x03", {}, {"rats"}) == "[-rats-] and **mice**");
}

TEST_CASE("highlights: words that can never mark anything are usage errors", "[highlight]") {
    HighlightProblems empty = check_highlights({""}, {});
    REQUIRE(empty.errors.size() == 1);
    CHECK(empty.errors[0] == "--highlight-include '': no word to highlight");
    CHECK(check_highlights({}, {"   "}).errors == Words{"--highlight-exclude '   ': no word to highlight"});
    CHECK(mentions(check_highlights({"*"}, {}).errors, "--highlight-include '*': '*' has only wildcards"));
    CHECK(mentions(check_highlights({}, {"rats ?"}).errors, "--highlight-exclude '?'"));
    CHECK(mentions(check_highlights({"()"}, {}).errors, "--highlight-include '()': no word to highlight"));
    CHECK(mentions(check_highlights({"\"\""}, {}).errors, "no word to highlight"));
    // ... and are left out, the rest of the value kept
    const HighlightWords words = highlight_words({"rats ?"});
    REQUIRE(words.terms.size() == 1);
    CHECK(words.terms[0].words == Words{"rats"});
}

TEST_CASE("highlights: a term read otherwise than typed is a warning; plain terms say nothing", "[highlight]") {
    const HighlightProblems fine = check_highlights(
        {"randomi?ed", "random$", "*domised", "\"randomly assigned\"", "rat-randomised", "Rats", "rct random*"},
        {"mice", "MÜLLER"});
    CHECK(fine.errors.empty());
    CHECK(fine.warnings.empty());

    const HighlightProblems reread = check_highlights({"title:rats", "(mice"}, {"dogs[ti]", "\"randomly assigned"});
    CHECK(reread.errors.empty());
    REQUIRE(reread.warnings.size() == 4);
    CHECK(reread.warnings[0] ==
          "--highlight-include 'title:rats' is read as 'rats': highlights mark titles and snippets whatever the field");
    CHECK(reread.warnings[1] ==
          "--highlight-include '(mice' is read as 'mice': punctuation around words is not highlighted");
    CHECK(mentions(reread.warnings, "--highlight-exclude 'dogs[ti]' is read as 'dogs'"));
    CHECK(mentions(reread.warnings,
                   "--highlight-exclude '\"randomly assigned' is read as \"randomly assigned\": its quote is not closed"));
}

TEST_CASE("highlights: a term in both lists is reported once; an overlapping pattern is not", "[highlight]") {
    const HighlightProblems both =
        check_highlights({"trial", "muller", "trial"}, {"trial", "MÜLLER", "Trial", "randomised"});
    CHECK(both.errors.empty());
    REQUIRE(both.warnings.size() == 2);
    CHECK(both.warnings[0] ==
          "'trial' is in both --highlight-include and --highlight-exclude; it is marked as a sign of inclusion");
    CHECK(both.warnings[1] == "--highlight-include 'muller' and --highlight-exclude 'MÜLLER' are the same term "
                              "(case, accents and fields are ignored); it is marked as a sign of inclusion");
    // precedence settles a pattern against a word: nothing to report
    CHECK(check_highlights({"random*"}, {"randomised"}).warnings.empty());
    // identical phrases conflict too
    CHECK(check_highlights({"\"randomly assigned\""}, {"\"Randomly  Assigned\""}).warnings.size() == 1);
}

TEST_CASE("highlights: one-word terms also feed make_snippet's lists", "[highlight]") {
    const HighlightWords words =
        highlight_words({"Randomi*", "TRIAL", "wom?n", "\"randomly assigned\"", "title:rats"});
    CHECK(words.terms.size() == 5);
    CHECK(words.words == Words{"trial", "rats"});
    CHECK(words.prefixes == Words{"randomi"});
}

TEST_CASE("highlights: ranges are byte offsets into the unmarked text", "[highlight]") {
    const HighlightedText snippet =
        highlight_snippet("Müller \x02rats\x03 ++x++", highlight_words({"muller", "x"}), highlight_words({}));
    CHECK(snippet.plain == "Müller rats ++x++");
    REQUIRE(snippet.ranges.size() == 3);
    CHECK((snippet.ranges[0].begin == 0 && snippet.ranges[0].end == 7 && snippet.ranges[0].mark == Mark::Include));
    CHECK((snippet.ranges[1].begin == 8 && snippet.ranges[1].end == 12 && snippet.ranges[1].mark == Mark::Query));
    CHECK((snippet.ranges[2].begin == 15 && snippet.ranges[2].end == 16 && snippet.ranges[2].mark == Mark::Include));
    // a title's control bytes are text, not query markers
    const HighlightedText title = highlight_title("a \x02rats", highlight_words({"rats"}), highlight_words({}));
    CHECK(title.plain == "a \x02rats");
    REQUIRE(title.ranges.size() == 1);
    CHECK(title.ranges[0].begin == 3);
}

TEST_CASE("snippets: a text that fits is shown whole, and a window near the end starts earlier", "[highlight]") {
    const std::string short_text = "Literal plus and minus in rat-randomised studies of mice and rats.";
    CHECK(make_snippet(short_text, {"rats"}, {}, 240) ==
          "Literal plus and minus in rat-randomised studies of mice and \x02rats\x03.");
    // 300 bytes, the match in the last word: the window holds the last 240
    // bytes or so, not a fifth of a window before the match.
    std::string long_text;
    for (int i = 0; i < 29; ++i) long_text += "word" + std::to_string(i) + "xx ";
    long_text += "rats.";
    const std::string snippet = make_snippet(long_text, {"rats"}, {}, 240);
    CHECK(snippet.rfind("\x02rats\x03.") != std::string::npos);
    CHECK(snippet.size() > 200);
    CHECK(snippet.rfind("…", 0) == 0);  // still cut at the front: the text is longer than the window
}
