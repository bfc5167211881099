#include "tag_table.h"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "record.h"

namespace refdex {

namespace {
constexpr InputFormat R = InputFormat::Ris;
constexpr InputFormat M = InputFormat::Medline;
constexpr InputFormat W = InputFormat::Wos;
}  // namespace

const std::vector<TagRule>& tag_rules() {
    static const std::vector<TagRule> rules = {
        // ---- RIS ----------------------------------------------------------
        {R, "TY", Field::Type, "reference type"},
        {R, "AU", Field::Author, "author"},
        {R, "A1", Field::Author, "primary author (RIS 2001)"},
        {R, "A2", Field::Editor, "secondary author / editor"},
        {R, "ED", Field::Editor, "editor"},
        {R, "A3", Field::TertiaryAuthor, "tertiary author"},
        {R, "A4", Field::SubsidiaryAuthor, "subsidiary author"},
        {R, "TI", Field::Title, "title"},
        {R, "T1", Field::Title, "primary title (RIS 2001)"},
        {R, "CT", Field::TitleFallback, "caption / title of unpublished work"},
        {R, "ST", Field::TitleFallback, "short title"},
        {R, "TT", Field::TranslatedTitle, "translated title: searched as title words; the title only without TI/T1/CT/ST"},
        {R, "T2", Field::Journal, "secondary title: journal, book"},
        {R, "JO", Field::Journal, "journal abbreviation"},
        {R, "JF", Field::Journal, "journal full name"},
        {R, "JA", Field::Journal, "journal standard abbreviation"},
        {R, "J2", Field::Journal, "alternate journal title"},
        {R, "J1", Field::Journal, "journal user abbreviation"},
        {R, "BT", Field::Journal, "book title (title of a book record when it has no TI/T1)"},
        {R, "T3", Field::Journal, "tertiary title: series"},
        {R, "AB", Field::Abstract, "abstract"},
        {R, "N2", Field::Abstract, "abstract (RIS 2001)"},
        {R, "KW", Field::Keyword, "keyword(s); a ';'-separated list is split"},
        {R, "PY", Field::Year, "publication year"},
        {R, "Y1", Field::Year, "primary date (RIS 2001)"},
        {R, "DA", Field::Date, "date"},
        {R, "VL", Field::Volume, "volume"},
        {R, "VO", Field::Volume, "volume (alternate)"},
        {R, "IS", Field::Issue, "issue"},
        {R, "CP", Field::Issue, "issue (alternate)"},
        {R, "SP", Field::StartPage, "start page, or a 'start-end' range"},
        {R, "EP", Field::EndPage, "end page"},
        {R, "DO", Field::Doi, "DOI"},
        {R, "DI", Field::Doi, "DOI (some exports)"},
        {R, "M3", Field::DoiCandidate, "type of work: a publication type (type:, [pt]); often holds the DOI instead"},
        {R, "UR", Field::DoiCandidate, "URL; a doi.org URL gives the DOI, 'PM:' the PMID"},
        {R, "N1", Field::DoiCandidate, "notes; may hold 'doi:' text"},
        {R, "L3", Field::DoiCandidate, "related records; may hold a DOI"},
        {R, "U3", Field::DoiCandidate, "user field; PubMed exports put the DOI here"},
        {R, "AN", Field::PmidCandidate, "accession number: the PMID when DB/DP is PubMed/MEDLINE/NLM"},
        {R, "C7", Field::PmidCandidate, "article number (Scopus, Web of Science, EndNote); the PMID only when DB/DP is PubMed/MEDLINE/NLM"},
        {R, "SN", Field::IssnOrIsbn, "ISSN or ISBN (told apart by their form)"},
        {R, "PB", Field::Publisher, "publisher"},
        {R, "LA", Field::Language, "language"},
        {R, "DB", Field::Database, "name of database"},
        {R, "DP", Field::Database, "database provider"},
        {R, "ID", Field::RecordId, "the export's own record id"},
        {R, "Y2", Field::Ignored, "access date: never the publication year"},
        {R, "ER", Field::Ignored, "end of record"},
        // Standard RIS tags kept only in the stored record (and searched as
        // 'the rest of the record' through the unknown list).
        {R, "AD", Field::Note, "author address / affiliation"},
        {R, "CY", Field::Ignored, "place published"},
        {R, "ET", Field::Ignored, "edition / electronic publication date"},
        {R, "L1", Field::Ignored, "file attachment"},
        {R, "L2", Field::Url, "full-text link"},
        {R, "L4", Field::Ignored, "figure"},
        {R, "LK", Field::Url, "website link"},
        {R, "LB", Field::Ignored, "label"},
        {R, "M1", Field::Ignored, "miscellaneous 1 (number)"},
        {R, "M2", Field::Ignored, "miscellaneous 2"},
        {R, "NV", Field::Ignored, "number of volumes"},
        {R, "OP", Field::Ignored, "original publication"},
        {R, "RI", Field::Ignored, "reviewed item"},
        {R, "RN", Field::Note, "research notes"},
        {R, "RP", Field::Ignored, "reprint edition"},
        {R, "SE", Field::Ignored, "section"},
        {R, "TA", Field::Ignored, "translated author"},
        {R, "AV", Field::Ignored, "availability"},
        {R, "CA", Field::Ignored, "caption"},
        {R, "CN", Field::Ignored, "call number"},
        {R, "PP", Field::Ignored, "place published (RIS 2001)"},
        {R, "C1", Field::Ignored, "custom 1"}, {R, "C2", Field::Ignored, "custom 2"},
        {R, "C3", Field::Ignored, "custom 3"}, {R, "C4", Field::Ignored, "custom 4"},
        {R, "C5", Field::Ignored, "custom 5"}, {R, "C6", Field::Ignored, "custom 6"},
        {R, "C8", Field::Ignored, "custom 8"},
        {R, "U1", Field::Ignored, "user 1"}, {R, "U2", Field::Ignored, "user 2"},
        {R, "U4", Field::Ignored, "user 4"}, {R, "U5", Field::Ignored, "user 5"},
        {R, "H1", Field::Ignored, "library holdings (Zotero)"}, {R, "H2", Field::Ignored, "call number (Zotero)"},
        // ---- PubMed MEDLINE (.nbib) --------------------------------------
        {M, "PT", Field::Type, "publication type (MEDLINE records are journal articles)"},
        {M, "FAU", Field::Author, "full author name"},
        {M, "AU", Field::Author, "author (used when FAU is absent)"},
        {M, "CN", Field::GroupAuthor, "corporate / group author: an author, named whole"},
        {M, "FED", Field::Editor, "full editor name"},
        {M, "ED", Field::Editor, "editor (used when FED is absent)"},
        {M, "TI", Field::Title, "title"},
        {M, "BTI", Field::Title, "book title"},
        {M, "TT", Field::TranslatedTitle, "transliterated / original-language title: searched as title words; the title only without TI/BTI"},
        {M, "JT", Field::Journal, "journal title"},
        {M, "TA", Field::Journal, "journal title abbreviation (kept as the journal's other name)"},
        {M, "AB", Field::Abstract, "abstract"},
        {M, "MH", Field::Keyword, "MeSH heading"},
        {M, "OT", Field::Keyword, "other term (author keyword)"},
        {M, "DP", Field::Year, "date of publication"},
        {M, "VI", Field::Volume, "volume"},
        {M, "IP", Field::Issue, "issue"},
        {M, "PG", Field::Pages, "pagination"},
        {M, "LID", Field::DoiCandidate, "location id: '… [doi]'"},
        {M, "AID", Field::DoiCandidate, "article id: '… [doi]'"},
        {M, "PMID", Field::Pmid, "PubMed id"},
        {M, "IS", Field::IssnOrIsbn, "ISSN"},
        {M, "ISBN", Field::Isbn, "ISBN"},
        {M, "PB", Field::Publisher, "publisher"},
        {M, "LA", Field::Language, "language"},
        {M, "OWN", Field::Database, "owner (NLM)"},
        {M, "AD", Field::Note, "affiliation"},
        // ---- Web of Science plain text ------------------------------------
        {W, "PT", Field::Type, "publication type: J journal, B book, S series, P patent"},
        {W, "AF", Field::Author, "author full name"},
        {W, "AU", Field::Author, "author (used when AF is absent)"},
        {W, "BF", Field::Editor, "book author full name"},
        {W, "ED", Field::Editor, "editor"},
        {W, "TI", Field::Title, "title"},
        {W, "SO", Field::Journal, "source title"},
        {W, "J9", Field::Journal, "29-character source abbreviation"},
        {W, "JI", Field::Journal, "ISO source abbreviation"},
        {W, "SE", Field::Journal, "book series title"},
        {W, "AB", Field::Abstract, "abstract"},
        {W, "DE", Field::KeywordList, "author keywords ('; '-separated)"},
        {W, "ID", Field::KeywordList, "Keywords Plus ('; '-separated)"},
        {W, "PY", Field::Year, "publication year"},
        {W, "PD", Field::Date, "publication date"},
        {W, "VL", Field::Volume, "volume"},
        {W, "IS", Field::Issue, "issue"},
        {W, "BP", Field::StartPage, "beginning page"},
        {W, "EP", Field::EndPage, "ending page"},
        {W, "DI", Field::Doi, "DOI"},
        {W, "PM", Field::Pmid, "PubMed id"},
        {W, "SN", Field::Issn, "ISSN"},
        {W, "EI", Field::Issn, "eISSN"},
        {W, "BN", Field::Isbn, "ISBN"},
        {W, "PU", Field::Publisher, "publisher"},
        {W, "LA", Field::Language, "language"},
        {W, "UT", Field::RecordId, "accession number (WOS:...)"},
        {W, "C1", Field::Note, "author address"},
        {W, "ER", Field::Ignored, "end of record"},
    };
    return rules;
}

namespace {
using Key = std::pair<int, std::string>;
struct KeyHash {
    std::size_t operator()(const Key& k) const { return std::hash<std::string>()(k.second) ^ static_cast<std::size_t>(k.first); }
};
const std::unordered_map<Key, Field, KeyHash>& rule_index() {
    static const auto index = [] {
        std::unordered_map<Key, Field, KeyHash> m;
        for (const auto& r : tag_rules()) m.emplace(Key{static_cast<int>(r.format), r.tag}, r.field);
        return m;
    }();
    return index;
}
}  // namespace

bool field_of(InputFormat format, std::string_view tag, Field& out) {
    const auto& index = rule_index();
    auto it = index.find(Key{static_cast<int>(format), std::string(tag)});
    if (it == index.end()) return false;
    out = it->second;
    return true;
}

const std::vector<const TagRule*>& rules_for(InputFormat format, Field field) {
    // Built once: every record mapped (each search hit too) asks for these.
    static const auto table = [] {
        std::map<std::pair<int, int>, std::vector<const TagRule*>> t;
        for (const auto& r : tag_rules()) t[{static_cast<int>(r.format), static_cast<int>(r.field)}].push_back(&r);
        return t;
    }();
    static const std::vector<const TagRule*> none;
    const auto it = table.find({static_cast<int>(format), static_cast<int>(field)});
    return it == table.end() ? none : it->second;
}

bool is_known_ris_tag(const std::string& tag) {
    Field ignored;
    return field_of(InputFormat::Ris, tag, ignored);
}

}  // namespace refdex
