#include "stored_record.h"

#include <cstring>
#include <stdexcept>
#include <string_view>

#include <nlohmann/json.hpp>

#include "normalise.h"

namespace refdex {

namespace {

// Reads exactly the layout serialise_record() writes: keys in nlohmann's
// (sorted) order, no white space, three-element tags. Every hit of a search
// is parsed, and building a JSON tree for each was a fifth of a ranked
// query's time on a small index. Anything else, or anything the JSON
// grammar forbids, returns false and the general parser decides, so the
// result never differs from it.
class OwnLayout {
public:
    explicit OwnLayout(const std::string& data) : p_(data.data()), end_(data.data() + data.size()) {}

    bool read(StoredRecord& out) {
        std::string format;
        std::uint64_t version = 0;
        if (!(literal("{\"file\":") && string(out.raw.source_file) && literal(",\"format\":") && string(format) &&
              literal(",\"id\":") && string(out.id) && literal(",\"line\":") && number(out.raw.line) &&
              literal(",\"tags\":[")))
            return false;
        if (!literal("]")) {
            do {
                RawField& field = out.raw.fields.emplace_back();
                if (!(literal("[") && string(field.tag) && literal(",") && string(field.value) && literal(",") &&
                      number(field.line) && literal("]")))
                    return false;
            } while (literal(","));
            if (!literal("]")) return false;
        }
        if (!(literal(",\"v\":") && number(version) && literal("}") && p_ == end_)) return false;
        if (!parse_format_name(format, out.raw.format)) out.raw.format = InputFormat::Ris;
        return true;
    }

private:
    bool literal(std::string_view text) {
        if (static_cast<std::size_t>(end_ - p_) < text.size() || std::memcmp(p_, text.data(), text.size()) != 0) return false;
        p_ += text.size();
        return true;
    }

    bool number(std::uint64_t& out) {
        const char* start = p_;
        std::uint64_t value = 0;
        while (p_ < end_ && *p_ >= '0' && *p_ <= '9') {
            const auto digit = static_cast<std::uint64_t>(*p_ - '0');
            if (value > (UINT64_MAX - digit) / 10) return false;
            value = value * 10 + digit;
            ++p_;
        }
        // JSON allows no leading zero; one digit "0" is fine.
        if (p_ == start || (*start == '0' && p_ - start > 1)) return false;
        out = value;
        return true;
    }

    bool string(std::string& out) {
        if (!literal("\"")) return false;
        out.clear();
        for (;;) {
            const char* run = p_;
            while (p_ < end_ && static_cast<unsigned char>(*p_) >= 0x20 && static_cast<unsigned char>(*p_) < 0x80 &&
                   *p_ != '"' && *p_ != '\\')
                ++p_;
            out.append(run, p_);
            if (p_ == end_) return false;
            const auto c = static_cast<unsigned char>(*p_);
            if (c == '"') {
                ++p_;
                return true;
            }
            if (c >= 0x80) {
                if (!utf8_sequence(out)) return false;
            } else if (c == '\\') {
                if (!escape(out)) return false;
            } else {
                return false;  // a raw control character
            }
        }
    }

    // One well-formed UTF-8 sequence (RFC 3629: no overlong forms, no
    // surrogates, nothing above U+10FFFF), copied to `out`.
    bool utf8_sequence(std::string& out) {
        const auto* s = reinterpret_cast<const unsigned char*>(p_);
        const auto left = static_cast<std::size_t>(end_ - p_);
        std::size_t length = 0;
        unsigned char low = 0x80, high = 0xBF;  // the second byte's range
        if (s[0] >= 0xC2 && s[0] <= 0xDF) length = 2;
        else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
            length = 3;
            if (s[0] == 0xE0) low = 0xA0;
            if (s[0] == 0xED) high = 0x9F;
        } else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
            length = 4;
            if (s[0] == 0xF0) low = 0x90;
            if (s[0] == 0xF4) high = 0x8F;
        } else {
            return false;
        }
        if (left < length || s[1] < low || s[1] > high) return false;
        for (std::size_t k = 2; k < length; ++k)
            if (s[k] < 0x80 || s[k] > 0xBF) return false;
        out.append(p_, length);
        p_ += length;
        return true;
    }

    bool escape(std::string& out) {
        if (end_ - p_ < 2) return false;
        const char c = p_[1];
        p_ += 2;
        switch (c) {
            case '"': out += '"'; return true;
            case '\\': out += '\\'; return true;
            case '/': out += '/'; return true;
            case 'b': out += '\b'; return true;
            case 'f': out += '\f'; return true;
            case 'n': out += '\n'; return true;
            case 'r': out += '\r'; return true;
            case 't': out += '\t'; return true;
            case 'u': break;
            default: return false;
        }
        // \uXXXX outside the surrogates (serialise_record writes it for
        // control characters only); a surrogate pair goes to the general parser.
        if (end_ - p_ < 4) return false;
        unsigned code = 0;
        for (int k = 0; k < 4; ++k) {
            const char h = *p_++;
            code <<= 4;
            if (h >= '0' && h <= '9') code |= static_cast<unsigned>(h - '0');
            else if (h >= 'a' && h <= 'f') code |= static_cast<unsigned>(h - 'a' + 10);
            else if (h >= 'A' && h <= 'F') code |= static_cast<unsigned>(h - 'A' + 10);
            else return false;
        }
        if (code >= 0xD800 && code <= 0xDFFF) return false;
        append_utf8(out, code);
        return true;
    }

    const char* p_;
    const char* end_;
};

}  // namespace

std::string serialise_record(const StoredRecord& record) {
    nlohmann::json tags = nlohmann::json::array();
    for (const auto& f : record.raw.fields) tags.push_back({f.tag, f.value, f.line});
    nlohmann::json j = {
        {"v", 1},
        {"id", record.id},
        {"file", record.raw.source_file},
        {"line", record.raw.line},
        {"format", format_name(record.raw.format)},
        {"tags", std::move(tags)},
    };
    // Replace, not throw, on invalid UTF-8: the reader already decoded the
    // input, so this only guards against a bug costing a whole batch.
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

StoredRecord parse_stored_record(const std::string& data) {
    {
        StoredRecord fast;
        if (OwnLayout(data).read(fast)) return fast;
    }
    nlohmann::json j = nlohmann::json::parse(data, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("tags"))
        throw std::runtime_error("document data is not a refdex record");
    // Members of another type than refdex writes read as empty, never as a
    // conversion (a float too large for a line number is undefined in C++).
    auto text = [](const nlohmann::json& v) { return v.is_string() ? v.get<std::string>() : std::string(); };
    auto number = [](const nlohmann::json& v) { return v.is_number_unsigned() ? v.get<std::uint64_t>() : std::uint64_t{0}; };
    StoredRecord out;
    out.id = j.contains("id") ? text(j["id"]) : "";
    out.raw.source_file = j.contains("file") ? text(j["file"]) : "";
    out.raw.line = j.contains("line") ? number(j["line"]) : 0;
    parse_format_name(j.contains("format") ? text(j["format"]) : "ris", out.raw.format);
    for (const auto& t : j["tags"]) {
        if (!t.is_array() || t.size() < 2) continue;
        out.raw.fields.push_back({text(t[0]), text(t[1]), t.size() > 2 ? number(t[2]) : 0});
    }
    return out;
}

}  // namespace refdex
