#include "query_fields.h"

#include <array>
#include <cctype>

namespace refdex::query {

namespace {

struct Alias {
    std::string_view name;
    Field field;
};

// Field names before ':'. The first name of each field is its label.
constexpr std::array kFieldNames{
    Alias{"author", Field::Author},     Alias{"au", Field::Author},
    Alias{"title", Field::Title},       Alias{"ti", Field::Title},
    Alias{"abstract", Field::Abstract}, Alias{"ab", Field::Abstract},
    Alias{"keyword", Field::Keyword},   Alias{"kw", Field::Keyword},
    Alias{"tiab", Field::TiAb},         Alias{"text", Field::Text},
    Alias{"tw", Field::Text},           Alias{"heading", Field::Heading},
    Alias{"subheading", Field::Subheading}, Alias{"sh", Field::Subheading},
    Alias{"major", Field::Major},       Alias{"journal", Field::Journal},
    Alias{"jo", Field::Journal},        Alias{"year", Field::Year},
    Alias{"type", Field::Type},         Alias{"lang", Field::Language},
    Alias{"language", Field::Language}, Alias{"doi", Field::Doi},
    Alias{"pmid", Field::Pmid},         Alias{"id", Field::Id},
    Alias{"source", Field::Source},
};

// PubMed search tags, short and long forms, mapped onto our fields. MeSH and
// "other terms" both land in keywords: exports put them in KW/MH/OT alike.
constexpr std::array kTags{
    Alias{"au", Field::Author},          Alias{"author", Field::Author},
    Alias{"fau", Field::Author},         Alias{"ti", Field::Title},
    Alias{"title", Field::Title},        Alias{"ab", Field::Abstract},
    Alias{"abstract", Field::Abstract},  Alias{"tiab", Field::TiAb},
    Alias{"title/abstract", Field::TiAb}, Alias{"ot", Field::Keyword},
    Alias{"kw", Field::Keyword},         Alias{"mh", Field::Keyword},
    Alias{"majr", Field::Major},         Alias{"mesh terms", Field::Keyword},
    Alias{"mh:noexp", Field::Heading},   Alias{"mesh:noexp", Field::Heading},
    Alias{"majr:noexp", Field::Major},   Alias{"mesh terms:noexp", Field::Heading},
    Alias{"mesh major topic", Field::Major}, Alias{"mesh major topic:noexp", Field::Major},
    Alias{"sh", Field::Subheading},      Alias{"subheading", Field::Subheading},
    Alias{"mesh subheading", Field::Subheading},
    Alias{"other term", Field::Keyword}, Alias{"ta", Field::Journal},
    Alias{"journal", Field::Journal},    Alias{"dp", Field::Year},
    Alias{"pdat", Field::Year},          Alias{"publication date", Field::Year},
    Alias{"date - publication", Field::Year},
    Alias{"la", Field::Language},        Alias{"language", Field::Language},
    Alias{"pt", Field::Type},            Alias{"publication type", Field::Type},
    Alias{"tw", Field::Text},            Alias{"text word", Field::Text},
    Alias{"all", Field::Any},            Alias{"all fields", Field::Any},
    Alias{"pmid", Field::Pmid},          Alias{"uid", Field::Pmid},
};

std::string lower_ascii(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

template <typename Table>
std::optional<Field> find(const Table& table, std::string_view key) {
    const std::string lower = lower_ascii(key);
    for (const auto& alias : table)
        if (alias.name == lower) return alias.field;
    return std::nullopt;
}

}  // namespace

std::optional<Field> field_by_name(std::string_view name) { return find(kFieldNames, name); }

std::string tag_key(std::string_view tag) {
    std::string key;
    for (std::size_t i = 0; i < tag.size(); ++i) {
        const bool space = tag[i] == ' ';
        if (space && (key.empty() || key.back() == ':' || i + 1 == tag.size() || tag[i + 1] == ' ' || tag[i + 1] == ':'))
            continue;
        key += static_cast<char>(std::tolower(static_cast<unsigned char>(tag[i])));
    }
    return key;
}

std::optional<Field> field_by_tag(std::string_view tag) { return find(kTags, tag_key(tag)); }

std::string field_name_list() {
    std::string out;
    for (const auto& alias : kFieldNames) {
        if (!out.empty()) out += ", ";
        out += alias.name;
    }
    return out;
}

std::string tag_list() {
    // Short forms first; the long forms PubMed's "search details" prints after them.
    std::string out, long_forms;
    for (const auto& alias : kTags) {
        std::string& list = alias.name.find(' ') == std::string_view::npos ? out : long_forms;
        if (!list.empty()) list += " ";
        list += '[';
        list += alias.name;
        list += ']';
    }
    return out + " (also " + long_forms + ")";
}

std::string_view field_label(Field field) {
    if (field == Field::Any) return "any field";
    for (const auto& alias : kFieldNames)
        if (alias.field == field) return alias.name;
    return "?";
}

bool is_text_field(Field field) {
    switch (field) {
        case Field::Any: case Field::Author: case Field::Title: case Field::Abstract:
        case Field::Keyword: case Field::TiAb: case Field::Text: case Field::Journal:
            return true;
        default:
            return false;
    }
}

bool takes_raw_value(Field field) { return !is_text_field(field); }

}  // namespace refdex::query
