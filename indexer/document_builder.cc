#include "document_builder.h"

#include <filesystem>

#include "dedup_keys.h"
#include "normalise.h"
#include "schema.h"
#include "stable_hash.h"
#include "stored_record.h"

namespace refdex {

namespace {

void add_boolean(Xapian::Document& doc, const char* prefix, const std::string& value) {
    if (!value.empty()) doc.add_boolean_term(schema::make_term(prefix, value));
}

std::string join_list(const std::vector<std::string>& values) {
    std::string out;
    for (const auto& v : values) {
        if (!out.empty()) out += schema::kListSeparator;
        out += v;
    }
    return out;
}

std::string first_char(const std::string& s) {
    std::size_t n = 1;
    while (n < s.size() && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) ++n;
    return s.substr(0, n);
}

}  // namespace

std::string record_id(const RawRecord& raw, unsigned occurrence) {
    std::uint64_t h = stable_hash(source_name(raw.source_file));
    for (const auto& f : raw.fields) {
        h = stable_hash(f.tag, h);
        h = stable_hash(std::string_view("\x1e", 1), h);
        h = stable_hash(f.value, h);
        h = stable_hash(std::string_view("\x1f", 1), h);
    }
    h = stable_hash(std::to_string(occurrence), h);
    return to_hex(h);
}

DocumentBuilder::DocumentBuilder() {
    // No stemming: systematic searches need reproducible, explicit matching
    // (truncation is written by the searcher, as in Ovid and PubMed).
    generator_.set_stemming_strategy(Xapian::TermGenerator::STEM_NONE);
}

// Author words by hand, so every name style gives the same positions:
// surname words, then each given-name initial, with a full given name at the
// same position as its initial ("pacho a" and "pacho ana" both phrase-match).
void DocumentBuilder::index_authors(Xapian::Document& doc, const Record& record) {
    std::vector<std::string> displays;
    Xapian::termpos pos = 1;
    for (const auto& author : record.authors) {
        AuthorName name = parse_author(author);
        if (name.surname.empty()) continue;
        add_boolean(doc, schema::kAuthorKey, name.key());
        displays.push_back(name.display());
        for (const auto& w : name_words(name.surname)) doc.add_posting(schema::make_term(schema::kAuthorText, w), pos++);
        for (const auto& part : name.given) {
            auto words = name_words(part);
            if (words.empty()) continue;
            doc.add_posting(schema::make_term(schema::kAuthorText, first_char(words.front())), pos);
            if (words.front().size() > first_char(words.front()).size())
                doc.add_posting(schema::make_term(schema::kAuthorText, words.front()), pos);
            ++pos;
        }
        pos += kValueGap;
    }
    doc.add_value(schema::kSlotAuthors, join_list(displays));
}

void DocumentBuilder::index_words(const std::vector<std::string>& values, const char* prefix) {
    for (const auto& value : values) {
        generator_.index_text(fold(value), 1, prefix);
        generator_.increase_termpos(kValueGap);
    }
}

void DocumentBuilder::index_keywords(Xapian::Document& doc, const Record& record) {
    for (const auto& keyword : record.keywords) {
        std::string folded = fold(keyword);
        generator_.index_text(folded, 1, schema::kKeywordText);
        generator_.increase_termpos(kValueGap);
        add_boolean(doc, schema::kKeyword, folded);
    }
    doc.add_value(schema::kSlotKeywords, join_list(record.keywords));
}

BuiltDocument DocumentBuilder::build(const RawRecord& raw, const Record& record, const std::string& id) {
    BuiltDocument out;
    out.id = id;
    out.doi = record.doi;
    out.pmid = record.pmid;
    Xapian::Document& doc = out.document;
    generator_.set_document(doc);

    // A translated or original-language title is searched as the title is
    // (ti:, free text), each after a gap so that no phrase spans two titles.
    generator_.index_text(fold(record.title), 1, schema::kTitleText);
    generator_.increase_termpos(kValueGap);
    index_words(record.translated_titles, schema::kTitleText);
    generator_.index_text(fold(record.abstract), 1, schema::kAbstractText);
    generator_.increase_termpos(kValueGap);
    // The journal's other names (MEDLINE TA beside JT, RIS J2 beside T2)
    // are journal words too: a search may give either name.
    generator_.index_text(fold(record.journal), 1, schema::kJournalText);
    generator_.increase_termpos(kValueGap);
    index_words(record.journal_alternates, schema::kJournalText);
    index_keywords(doc, record);
    index_authors(doc, record);

    add_boolean(doc, schema::kId, id);
    if (record.year) {
        add_boolean(doc, schema::kYear, std::to_string(*record.year));
        doc.add_value(schema::kSlotYear, Xapian::sortable_serialise(*record.year));
    }
    add_boolean(doc, schema::kType, fold(record.type));
    for (const auto& t : record.publication_types) add_boolean(doc, schema::kType, fold(normalise_type(t)));
    add_boolean(doc, schema::kLanguage, record.language);
    add_boolean(doc, schema::kJournal, fold(record.journal));
    add_boolean(doc, schema::kDoi, record.doi);
    add_boolean(doc, schema::kPmid, record.pmid);
    add_boolean(doc, schema::kRecordId, fold(record.record_id));
    const std::string source = source_name(raw.source_file);
    add_boolean(doc, schema::kSource, fold(source));

    doc.add_value(schema::kSlotType, record.type);
    doc.add_value(schema::kSlotJournal, record.journal);
    doc.add_value(schema::kSlotLanguage, record.language);
    doc.add_value(schema::kSlotSource, source);
    // Duplicate detection: keys find candidates by posting list, the slot
    // holds what the rules compare (see dedup_keys.h).
    const DedupFields dedup = dedup_fields(record, id);
    for (const auto& key : blocking_keys(dedup)) add_boolean(doc, schema::kDedupKey, key);
    doc.add_value(schema::kSlotDedup, encode_dedup(dedup));
    doc.set_data(serialise_record({id, raw}));
    // Let go of the document: the generator would otherwise keep a reference
    // until the next record, and drop it on this thread while the writer's
    // thread uses the document; Xapian's reference counts are not atomic.
    generator_.set_document(detached_);
    return out;
}

std::string source_name(const std::string& path) {
    if (path == "-") return "stdin";
    return std::filesystem::path(path).filename().string();
}

}  // namespace refdex
