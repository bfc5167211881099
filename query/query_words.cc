#include "query_words.h"

#include <algorithm>
#include <cctype>
#include <utility>

#include <xapian.h>

#include "normalise.h"
#include "query_compiler.h"

namespace refdex::query {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::size_t utf8_chars(std::string_view s) {
    return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

// Words of folded text in position order, as TermGenerator indexes them.
// A scratch Document is the one way to get TermGenerator's exact word
// splitting (hyphens, apostrophes, "c++", "3.5mg") without re-implementing it.
std::vector<std::string> generator_words(const std::string& folded) {
    Xapian::TermGenerator generator;
    generator.set_stemming_strategy(Xapian::TermGenerator::STEM_NONE);
    Xapian::Document doc;
    generator.set_document(doc);
    generator.index_text(folded);
    std::vector<std::pair<Xapian::termpos, std::string>> positioned;
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t)
        for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) positioned.emplace_back(*p, *t);
    std::sort(positioned.begin(), positioned.end());
    std::vector<std::string> words;
    for (auto& [pos, word] : positioned) words.push_back(std::move(word));
    return words;
}

// The indexer's own splitting (schema), so query and index cannot drift.
std::vector<std::string> split_name(const std::string& folded) { return refdex::name_words(folded); }

using Splitter = std::vector<std::string> (*)(const std::string&);

// Splits `text` into chunks at white space; each chunk is folded and split
// by `split`, and a trailing '*' marks the chunk's last word as a stem.
std::vector<QueryWord> chunk_words(std::string_view text, std::size_t offset, Splitter split) {
    std::vector<QueryWord> out;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && is_space(text[i])) ++i;
        const std::size_t begin = i;
        while (i < text.size() && !is_space(text[i])) ++i;
        if (begin == i) break;
        std::string_view chunk = text.substr(begin, i - begin);
        const std::size_t at = offset + begin;
        const bool truncated = chunk.back() == '*';
        while (!chunk.empty() && chunk.back() == '*') chunk.remove_suffix(1);
        if (chunk.find('*') != std::string_view::npos)
            throw QueryError(at + chunk.find('*'), "'*' is only allowed at the end of a word (right "
                                                   "truncation), as in integrat*.");
        const std::size_t first = out.size();
        for (auto& w : split(fold(chunk))) out.push_back({std::move(w), false, at});
        if (!truncated) continue;
        if (out.size() == first || utf8_chars(out.back().word) < kMinStemChars)
            throw QueryError(at, "A truncated word needs at least " + std::to_string(kMinStemChars) +
                                     " letters before '*'.");
        out.back().truncated = true;
    }
    return out;
}

}  // namespace

std::vector<QueryWord> text_words(std::string_view text, std::size_t offset) {
    return chunk_words(text, offset, &generator_words);
}

std::vector<QueryWord> name_words(std::string_view text, std::size_t offset) {
    return chunk_words(text, offset, &split_name);
}

std::vector<QueryWord> author_phrase_words(std::string_view text, std::size_t offset) {
    if (text.find('*') != std::string_view::npos) return name_words(text, offset);
    const AuthorName name = parse_author(text);
    if (name.surname.empty()) return name_words(text, offset);
    std::vector<QueryWord> out;
    for (auto& w : split_name(name.surname)) out.push_back({std::move(w), false, offset});
    // As indexed: one position per given-name part, its first word.
    for (const auto& part : name.given) {
        auto words = split_name(part);
        if (!words.empty()) out.push_back({std::move(words.front()), false, offset});
    }
    return out;
}

}  // namespace refdex::query
