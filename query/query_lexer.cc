#include "query_lexer.h"

#include <cctype>

#include "query_compiler.h"

namespace refdex::query {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Bytes of the double quote at `pos`: 1 for '"', 2 or 3 for the
// typographic forms word processors and web pages put around a phrase:
// U+201C/U+201D (“latent class”), U+201E (German low-9) and U+00AB/U+00BB
// (guillemets). 0 for anything else. Single quotes are not phrase quotes:
// U+2019 is also the apostrophe inside words (o’rourke).
std::size_t quote_width(std::string_view text, std::size_t pos) {
    if (pos >= text.size()) return 0;
    const auto b0 = static_cast<unsigned char>(text[pos]);
    if (b0 == '"') return 1;
    if (pos + 1 >= text.size()) return 0;
    const auto b1 = static_cast<unsigned char>(text[pos + 1]);
    if (b0 == 0xC2 && (b1 == 0xAB || b1 == 0xBB)) return 2;
    if (pos + 2 >= text.size()) return 0;
    const auto b2 = static_cast<unsigned char>(text[pos + 2]);
    if (b0 == 0xE2 && b1 == 0x80 && (b2 == 0x9C || b2 == 0x9D || b2 == 0x9E)) return 3;
    return 0;
}

// Characters that end a bare word: they have their own syntax.
bool ends_word(std::string_view text, std::size_t pos) {
    const char c = text[pos];
    return is_space(c) || c == '(' || c == ')' || c == '[' || quote_width(text, pos) > 0;
}

bool all_letters(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (!std::isalpha(static_cast<unsigned char>(c))) return false;
    return true;
}

class Lexer {
public:
    explicit Lexer(std::string_view text) : text_(text) {}

    std::vector<Token> run() {
        while (skip_space()) {
            const char c = text_[pos_];
            if (c == '(') {
                single(TokenKind::LParen);
            } else if (c == ')') {
                single(TokenKind::RParen);
            } else if (quote_width(text_, pos_)) {
                phrase();
            } else if (c == '[') {
                tag();
            } else if (c == '-' && pos_ + 1 < text_.size() && !is_space(text_[pos_ + 1]) &&
                       text_[pos_ + 1] != ')') {
                single(TokenKind::Minus);
            } else {
                bare();
            }
        }
        push(TokenKind::End, "", pos_, pos_);
        return std::move(tokens_);
    }

private:
    // Skips white space; false at the end of the text.
    bool skip_space() {
        while (pos_ < text_.size() && is_space(text_[pos_])) ++pos_;
        return pos_ < text_.size();
    }

    Token& push(TokenKind kind, std::string text, std::size_t begin, std::size_t end) {
        Token t;
        t.kind = kind;
        t.text = std::move(text);
        t.offset = begin;
        t.end = end;
        t.text_offset = begin;
        tokens_.push_back(std::move(t));
        return tokens_.back();
    }

    void single(TokenKind kind) {
        push(kind, std::string(1, text_[pos_]), pos_, pos_ + 1);
        ++pos_;
    }

    // Any double quote (ASCII or typographic, see quote_width) opens a
    // phrase and the next one closes it, so “latent class”, „latent class“
    // and «latent class» are phrases as "latent class" is.
    void phrase() {
        const std::size_t open = pos_;
        const std::size_t inner = open + quote_width(text_, open);
        std::size_t close = inner;
        while (close < text_.size() && !quote_width(text_, close)) ++close;
        if (close == text_.size())
            throw QueryError(open, "Unbalanced quote: the phrase starting here is never closed.");
        const std::size_t after = close + quote_width(text_, close);
        push(TokenKind::Phrase, std::string(text_.substr(inner, close - inner)), open, after).text_offset = inner;
        pos_ = after;
    }

