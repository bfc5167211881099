#include "dedup_decisions.h"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <optional>
#include <tuple>

#include <nlohmann/json.hpp>

#include "dedup_keys.h"
#include "dedup_pass.h"
#include "dedup_rules.h"
#include "document_terms.h"
#include "normalise.h"
#include "record.h"
#include "schema.h"
#include "stored_record.h"

namespace refdex {

namespace {

constexpr int kDecisionsFormat = 1;

std::optional<Xapian::docid> docid_of(const Xapian::Database& db, const std::string& refdex_id) {
    const std::string term = schema::make_term(schema::kId, refdex_id);
    auto it = db.postlist_begin(term);
    if (it == db.postlist_end(term)) return std::nullopt;
    return *it;
}

// Everything that names the record `refdex_id`; only the id when it is not
// in `db` (or its stored record cannot be read).
RecordIdentity identity_of(const Xapian::Database& db, const std::string& refdex_id) {
    RecordIdentity who;
    who.id = refdex_id;
    const auto did = docid_of(db, refdex_id);
    if (!did) return who;
    const Xapian::Document doc = db.get_document(*did);
    who.source = doc.get_value(schema::kSlotSource);
    try {
        const Record record = map_record(parse_stored_record(doc.get_data()).raw);
        who.record_id = record.record_id;
        who.doi = record.doi;
        who.pmid = record.pmid;
        who.title = record.title;
    } catch (const std::exception&) {
        // Not a refdex stored record: the id alone must do.
    }
    return who;
}

bool names_nothing_but_an_id(const RecordIdentity& who) {
    return who.source.empty() && who.record_id.empty() && who.doi.empty() && who.pmid.empty() && who.title.empty();
}

nlohmann::json to_json(const RecordIdentity& who) {
    return {{"id", who.id},   {"source", who.source}, {"record_id", who.record_id},
            {"doi", who.doi}, {"pmid", who.pmid},     {"title", who.title}};
}

std::string string_member(const nlohmann::json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// Refdex ids are lower-case hex; a file edited in a spreadsheet may have
// upper-cased them.
std::string lower_case_id(std::string id) {
    std::transform(id.begin(), id.end(), id.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return id;
}

RecordIdentity identity_from_json(const nlohmann::json& j) {
    RecordIdentity who;
    if (j.is_string()) {  // the first format: a bare refdex id
        who.id = lower_case_id(j.get<std::string>());
        return who;
    }
    who.id = lower_case_id(string_member(j, "id"));
    who.source = string_member(j, "source");
    who.record_id = string_member(j, "record_id");
    who.doi = normalise_doi(string_member(j, "doi"));
    who.pmid = string_member(j, "pmid");
    who.title = string_member(j, "title");
    return who;
}

// A decision from JSON, or nothing when it names neither record in any way.
std::optional<NotDuplicateDecision> decision_from_json(const nlohmann::json& j) {
    NotDuplicateDecision d;
    if (j.is_array() && j.size() == 2) {
        d.a = identity_from_json(j[0]);
        d.b = identity_from_json(j[1]);
    } else if (j.is_object() && j.contains("a") && j.contains("b")) {
        d.a = identity_from_json(j.at("a"));
        d.b = identity_from_json(j.at("b"));
    } else {
        return std::nullopt;
    }
    if (d.a.id.empty() && names_nothing_but_an_id(d.a)) return std::nullopt;
    if (d.b.id.empty() && names_nothing_but_an_id(d.b)) return std::nullopt;
    if (d.b.id < d.a.id) std::swap(d.a, d.b);
    return d;
}

bool same_pair(const NotDuplicateDecision& x, const NotDuplicateDecision& y) {
    return x.a.id == y.a.id && x.b.id == y.b.id && !x.a.id.empty() && !x.b.id.empty();
}

// Writes `decisions`, filling in what names each record for decisions made
// before identities were kept, while their records are still indexed.
void store_decisions(Xapian::WritableDatabase& db, std::vector<NotDuplicateDecision> decisions) {
    std::sort(decisions.begin(), decisions.end(), [](const auto& x, const auto& y) {
        return std::tie(x.a.id, x.b.id) < std::tie(y.a.id, y.b.id);
    });
    nlohmann::json j = nlohmann::json::array();
    for (auto& d : decisions) {
        if (names_nothing_but_an_id(d.a)) d.a = identity_of(db, d.a.id);
        if (names_nothing_but_an_id(d.b)) d.b = identity_of(db, d.b.id);
        j.push_back({{"a", to_json(d.a)}, {"b", to_json(d.b)}});
    }
    // A title may hold bytes that are not UTF-8: replaced, not thrown on.
    db.set_metadata(schema::kMetaNotDuplicates, j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

void add_postings(const Xapian::Database& db, const std::string& term, std::vector<Xapian::docid>& out) {
    for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) out.push_back(*it);
}


constexpr double kCorrectedTitle = 0.9;          // as close as the dedup rules' "title~"
constexpr std::size_t kLooseTitleLength = 25;  // normalised bytes

// Is the record `did`, found by one of `self`'s keys, the same work? The
// key alone is not enough: an export renumbered on update gives its record
// ids to other records. A title corrected in the update (a typo, a subtitle
// added) is still that work; one the dedup rules would call another title
// is not.
bool same_work(const Xapian::Database& db, Xapian::docid did, const RecordIdentity& self, const RecordIdentity& other) {
    const Xapian::Document doc = db.get_document(did);
    if (!self.doi.empty() && self.doi != other.doi && has_term(doc, schema::make_term(schema::kDoi, self.doi))) return true;
    if (!self.pmid.empty() && self.pmid != other.pmid && has_term(doc, schema::make_term(schema::kPmid, self.pmid)))
        return true;
    const std::string title = normalise_title(self.title);
    if (title.empty()) return false;
    const std::string found = stored_dedup_fields(doc).title;
    if (found == title) return true;
    // Short titles ("Stroke", "Editorial") name too little to be matched
    // loosely, and a title nearer the other side's is the other side's.
    if (std::min(found.size(), title.size()) < kLooseTitleLength) return false;
    const std::string other_title = normalise_title(other.title);
    return title_similarity(found, title) >= kCorrectedTitle &&
           (other_title.empty() || edit_similarity(found, title) > edit_similarity(found, other_title));
}

// The records of self's file whose title is self's, or nearly (the dedup
// pass's title keys: whole title, first and last 40 bytes). The one handle
// on a record of an export without record ids (Scopus) or renumbered on
// update, when no DOI or PMID tells it from the other side. Not used for a
// short title (many items are called "Editorial") or when both sides have
// the same file and title.
void add_same_file_same_title(const Xapian::Database& db, const RecordIdentity& self, const RecordIdentity& other,
                              std::vector<Xapian::docid>& found) {
    DedupFields fields;
    fields.title = normalise_title(self.title);
    if (self.source.empty() || fields.title.size() < kLooseTitleLength) return;
    if (fold(self.source) == fold(other.source) && fields.title == normalise_title(other.title)) return;
    const std::string source = schema::make_term(schema::kSource, fold(self.source));
    std::vector<Xapian::docid> by_title;
    for (const auto& key : blocking_keys(fields))
        if (key[0] == 't' || key[0] == 's' || key[0] == 'e') add_postings(db, schema::make_term(schema::kDedupKey, key), by_title);
    std::sort(by_title.begin(), by_title.end());
    by_title.erase(std::unique(by_title.begin(), by_title.end()), by_title.end());
    for (Xapian::docid did : by_title)
        if (has_term(db.get_document(did), source)) found.push_back(did);
}

}  // namespace

std::string resolve_record(const Xapian::Database& db, const std::string& id) {
    const std::string trimmed = clean_text(id);
    if (trimmed.empty()) throw NotDuplicateError("empty record id");
    if (db.term_exists(schema::make_term(schema::kId, trimmed))) return trimmed;
    // A refdex id copied from a spreadsheet that upper-cased it.
    std::string lower = trimmed;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    if (lower != trimmed && db.term_exists(schema::make_term(schema::kId, lower))) return lower;
    std::string term = schema::make_term(schema::kRecordId, fold(trimmed));
    // A PMID names a record too, when no export uses it as its own id.
    if (db.get_termfreq(term) == 0 && std::all_of(trimmed.begin(), trimmed.end(), [](unsigned char c) { return std::isdigit(c); }))
        term = schema::make_term(schema::kPmid, trimmed);
    const Xapian::doccount n = db.get_termfreq(term);
    if (n == 0) throw NotDuplicateError("no record has id '" + trimmed + "' (refdex id, the export's record id or a PMID)");
    if (n > 1) {
        std::string ids;
        for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it)
            ids.append(" ").append(refdex_id_of(db.get_document(*it)));  // not " " + ...: GCC 12 -Wrestrict false alarm
        throw NotDuplicateError(std::to_string(n) + " records have the id '" + trimmed +
                                "'; give the refdex id of one of:" + ids);
    }
    return refdex_id_of(db.get_document(*db.postlist_begin(term)));
}

std::vector<NotDuplicateDecision> load_not_duplicates(const Xapian::Database& db) {
    std::vector<NotDuplicateDecision> out;
    nlohmann::json j = nlohmann::json::parse(db.get_metadata(schema::kMetaNotDuplicates), nullptr, false);
    if (!j.is_array()) return out;
    for (const auto& entry : j)
        if (auto d = decision_from_json(entry)) out.push_back(std::move(*d));
    return out;
}

std::vector<Xapian::docid> records_named(const Xapian::Database& db, const RecordIdentity& self,
                                         const RecordIdentity& other) {
    std::vector<Xapian::docid> named, found;
    if (!self.id.empty()) add_postings(db, schema::make_term(schema::kId, self.id), named);
    if (!self.record_id.empty() && !self.source.empty() &&
        (fold(self.record_id) != fold(other.record_id) || fold(self.source) != fold(other.source))) {
        const std::string source = schema::make_term(schema::kSource, fold(self.source));
        std::vector<Xapian::docid> by_record_id;
        add_postings(db, schema::make_term(schema::kRecordId, fold(self.record_id)), by_record_id);
        for (Xapian::docid did : by_record_id)
            if (has_term(db.get_document(did), source)) found.push_back(did);
    }
    if (!self.doi.empty() && self.doi != other.doi) add_postings(db, schema::make_term(schema::kDoi, self.doi), found);
    if (!self.pmid.empty() && self.pmid != other.pmid) add_postings(db, schema::make_term(schema::kPmid, self.pmid), found);
    add_same_file_same_title(db, self, other, found);
    std::sort(found.begin(), found.end());
    found.erase(std::unique(found.begin(), found.end()), found.end());
    for (Xapian::docid did : found)
        if (std::find(named.begin(), named.end(), did) == named.end() && same_work(db, did, self, other)) named.push_back(did);
    std::sort(named.begin(), named.end());
    return named;
}

bool add_not_duplicate(Xapian::WritableDatabase& db, const std::string& a, const std::string& b) {
    std::string x = resolve_record(db, a), y = resolve_record(db, b);
    if (x == y) throw NotDuplicateError("'" + a + "' and '" + b + "' are the same record");
    if (x > y) std::swap(x, y);
    const NotDuplicateDecision decision{identity_of(db, x), identity_of(db, y)};
    auto decisions = load_not_duplicates(db);
    for (const auto& d : decisions)
        if (same_pair(d, decision)) return false;
    decisions.push_back(decision);
    store_decisions(db, std::move(decisions));
    return true;
}

bool rename_decision_source(Xapian::WritableDatabase& db, const std::string& old_name, const std::string& new_name) {
    auto decisions = load_not_duplicates(db);
    bool renamed = false;
    for (auto& d : decisions)
        for (RecordIdentity* side : {&d.a, &d.b})
            if (!side->source.empty() && fold(side->source) == fold(old_name)) {
                side->source = new_name;
                renamed = true;
            }
    if (renamed) store_decisions(db, std::move(decisions));
    return renamed;
}

NoticePolicy notice_policy(const Xapian::Database& db) {
    return db.get_metadata(schema::kMetaNotices) == "apart" ? NoticePolicy::apart : NoticePolicy::join;
}

bool set_notice_policy(Xapian::WritableDatabase& db, NoticePolicy policy) {
    if (notice_policy(db) == policy) return false;
    db.set_metadata(schema::kMetaNotices, policy == NoticePolicy::apart ? "apart" : "join");
    return true;
}

std::string decisions_json(const Xapian::Database& db) {
    nlohmann::ordered_json out = {{"refdex_decisions", kDecisionsFormat}};
    const std::string notices = db.get_metadata(schema::kMetaNotices);
    if (!notices.empty()) out["notices"] = notices;
    nlohmann::json pairs = nlohmann::json::array();
    for (auto& d : load_not_duplicates(db)) {
        if (names_nothing_but_an_id(d.a)) d.a = identity_of(db, d.a.id);
        if (names_nothing_but_an_id(d.b)) d.b = identity_of(db, d.b.id);
        pairs.push_back({{"a", to_json(d.a)}, {"b", to_json(d.b)}});
    }
    out["not_duplicates"] = std::move(pairs);
    return out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

DecisionsImport import_decisions(Xapian::WritableDatabase& db, const std::string& text, const std::string& name) {
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
        throw NotDuplicateError(name + ": not a refdex decisions file (" + e.what() + ")");
    }
    if (!j.is_object() || !j.contains("refdex_decisions") || !j.contains("not_duplicates") ||
        !j.at("not_duplicates").is_array())
        throw NotDuplicateError(name + ": not a refdex decisions file (written by refdex-index --export-decisions)");
    DecisionsImport result;
    if (j.contains("notices")) {
        const std::string notices = j.at("notices").is_string() ? j.at("notices").get<std::string>() : "";
        if (notices != "join" && notices != "apart")
            throw NotDuplicateError(name + ": \"notices\" must be \"join\" or \"apart\"");
        result.has_notices = true;
        result.notices = notices == "apart" ? NoticePolicy::apart : NoticePolicy::join;
    }
    auto decisions = load_not_duplicates(db);
    const auto& entries = j.at("not_duplicates");
    for (std::size_t k = 0; k < entries.size(); ++k) {
        auto d = decision_from_json(entries[k]);
        if (!d || d->a.id.empty() || d->b.id.empty() || d->a.id == d->b.id)
            throw NotDuplicateError(name + ": not_duplicates[" + std::to_string(k) +
                                    "] needs \"a\" and \"b\", each with the \"id\" of a different record");
        ++result.decisions;
        if (std::none_of(decisions.begin(), decisions.end(), [&](const auto& e) { return same_pair(e, *d); })) {
            decisions.push_back(std::move(*d));
            ++result.added;
        }
    }
    if (result.added > 0) store_decisions(db, std::move(decisions));
    return result;
}

std::vector<NotDuplicateDecision> waiting_decisions(const Xapian::Database& db) {
    std::vector<NotDuplicateDecision> out;
    for (auto& d : load_not_duplicates(db))
        if (records_named(db, d.a, d.b).empty() || records_named(db, d.b, d.a).empty()) out.push_back(std::move(d));
    return out;
}

}  // namespace refdex
