// Search strategies as systematic reviewers write them: numbered lines in
// PubMed style (#1 integrated care[tiab], #3 #1 AND #2) or Ovid style
// (1. (integrated adj3 care).ti,ab., 3. or/1-2, 5. limit 4 to yr="2015-2020").
// Each line is translated into refdex query-language text, with references
// to earlier lines replaced by those lines' queries in parentheses, so what
// --strategy runs (and --explain shows) is a query a user could type.
// The full grammar and mapping tables are in strategy_parser.cc.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace refdex::strategy {

// Embase.com lines are numbered as PubMed's (#1) and told apart by their
// syntax ('heart failure'/exp, [english]/lim).
enum class Dialect { PubMed, Ovid, Embase };

// "PubMed", "Ovid", "Embase.com": as --strategy prints it.
const char* dialect_name(Dialect dialect);

// Which stretch of the translated query came from where in the input line,
// so that a compiler error in the query can point into the line as typed.
struct Segment {
    std::size_t out = 0;   // byte offset in the query where the stretch starts
    std::size_t in = 0;    // byte offset in the input line it came from
    bool copied = false;   // copied verbatim (offsets inside map one to one)
};

struct StrategyLine {
    unsigned number = 0;          // the line's own number (#3, 3.)
    std::size_t file_line = 0;    // 1-based line of the file
    Dialect dialect = Dialect::PubMed;
    std::string input;            // the line as in the file (no line break)
    std::string query;            // refdex query language, references expanded
    std::vector<std::string> notes;  // what refdex cannot do exactly (for --explain)
    std::vector<unsigned> refs;   // the numbers of the earlier lines it combines
    bool usable = true;           // false: it, or a line it combines, cannot be translated
    std::vector<Segment> map;

    // The 1-based character position in `input` of byte `offset` of `query`.
    std::size_t input_position(std::size_t offset) const;
};

// A line that cannot be translated: where (file line, 1-based character
// position in it) and what, e.g. "unknown Ovid field suffix .xx.".
// It carries every problem of the file (parse_strategy); its own file line,
// position and message are the first one's.
class StrategyError : public std::runtime_error {
public:
    struct Problem {
        std::size_t file_line = 0, position = 0;
        std::string message;
    };
    StrategyError(std::size_t file_line, std::size_t position, const std::string& message)
        : StrategyError(std::vector<Problem>{{file_line, position, message}}) {}
    explicit StrategyError(std::vector<Problem> problems)  // not empty
        : std::runtime_error(problems.front().message), problems_(std::move(problems)) {}
    std::size_t file_line() const { return problems_.front().file_line; }
    std::size_t position() const { return problems_.front().position; }
    const std::vector<Problem>& problems() const { return problems_; }

private:
    std::vector<Problem> problems_;
};

// The numbered lines of a strategy file, in order. Blank lines and the
// header/footer lines of an Ovid export ("Database: ...", "Search Strategy:",
// rules of - * = _) are skipped. A bad line is a problem (in file order) and
// is kept with `usable` false, as is a line that combines it; its problem is
// not repeated for them.
struct ParsedStrategy {
    std::vector<StrategyLine> lines;
    std::vector<StrategyError::Problem> problems;
};
ParsedStrategy read_strategy(std::string_view text);

// read_strategy's lines; throws StrategyError with every problem.
std::vector<StrategyLine> parse_strategy(std::string_view text);

// Converts an Ovid word's truncation to the refdex wildcards: $ -> *,
// $N -> N times $, # -> ?, ? -> $ (see query_words.h). Exposed for tests.
std::string ovid_wildcards(std::string_view word);

}  // namespace refdex::strategy