    void tag() {
        const std::size_t open = pos_;
        const std::size_t close = text_.find(']', open + 1);
        if (close == std::string_view::npos)
            throw QueryError(open, "Unbalanced '[': a PubMed tag such as [au] needs its closing ']'.");
        const std::string_view name = text_.substr(open + 1, close - open - 1);
        const auto field = field_by_tag(name);
        if (!field)
            throw QueryError(open, "Unknown PubMed tag [" + std::string(name) + "]; known tags are " +
                                       tag_list() + ".");
        push(TokenKind::Tag, std::string(text_.substr(open, close + 1 - open)), open, close + 1).field = *field;
        pos_ = close + 1;
    }

    // A run of ordinary characters: an operator, a field name, or a word.
    void bare() {
        const std::size_t begin = pos_;
        if (bare_doi()) return;
        std::size_t end = begin;
        while (end < text_.size() && !ends_word(text_, end)) ++end;
        const std::string_view run = text_.substr(begin, end - begin);
        if (field_prefix(run, begin)) return;
        pos_ = end;
        if (run == "AND") push(TokenKind::And, std::string(run), begin, end);
        else if (run == "OR") push(TokenKind::Or, std::string(run), begin, end);
        else if (run == "NOT") push(TokenKind::Not, std::string(run), begin, end);
        else if (proximity(run, begin, end, "NEAR", TokenKind::Near)) return;
        else if (proximity(run, begin, end, "ADJ", TokenKind::Adj)) return;
        else push(TokenKind::Word, std::string(run), begin, end);
    }

    // A DOI pasted as a term, bare (10.1177/1355...) or as its resolver link
    // (https://doi.org/10.1177/...), is searched as doi: would search it: as
    // words it would find nothing, and "https:" would be an unknown field.
    // Not after a field name (title:10.1177/x keeps its field).
    bool bare_doi() {
        if (!tokens_.empty() && tokens_.back().kind == TokenKind::Field) return false;
        std::string_view rest = text_.substr(pos_);
        for (std::string_view resolver : {"https://doi.org/", "http://doi.org/", "https://dx.doi.org/",
                                          "http://dx.doi.org/", "doi.org/", "dx.doi.org/"}) {
            if (rest.size() < resolver.size()) continue;
            bool same = true;
            for (std::size_t i = 0; i < resolver.size() && same; ++i)
                same = std::tolower(static_cast<unsigned char>(rest[i])) == resolver[i];
            if (same) {
                rest.remove_prefix(resolver.size());
                break;
            }
        }
        // 10.NNNN/ (4 to 9 digits), then at least one character of suffix.
        if (rest.substr(0, 3) != "10.") return false;
        std::size_t i = 3;
        while (i < rest.size() && std::isdigit(static_cast<unsigned char>(rest[i]))) ++i;
        if (i - 3 < 4 || i - 3 > 9 || i + 1 >= rest.size() || rest[i] != '/' || is_space(rest[i + 1])) return false;
        push(TokenKind::Field, "doi:", pos_, pos_).field = Field::Doi;
        raw_value();
        return true;
    }

    // "name:..." with an all-letter name is a field; an unknown name is an
    // error rather than a silent word search, so typos are caught. A run like
    // "2015:2020" (PubMed date range) is not a field, and neither is a word
    // ending in a colon before white space, ')' or the end of the query, as
    // in a pasted title ("Beta blockers: a review"): that colon is dropped.
    bool field_prefix(std::string_view run, std::size_t begin) {
        const std::size_t colon = run.find(':');
        if (colon == std::string_view::npos || !all_letters(run.substr(0, colon))) return false;
        const std::string_view name = run.substr(0, colon);
        const auto field = field_by_name(name);
        const std::size_t after = begin + run.size();
        if (!field && colon + 1 == run.size() && (after == text_.size() || is_space(text_[after]) || text_[after] == ')')) {
            push(TokenKind::Word, std::string(name), begin, begin + colon);
            pos_ = after;
            return true;
        }
        if (!field)
            throw QueryError(begin, "Unknown field '" + std::string(name) + ":'; valid fields are " +
                                        field_name_list() + ".");
        push(TokenKind::Field, std::string(run.substr(0, colon + 1)), begin, begin + colon + 1).field = *field;
        pos_ = begin + colon + 1;
        if (takes_raw_value(*field)) raw_value();
        return true;
    }

