// map_record(): RawRecord -> canonical Record, through the tag table.
#include <algorithm>
#include <cctype>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "normalise.h"
#include "record.h"
#include "tag_table.h"

namespace refdex {

namespace {

// Cleaned values of one record, grouped by field, each group in file order
// but with tags of higher priority first.
class FieldValues {
public:
    explicit FieldValues(const RawRecord& raw) : format_(raw.format) {
        for (const auto& f : raw.fields) {
            Field field;
            if (!field_of(raw.format, f.tag, field)) continue;
            by_field_[field].push_back(&f);
        }
        for (auto& [field, list] : by_field_) {
            if (list.size() < 2) continue;
            const auto& rules = rules_for(format_, field);
            auto rank = [&](const RawField* f) {
                for (std::size_t i = 0; i < rules.size(); ++i)
                    if (f->tag == rules[i]->tag) return i;
                return rules.size();
            };
            // Ranked once per value, not once per comparison.
            std::vector<std::pair<std::size_t, const RawField*>> ranked;
            ranked.reserve(list.size());
            for (const RawField* f : list) ranked.emplace_back(rank(f), f);
            std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
            for (std::size_t i = 0; i < list.size(); ++i) list[i] = ranked[i].second;
        }
    }
    // Cleaned non-empty values, priority order.
    std::vector<std::string> all(Field field) const {
        std::vector<std::string> out;
        for (const RawField* f : raw(field)) {
            std::string v = clean_text(f->value);
            if (!v.empty()) out.push_back(std::move(v));
        }
        return out;
    }
    std::string first(Field field) const {
        for (const RawField* f : raw(field)) {
            std::string v = clean_text(f->value);
            if (!v.empty()) return v;
        }
        return {};
    }
    const std::vector<const RawField*>& raw(Field field) const {
        static const std::vector<const RawField*> none;
        auto it = by_field_.find(field);
        return it == by_field_.end() ? none : it->second;
    }
    bool has_tag(Field field, const char* tag) const {
        for (const RawField* f : raw(field))
            if (f->tag == tag && !clean_text(f->value).empty()) return true;
        return false;
    }

private:
    InputFormat format_;
    std::map<Field, std::vector<const RawField*>> by_field_;
};

std::vector<std::string> split_list(const std::string& value, char separator) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= value.size()) {
        std::size_t end = value.find(separator, start);
        if (end == std::string::npos) end = value.size();
        std::string part = clean_text(value.substr(start, end - start));
        if (!part.empty()) out.push_back(std::move(part));
        start = end + 1;
    }
    return out;
}

// Values that repeat (the same keyword from KW and a ';' list, an author in
// both AU and A1) are kept once; comparison is on the folded form. `seen`
// holds the folded forms already in `list`: re-folding every earlier value
// made a record with 100,000 authors take minutes.
void append_unique(std::vector<std::string>& list, std::unordered_set<std::string>& seen, std::string value) {
    if (!seen.insert(fold(value)).second) return;
    list.push_back(std::move(value));
}

std::string digits_only(const std::string& s) {
    std::string out;
    for (char c : s)
        if (std::isdigit(static_cast<unsigned char>(c))) out += c;
    return out;
}

bool is_pubmed_database(const std::string& db) {
    std::string f = fold(db);
    return f.find("pubmed") != std::string::npos || f.find("medline") != std::string::npos ||
           f == "nlm" || f.find("national library of medicine") != std::string::npos;
}

// PMID hidden in a URL: "PM:12345", ".../pubmed/12345", "pubmed.ncbi.nlm.nih.gov/12345".
std::string pmid_from_url(const std::string& url) {
    for (const char* marker : {"PM:", "/pubmed/", "pubmed.ncbi.nlm.nih.gov/", "list_uids="}) {
        auto at = url.find(marker);
        if (at == std::string::npos) continue;
        std::string digits;
        for (std::size_t i = at + std::string(marker).size(); i < url.size() && std::isdigit(static_cast<unsigned char>(url[i])); ++i)
            digits += url[i];
        if (!digits.empty() && digits.size() <= 9) return digits;
    }
    return {};
}

// ISBNs have 10 or 13 digits (the last may be X); ISSNs have 8.
bool looks_like_isbn(const std::string& value) {
    std::size_t digits = 0;
    for (char c : value)
        if (std::isdigit(static_cast<unsigned char>(c)) || c == 'X' || c == 'x') ++digits;
    return digits == 10 || digits == 13;
}

