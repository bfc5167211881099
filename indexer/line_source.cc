#include "line_source.h"

#include <unicode/ucnv.h>
#include <unicode/ustring.h>

#include <algorithm>
#include <cstring>
#include <vector>

namespace refdex {
namespace {

// Large enough that the per-read overhead vanishes, small enough that a
// gigabyte export never sits in memory.
constexpr std::size_t kChunkSize = 64 * 1024;
// A "line" longer than this (a file with no line breaks at all, a binary
// file) is cut into pieces so memory stays bounded whatever the input.
constexpr std::size_t kMaxLineBytes = 16 * 1024 * 1024;
constexpr std::size_t kPivotSize = 1024;

enum class Encoding { Utf8, Utf8Bom, Utf16Le, Utf16Be };

struct ConverterCloser {
    void operator()(UConverter* converter) const { ucnv_close(converter); }
};
using Converter = std::unique_ptr<UConverter, ConverterCloser>;

Converter open_converter(const char* name) {
    UErrorCode status = U_ZERO_ERROR;
    Converter converter(ucnv_open(name, &status));
    if (U_FAILURE(status)) converter.reset();
    return converter;
}

bool all_ascii(const char* p, std::size_t n) {
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        std::uint64_t word;
        std::memcpy(&word, p + i, 8);
        if (word & 0x8080808080808080ULL) return false;
    }
    for (; i < n; ++i)
        if (static_cast<unsigned char>(p[i]) & 0x80) return false;
    return true;
}

// Strict UTF-8 (no overlongs, no surrogates, nothing past U+10FFFF), so that
// windows-1252 text is never mistaken for UTF-8 by accident.
bool valid_utf8(const char* p, std::size_t n) {
    std::size_t i = 0;
    while (i < n) {
        const unsigned char lead = static_cast<unsigned char>(p[i]);
        if (lead < 0x80) { ++i; continue; }
        std::size_t len;
        std::uint32_t cp, min;
        if ((lead & 0xE0) == 0xC0) { len = 2; cp = lead & 0x1F; min = 0x80; }
        else if ((lead & 0xF0) == 0xE0) { len = 3; cp = lead & 0x0F; min = 0x800; }
        else if ((lead & 0xF8) == 0xF0) { len = 4; cp = lead & 0x07; min = 0x10000; }
        else return false;
        if (i + len > n) return false;
        for (std::size_t k = 1; k < len; ++k) {
            const unsigned char b = static_cast<unsigned char>(p[i + k]);
            if ((b & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (b & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
        i += len;
    }
    return true;
}

// U+2028 LINE SEPARATOR / U+2029 PARAGRAPH SEPARATOR are line breaks to some
// tools and not to others; inside a field they can only mean a space.
bool replace_unicode_separators(std::string& line) {
    bool replaced = false;
    std::size_t out = 0;
    for (std::size_t i = 0; i < line.size(); ++i) {
        if (line[i] == '\xE2' && i + 2 < line.size() && line[i + 1] == '\x80' &&
            (line[i + 2] == '\xA8' || line[i + 2] == '\xA9')) {
            line[out++] = ' ';
            i += 2;
            replaced = true;
        } else {
            line[out++] = line[i];
        }
    }
    line.resize(out);
    return replaced;
}

// UTF-16 without a BOM: mostly-ASCII text has a NUL in every other byte.
bool looks_like_utf16(const char* p, std::size_t n, Encoding& encoding) {
    const std::size_t pairs = std::min<std::size_t>(n, 512) / 2;
    if (pairs < 2) return false;
    std::size_t even_nuls = 0, odd_nuls = 0;
    for (std::size_t i = 0; i < pairs; ++i) {
        even_nuls += p[2 * i] == '\0';
        odd_nuls += p[2 * i + 1] == '\0';
    }
    if (odd_nuls * 10 >= pairs * 6 && even_nuls * 10 < pairs) { encoding = Encoding::Utf16Le; return true; }
    if (even_nuls * 10 >= pairs * 6 && odd_nuls * 10 < pairs) { encoding = Encoding::Utf16Be; return true; }
    return false;
}

}  // namespace

struct LineSource::Impl {
    Impl(std::istream& input, Diagnostics& diag) : in(input), diagnostics(diag) {}

    std::istream& in;
    Diagnostics& diagnostics;
    Encoding encoding = Encoding::Utf8;
    bool fallback_used = false;
    bool started = false;
    bool input_done = false;
    std::uint64_t bytes = 0;
    std::uint64_t line_number = 0;

    // Decoded UTF-8 (raw bytes for UTF-8 input) not yet cut into lines:
    // [pos, text.size()); `scanned` bytes after pos hold no line break.
    std::string text;
    std::size_t pos = 0;
    std::size_t scanned = 0;

    std::vector<char> raw;  // one chunk of UTF-16 input
    Converter from_utf16, to_utf8, from_cp1252;
    UChar pivot[kPivotSize];
    UChar* pivot_source = pivot;
    UChar* pivot_target = pivot;
    std::u16string wide;  // scratch for the windows-1252 fallback

    std::deque<std::pair<std::string, std::uint64_t>> ahead;  // peeked lines

    void start();
    void fill();
    std::size_t read_chunk(char* into);
    void convert_utf16(const char* data, std::size_t n, bool flush);
    bool cut_line(std::string& line);
    bool cut_long_line = false;  // the last cut_line() cut an over-long line
    bool read_line(std::string& line, std::uint64_t& number);
    void clean(std::string& line, std::uint64_t number);
    void decode_cp1252(std::string& line);
};

std::size_t LineSource::Impl::read_chunk(char* into) {
    in.read(into, static_cast<std::streamsize>(kChunkSize));
    const auto n = static_cast<std::size_t>(in.gcount());
    bytes += n;
    return n;
}

// Decides the encoding from the first chunk, then treats it like any other.
void LineSource::Impl::start() {
    started = true;
    raw.resize(kChunkSize);
    const std::size_t n = read_chunk(raw.data());
    const char* p = raw.data();
    std::size_t skip = 0;
    while (skip < n && p[skip] == ' ') ++skip;
    if (n >= skip + 3 && std::memcmp(p + skip, "\xEF\xBB\xBF", 3) == 0) {
        encoding = Encoding::Utf8Bom;
        skip += 3;
    } else if (n >= 2 && std::memcmp(p, "\xFF\xFE", 2) == 0) {
        encoding = Encoding::Utf16Le;
        skip = 2;
    } else if (n >= 2 && std::memcmp(p, "\xFE\xFF", 2) == 0) {
        encoding = Encoding::Utf16Be;
        skip = 2;
    } else {
        skip = 0;
        looks_like_utf16(p, n, encoding);
    }
    if (encoding == Encoding::Utf16Le || encoding == Encoding::Utf16Be) {
        from_utf16 = open_converter(encoding == Encoding::Utf16Le ? "UTF-16LE" : "UTF-16BE");
        to_utf8 = open_converter("UTF-8");
        convert_utf16(p + skip, n - skip, n < kChunkSize);
    } else {
        text.assign(p + skip, n - skip);
        raw = {};
    }
    if (n < kChunkSize) input_done = true;
}

// Appends the next chunk to `text`, first dropping the lines already cut so
// the buffer stays around one chunk plus the current line.
void LineSource::Impl::fill() {
    if (pos > 0) {
        text.erase(0, pos);
        pos = 0;
    }
    if (encoding == Encoding::Utf16Le || encoding == Encoding::Utf16Be) {
        const std::size_t n = read_chunk(raw.data());
        input_done = n < kChunkSize;
        convert_utf16(raw.data(), n, input_done);
        return;
    }
    const std::size_t old = text.size();
    text.resize(old + kChunkSize);
    const std::size_t n = read_chunk(text.data() + old);
    text.resize(old + n);
    input_done = n < kChunkSize;
}

// Streaming UTF-16 -> UTF-8: the converters keep a code unit or surrogate
// half that straddles a chunk boundary for the next call.
void LineSource::Impl::convert_utf16(const char* data, std::size_t n, bool flush) {
    if (!from_utf16 || !to_utf8) {
        if (n) diagnostics.error(line_number + 1, "cannot open the ICU UTF-16 converter");
        return;
    }
    const char* source = data;
    const char* source_limit = data + n;
    for (;;) {
        const std::size_t old = text.size();
        text.resize(old + 2 * static_cast<std::size_t>(source_limit - source) + 64);
        char* target = text.data() + old;
        UErrorCode status = U_ZERO_ERROR;
        ucnv_convertEx(to_utf8.get(), from_utf16.get(), &target, text.data() + text.size(), &source,
                       source_limit, pivot, &pivot_source, &pivot_target, pivot + kPivotSize,
                       false, flush, &status);
        text.resize(static_cast<std::size_t>(target - text.data()));
        if (status == U_BUFFER_OVERFLOW_ERROR) continue;
        if (U_FAILURE(status))
            diagnostics.error(line_number + 1, std::string("UTF-16 decoding failed: ") + u_errorName(status));
        return;
    }
}

// Cuts the next line at CRLF, LF or a bare CR; false when input is exhausted.
bool LineSource::Impl::cut_line(std::string& line) {
    for (;;) {
        const char* base = text.data();
        const std::size_t end = text.size();
        std::size_t i = pos + scanned;
        while (i < end && base[i] != '\n' && base[i] != '\r') ++i;
        if (i < end) {
            // A CR at the very end of the buffer may be the first half of CRLF.
            if (base[i] == '\r' && i + 1 == end && !input_done) {
                scanned = i - pos;
                fill();
                continue;
            }
            line.assign(base + pos, i - pos);
            const bool crlf = base[i] == '\r' && i + 1 < end && base[i + 1] == '\n';
            pos = i + (crlf ? 2 : 1);
            scanned = 0;
            return true;
        }
        if (input_done) {
            if (pos == end) return false;
            line.assign(base + pos, end - pos);
            pos = end;
            scanned = 0;
            return true;
        }
        if (end - pos > kMaxLineBytes) {
            std::size_t cut = pos + kMaxLineBytes;
            while (cut > pos && (static_cast<unsigned char>(base[cut]) & 0xC0) == 0x80) --cut;
            line.assign(base + pos, cut - pos);
            pos = cut;
            scanned = 0;
            cut_long_line = true;
            return true;
        }
        scanned = end - pos;
        fill();
    }
}

void LineSource::Impl::decode_cp1252(std::string& line) {
    if (!from_cp1252) from_cp1252 = open_converter("windows-1252");
    if (!from_cp1252) return;
    UErrorCode status = U_ZERO_ERROR;
    wide.resize(line.size() + 1);
    const int32_t units = ucnv_toUChars(from_cp1252.get(), wide.data(), static_cast<int32_t>(wide.size()),
                                        line.data(), static_cast<int32_t>(line.size()), &status);
    if (U_FAILURE(status)) return;
    std::string utf8(static_cast<std::size_t>(units) * 3, '\0');
    int32_t length = 0;
    status = U_ZERO_ERROR;
    u_strToUTF8(utf8.data(), static_cast<int32_t>(utf8.size()), &length, wide.data(), units, &status);
    if (U_FAILURE(status)) return;
    utf8.resize(static_cast<std::size_t>(length));
    line.swap(utf8);
}

void LineSource::Impl::clean(std::string& line, std::uint64_t number) {
    // Concatenated exports carry a BOM at the start of every part.
    if (line.size() >= 3 && line.compare(0, 3, "\xEF\xBB\xBF") == 0) line.erase(0, 3);
    // A NUL is never text; kept, it would travel into the stored record and
    // come back out of every export.
    if (line.find('\0') != std::string::npos) {
        line.erase(std::remove(line.begin(), line.end(), '\0'), line.end());
        diagnostics.repair(number, "NUL byte(s) removed");
    }
    if (all_ascii(line.data(), line.size())) return;
    if (!valid_utf8(line.data(), line.size())) {
        decode_cp1252(line);
        fallback_used = true;
        diagnostics.repair(number, "line is not valid UTF-8: decoded as windows-1252");
        return;
    }
    if (replace_unicode_separators(line))
        diagnostics.repair(number, "U+2028/U+2029 inside a line replaced by a space");
}

bool LineSource::Impl::read_line(std::string& line, std::uint64_t& number) {
    if (!started) start();
    if (!cut_line(line)) return false;
    number = ++line_number;
    if (cut_long_line) {
        diagnostics.repair(number, "line longer than 16 MiB: cut into pieces, read as the next lines");
        cut_long_line = false;
    }
    clean(line, number);
    return true;
}

LineSource::LineSource(std::istream& in, Diagnostics& diagnostics)
    : impl_(std::make_unique<Impl>(in, diagnostics)) {}

LineSource::~LineSource() = default;

bool LineSource::next(std::string& line, std::uint64_t& line_number) {
    if (impl_->ahead.empty()) return impl_->read_line(line, line_number);
    line.swap(impl_->ahead.front().first);
    line_number = impl_->ahead.front().second;
    impl_->ahead.pop_front();
    return true;
}

bool LineSource::peek(std::size_t n, std::string& line) {
    while (impl_->ahead.size() <= n) {
        std::pair<std::string, std::uint64_t> entry;
        if (!impl_->read_line(entry.first, entry.second)) return false;
        impl_->ahead.push_back(std::move(entry));
    }
    line = impl_->ahead[n].first;
    return true;
}

std::string LineSource::encoding() const {
    if (impl_->fallback_used) return "windows-1252";
    switch (impl_->encoding) {
        case Encoding::Utf8: return "utf-8";
        case Encoding::Utf8Bom: return "utf-8-bom";
        case Encoding::Utf16Le: return "utf-16le";
        case Encoding::Utf16Be: return "utf-16be";
    }
    return "utf-8";
}

std::uint64_t LineSource::bytes_read() const { return impl_->bytes; }

}  // namespace refdex
