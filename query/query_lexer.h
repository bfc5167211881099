// Splits query text into tokens. Knows the surface syntax only (quotes,
// parentheses, [tags], field names, upper-case operators); what the tokens
// mean is the parser's business. Throws QueryError with the byte offset of
// malformed input (unbalanced quote, unknown field, bad NEAR/n).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "query_fields.h"

namespace refdex::query {

enum class TokenKind {
    Word,     // a bare run of characters, or the verbatim value after doi: etc.
    Phrase,   // "quoted text", also in typographic quotes (text holds what is between the quotes)
    Field,    // name: (field holds which)
    Tag,      // [tag] (field holds which)
    LParen,
    RParen,
    And,
    Or,
    Not,
    Minus,    // '-' glued to the start of a term: -word, -"phrase", -(group)
    Near,     // NEAR or NEAR/n (number holds n)
    Adj,      // ADJ or ADJ/n
    End,
};

// `text` with Unicode spaces (no-break U+00A0, U+2000-U+200B, U+202F,
// U+205F, U+3000, a stray U+FEFF) as ASCII spaces, as many as the character
// had bytes so every byte offset still points where it did. Text pasted from
// web pages, PDFs and Word carries them between words and operators.
std::string ascii_spaces(std::string_view text);

struct Token {
    TokenKind kind = TokenKind::End;
    std::string text;         // Word/Phrase: the text; others: as typed
    std::size_t offset = 0;   // byte offset of the token's first character
    std::size_t end = 0;      // byte offset just past the token
    std::size_t text_offset = 0;  // byte offset of `text` (Phrase: just inside the opening quote)
    Field field = Field::Any; // Field and Tag tokens
    unsigned number = 1;      // Near and Adj tokens: the n of NEAR/n
};

// The default n of a bare NEAR or ADJ: adjacent.
inline constexpr unsigned kDefaultProximity = 1;
// Largest n accepted in NEAR/n, and the largest sum of the n of one chain:
// the index leaves 100 positions between fields and between the values of a
// field (kValueGap in indexer/document_builder.h): positions 101 apart, so
// a wider window could match across them.
inline constexpr unsigned kMaxProximity = 100;

// Tokens of `text`, always ending with one End token.
std::vector<Token> tokenize(std::string_view text);

// "word", "AND", "end of query" ... for messages.
std::string describe(const Token& token);

}  // namespace refdex::query