bool looks_like_person(const std::string& part) {
    // "R. L. Whistler", "Lake WC": at least two words, one of them an initial.
    const std::vector<std::string> words = split_words(part, " ");
    const bool initial = std::any_of(words.begin(), words.end(), [](const std::string& w) {
        return std::count_if(w.begin(), w.end(), [](char c) { return c != '.' && c != '-'; }) <= 2;
    });
    return words.size() >= 2 && words.size() <= 5 && initial;
}

// "Tianxiao Shen", "Yong Jae Lee", "Ricardo Martin-Brualla", "Hugo van der
// Berg": two to four words, each capitalised or a surname particle. The
// conference listings of the scale corpus give whole author lists of these.
bool looks_like_full_name(const std::string& part) {
    const std::vector<std::string> words = split_words(part, " ");
    // A lead byte >= 0x80 opens a non-ASCII letter ("Émile", "Łukasz").
    auto capitalised = [](const std::string& w) {
        const auto lead = static_cast<unsigned char>(w[0]);
        return std::isupper(lead) || lead >= 0x80 || is_surname_particle(w);
    };
    return words.size() >= 2 && words.size() <= 4 && std::all_of(words.begin(), words.end(), capitalised);
}

// Some exports (CSV conversions, Covidence) put every author in one value:
// "A. Pacho; G. Wistow", "R. L. Whistler, W. C. Lake and N. Mays" or
// "Tianxiao Shen, Tao Lei, Regina Barzilay". Split only when each part
// looks like a person, so "Smith, John" and "Department of Health and
// Social Care" stay whole.
std::vector<std::string> split_author_list(const std::string& value) {
    if (value.find(';') != std::string::npos) return split_list(value, ';');
    if (value.find(" and ") == std::string::npos && std::count(value.begin(), value.end(), ',') < 2) return {value};
    std::string unified;
    for (std::size_t i = 0; i < value.size(); ++i) {
        if (value.compare(i, 5, " and ") == 0) {
            unified += ',';
            i += 4;
        } else {
            unified += value[i];
        }
    }
    std::vector<std::string> parts = split_list(unified, ',');
    if (std::all_of(parts.begin(), parts.end(), looks_like_person)) return parts;
    // Full names without initials only from three on: "Garcia Marquez,
    // Gabriel Jose" is one person, "Sagi Katz, Ayellet Tal" two, and
    // nothing in two such parts tells them apart.
    if (parts.size() >= 3 && std::all_of(parts.begin(), parts.end(), looks_like_full_name)) return parts;
    return {value};
}

// MEDLINE and WoS give each person twice, full and short form (FAU and AU,
// FED and ED, AF and AU): the full form when the record has one, never both.
std::vector<const RawField*> full_form_if_any(const FieldValues& v, Field field, const char* full_tag) {
    if (!v.has_tag(field, full_tag)) return v.raw(field);
    std::vector<const RawField*> full;
    for (const RawField* x : v.raw(field))
        if (x->tag == full_tag) full.push_back(x);
    return full;
}

std::vector<std::string> cleaned_values(const std::vector<const RawField*>& fields) {
    std::vector<std::string> out;
    for (const RawField* f : fields) {
        std::string value = clean_text(f->value);
        if (!value.empty()) out.push_back(std::move(value));
    }
    return out;
}

// The fields that name the authors, in file order: RIS AU and A1 are one
// role, and a MEDLINE group author (CN) stands where the byline put it.
std::vector<const RawField*> author_fields(const FieldValues& v, InputFormat format) {
    std::vector<const RawField*> raw = format == InputFormat::Medline ? full_form_if_any(v, Field::Author, "FAU")
                                       : format == InputFormat::Wos   ? full_form_if_any(v, Field::Author, "AF")
                                                                      : v.raw(Field::Author);
    const auto& groups = v.raw(Field::GroupAuthor);
    raw.insert(raw.end(), groups.begin(), groups.end());
    std::stable_sort(raw.begin(), raw.end(), [](auto* a, auto* b) { return a->line < b->line; });
    return raw;
}

