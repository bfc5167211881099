// fold(): the one search form shared by documents and queries.
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include "normalise.h"

namespace refdex {

namespace {

bool is_ascii(std::string_view s) {
    for (unsigned char c : s)
        if (c >= 0x80) return false;
    return true;
}

// Letters that carry their "diacritic" in the base letter itself, so NFD
// does not separate it; readers of bibliographies expect them to fold too
// (Ø in Scandinavian, Ł in Polish author names).
UChar32 strip_letter(UChar32 c) {
    switch (c) {
        case 0x00F8: return 'o';  // ø
        case 0x0142: return 'l';  // ł
        case 0x0111: return 'd';  // đ
        case 0x0127: return 'h';  // ħ
        case 0x0131: return 'i';  // dotless ı
        case 0x00F0: return 'd';  // ð
        default: return c;
    }
}

}  // namespace

std::string fold(std::string_view utf8) {
    if (is_ascii(utf8)) {
        std::string out(utf8);
        for (char& c : out)
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        return out;
    }
    UErrorCode status = U_ZERO_ERROR;
    // NFKC + case folding in one pass: ligatures (ﬁ), full-width forms, ß.
    const icu::Normalizer2* casefold = icu::Normalizer2::getNFKCCasefoldInstance(status);
    const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
    const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
    if (U_FAILURE(status)) return std::string(utf8);

    icu::UnicodeString text = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
    icu::UnicodeString folded = casefold->normalize(text, status);
    icu::UnicodeString decomposed = nfd->normalize(folded, status);
    if (U_FAILURE(status)) return std::string(utf8);

    icu::UnicodeString stripped;
    for (int32_t i = 0; i < decomposed.length();) {
        UChar32 c = decomposed.char32At(i);
        i += U16_LENGTH(c);
        if (u_charType(c) == U_NON_SPACING_MARK) continue;
        if (c == 0x00E6) { stripped.append(UChar32('a')).append(UChar32('e')); continue; }  // æ
        if (c == 0x0153) { stripped.append(UChar32('o')).append(UChar32('e')); continue; }  // œ
        if (c == 0x00FE) { stripped.append(UChar32('t')).append(UChar32('h')); continue; }  // þ
        stripped.append(strip_letter(c));
    }
    icu::UnicodeString composed = nfc->normalize(stripped, status);
    std::string out;
    (U_FAILURE(status) ? stripped : composed).toUTF8String(out);
    return out;
}

}  // namespace refdex