    // The verbatim value of doi:, year: ...: up to white space or a ')' that
    // closes nothing opened inside the value, so "doi:10.1002/(SICI)1097"
    // and "(doi:10.1/x)" both work. Quoted values and (groups) lex normally.
    void raw_value() {
        if (!skip_space()) return;  // the parser reports the missing value
        const char first = text_[pos_];
        if (quote_width(text_, pos_) || first == '(') return;
        const std::size_t begin = pos_;
        int depth = 0;
        while (pos_ < text_.size() && !is_space(text_[pos_])) {
            if (text_[pos_] == '(') ++depth;
            if (text_[pos_] == ')' && depth-- == 0) break;
            ++pos_;
        }
        push(TokenKind::Word, std::string(text_.substr(begin, pos_ - begin)), begin, pos_);
    }

    // NEAR, NEAR/3, ADJ, ADJ/2 (upper case only).
    bool proximity(std::string_view run, std::size_t begin, std::size_t end, std::string_view op, TokenKind kind) {
        if (run.substr(0, op.size()) != op) return false;
        const std::string_view rest = run.substr(op.size());
        if (!rest.empty() && rest.front() != '/') return false;  // "NEARBY" is a word
        unsigned n = kDefaultProximity;
        if (!rest.empty()) n = parse_number(rest.substr(1), begin + op.size() + 1, op);
        push(kind, std::string(run), begin, end).number = n;
        return true;
    }

    unsigned parse_number(std::string_view digits, std::size_t offset, std::string_view op) {
        unsigned long n = 0;
        bool ok = !digits.empty() && digits.size() <= 4;
        for (char c : digits) {
            if (!std::isdigit(static_cast<unsigned char>(c))) ok = false;
            else n = n * 10 + static_cast<unsigned long>(c - '0');
        }
        if (!ok || n < 1 || n > kMaxProximity)
            throw QueryError(offset, "Bad " + std::string(op) + "/n: '" + std::string(digits) +
                                         "' must be a whole number of words from 1 to " +
                                         std::to_string(kMaxProximity) + ", as in " + std::string(op) + "/3.");
        return static_cast<unsigned>(n);
    }

    std::string_view text_;
    std::size_t pos_ = 0;
    std::vector<Token> tokens_;
};

}  // namespace

std::string ascii_spaces(std::string_view text) {
    std::string out(text);
    for (std::size_t i = 0; i + 1 < out.size(); ++i) {
        const auto b0 = static_cast<unsigned char>(out[i]), b1 = static_cast<unsigned char>(out[i + 1]);
        std::size_t width = 0;
        if (b0 == 0xC2 && b1 == 0xA0) {
            width = 2;
        } else if (i + 2 < out.size()) {
            const auto b2 = static_cast<unsigned char>(out[i + 2]);
            const bool general = b0 == 0xE2 && b1 == 0x80 && ((b2 >= 0x80 && b2 <= 0x8B) || b2 == 0xAF);
            const bool other = (b0 == 0xE2 && b1 == 0x81 && b2 == 0x9F) || (b0 == 0xE3 && b1 == 0x80 && b2 == 0x80) ||
                               (b0 == 0xEF && b1 == 0xBB && b2 == 0xBF);
            if (general || other) width = 3;
        }
        for (std::size_t k = 0; k < width; ++k) out[i + k] = ' ';
        if (width) i += width - 1;
    }
    return out;
}

std::vector<Token> tokenize(std::string_view text) { return Lexer(text).run(); }

std::string describe(const Token& token) {
    switch (token.kind) {
        case TokenKind::End: return "the end of the query";
        case TokenKind::Phrase: return "a phrase";
        default: return "'" + token.text + "'";
    }
}

}  // namespace refdex::query