void map_people(const FieldValues& v, InputFormat format, Record& r) {
    // A name given under both AU and A1 is one author, kept once; a name
    // repeated under one tag is two people who share it ("Wang, J." twice in
    // a 32-author list), kept twice.
    std::unordered_map<std::string, const std::string*> first_tag;  // folded name -> tag it came under
    for (const RawField* x : author_fields(v, format))
        for (auto& one : split_author_list(clean_text(x->value))) {
            if (one.empty()) continue;
            const auto [it, added] = first_tag.emplace(fold(one), &x->tag);
            if (added || *it->second == x->tag) r.authors.push_back(std::move(one));
        }
    // WoS BF (book authors) and ED (editors) are two roles, not two forms.
    r.editors = format == InputFormat::Medline ? cleaned_values(full_form_if_any(v, Field::Editor, "FED"))
                                               : v.all(Field::Editor);
    r.tertiary_authors = v.all(Field::TertiaryAuthor);
    r.subsidiary_authors = v.all(Field::SubsidiaryAuthor);
}

// The first value of a title fallback field as the title, noted for the report.
void take_fallback_title(const FieldValues& v, Field field, Record& r, std::vector<MapNote>* notes) {
    r.title = v.first(field);
    if (!r.title.empty() && notes)
        notes->push_back({v.raw(field).front()->line, "no TI/T1: title taken from " + v.raw(field).front()->tag});
}

void map_titles(const FieldValues& v, Record& r, std::vector<MapNote>* notes) {
    r.title = v.first(Field::Title);
    auto journals = v.all(Field::Journal);
    // A book record may carry its own title only in BT; then BT is the title
    // and not the "journal".
    if (r.title.empty()) {
        for (const RawField* f : v.raw(Field::Journal))
            if (f->tag == "BT" && !clean_text(f->value).empty()) r.title = clean_text(f->value);
        if (!r.title.empty())
            journals.erase(std::remove(journals.begin(), journals.end(), r.title), journals.end());
    }
    if (r.title.empty()) take_fallback_title(v, Field::TitleFallback, r, notes);
    if (r.title.empty()) take_fallback_title(v, Field::TranslatedTitle, r, notes);
    std::unordered_set<std::string> seen_titles{fold(r.title)};
    for (auto& t : v.all(Field::TranslatedTitle)) append_unique(r.translated_titles, seen_titles, std::move(t));

    if (!journals.empty()) r.journal = journals.front();
    std::unordered_set<std::string> seen_journals{fold(r.journal)};
    for (std::size_t i = 1; i < journals.size(); ++i)
        append_unique(r.journal_alternates, seen_journals, std::move(journals[i]));

    auto abstracts = v.all(Field::Abstract);
    for (auto& a : abstracts) {
        if (r.abstract.empty()) { r.abstract = a; continue; }
        if (fold(a) == fold(r.abstract)) {
            if (notes) notes->push_back({v.raw(Field::Abstract).back()->line, "abstract given twice (AB and N2): kept once"});
            continue;
        }
        r.abstract += " " + a;
    }
}

void map_keywords(const FieldValues& v, Record& r) {
    std::unordered_set<std::string> seen;
    for (const auto& value : v.all(Field::Keyword))
        for (auto& k : split_list(value, ';')) append_unique(r.keywords, seen, std::move(k));
    for (const auto& value : v.all(Field::KeywordList))
        for (auto& k : split_list(value, ';')) append_unique(r.keywords, seen, std::move(k));
}

void map_dates(const FieldValues& v, Record& r) {
    for (const auto& value : v.all(Field::Year)) {
        if (auto y = parse_year(value)) { r.year = y; r.date = value; break; }
    }
    std::string date = v.first(Field::Date);
    if (!r.year) {
        if (auto y = parse_year(date)) r.year = y;
    }
    if (!date.empty() && (r.date.empty() || date.size() > r.date.size())) r.date = date;
}

void map_locators(const FieldValues& v, Record& r) {
    r.volume = v.first(Field::Volume);
    r.issue = v.first(Field::Issue);
    // RIS SP and WoS BP may hold a whole range, MEDLINE PG always does.
    const std::string start = v.first(Field::StartPage);
    const PageRange range = split_page_range(start.empty() ? v.first(Field::Pages) : start);
    r.start_page = range.first;
    r.end_page = v.first(Field::EndPage);
    if (r.end_page.empty()) r.end_page = range.last;
    // "6913-7" and "SP 6913 / EP 7" mean 6913-6917: the end page is kept in
    // full, so that display, export and the duplicate rules see one form.
    r.end_page = full_end_page(r.start_page, r.end_page);
}

void map_identifiers(const FieldValues& v, Record& r) {
    for (const auto& value : v.all(Field::Doi)) {
        if (!r.doi.empty()) break;
        r.doi = normalise_doi(value);
        r.doi_as_written = doi_as_written(value);
    }
    if (r.doi.empty()) {
        for (const RawField* f : v.raw(Field::DoiCandidate)) {
            // MEDLINE LID/AID name their kind: only "[doi]" ones are DOIs.
            if ((f->tag == "LID" || f->tag == "AID") && f->value.find("[doi]") == std::string::npos) continue;
            if (f->tag == "UR" || f->tag == "L3" || f->tag == "N1") {
                std::string lower = fold(f->value);
                bool marked = lower.find("doi") != std::string::npos;
                if (!marked) continue;
            }
            r.doi = normalise_doi(f->value);
            r.doi_as_written = doi_as_written(f->value);
            if (!r.doi.empty()) break;
        }
    }
    r.pmid = digits_only(v.first(Field::Pmid));
    std::string database = v.first(Field::Database);
    r.database = database;
    if (r.pmid.empty()) {
        for (const RawField* f : v.raw(Field::PmidCandidate)) {
            std::string digits = digits_only(f->value);
            bool plausible = !digits.empty() && digits.size() <= 9 && digits.size() == clean_text(f->value).size();
            if (plausible && is_pubmed_database(database)) { r.pmid = digits; break; }
        }
    }
    if (r.pmid.empty())
        for (const RawField* f : v.raw(Field::DoiCandidate))
            if (f->tag == "UR" && (r.pmid = pmid_from_url(f->value), !r.pmid.empty())) break;
    r.issn = v.all(Field::Issn);
    r.isbn = v.all(Field::Isbn);
    for (auto& value : v.all(Field::IssnOrIsbn))
        (looks_like_isbn(value) ? r.isbn : r.issn).push_back(std::move(value));
    r.record_id = v.first(Field::RecordId);
}

}  // namespace

Record map_record(const RawRecord& raw, std::vector<MapNote>* notes) {
    FieldValues v(raw);
    Record r;
    r.type = normalise_type(v.first(Field::Type));
    if (raw.format == InputFormat::Medline) r.type = "JOUR";
    if (raw.format == InputFormat::Medline && r.database.empty()) r.database = "PubMed";
    map_people(v, raw.format, r);
    map_titles(v, r, notes);
    map_keywords(v, r);
    map_dates(v, r);
    map_locators(v, r);
    map_identifiers(v, r);
    if (raw.format == InputFormat::Medline && r.database.empty()) r.database = "PubMed";
    if (raw.format == InputFormat::Wos) r.database = "Web of Science";
    // PubMed's own id for a record is its PMID (as Web of Science's is UT):
    // what a screening sheet or a decision names a MEDLINE record by.
    if (raw.format == InputFormat::Medline && r.record_id.empty()) r.record_id = r.pmid;
    if (raw.format == InputFormat::Medline) r.publication_types = v.all(Field::Type);
    if (raw.format == InputFormat::Wos)
        for (const auto& value : raw.values("DT"))
            for (auto& t : split_list(value, ';')) r.publication_types.push_back(std::move(t));
    // RIS M3 is the type of work ("Review", as refdex writes MEDLINE PT and
    // Scopus its document type), unless an export put a DOI there.
    if (raw.format == InputFormat::Ris)
        for (const RawField* f : v.raw(Field::DoiCandidate))
            if (f->tag == "M3" && normalise_doi(f->value).empty() && fold(f->value).find("doi") == std::string::npos)
                for (auto& t : split_list(f->value, ';')) r.publication_types.push_back(std::move(t));
    r.publisher = v.first(Field::Publisher);
    r.language = normalise_language(v.first(Field::Language));
    r.notes = v.all(Field::Note);
    for (const RawField* f : v.raw(Field::DoiCandidate))
        if (f->tag == "UR") r.urls.push_back(clean_text(f->value));
    for (auto& u : v.all(Field::Url)) r.urls.push_back(std::move(u));
    for (const RawField* f : v.raw(Field::DoiCandidate))
        if (f->tag == "N1" && !clean_text(f->value).empty()) r.notes.push_back(clean_text(f->value));
    for (const auto& f : raw.fields) {
        Field ignored;
        if (!field_of(raw.format, f.tag, ignored) && !f.value.empty()) r.unknown.push_back(f);
    }
    return r;
}

}  // namespace refdex
