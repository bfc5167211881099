// The reviewer's deduplication decisions: pairs of records that are not
// duplicates, and the choice for erratum and reply notices. They live in
// the index metadata and every clustering pass applies them.
//
// A refdex id is a hash of a record's content, so it changes when an export
// is updated, and a rebuilt index starts with no metadata. A decision
// therefore keeps what else names each record (input file name and the
// export's record id, DOI, PMID, title) and is applied to every record those
// still name; --export-decisions/--import-decisions carry decisions to
// another index.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include <xapian.h>

#include "dedup_rules.h"

namespace refdex {

// An id given to --not-duplicate that names no record, or several; a
// decisions file that cannot be read.
class NotDuplicateError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// What names one record of a decision. Only `id` is set in decisions
// recorded before the other fields existed.
struct RecordIdentity {
    std::string id;         // refdex id when the decision was made
    std::string source;     // input file name, no directory
    std::string record_id;  // the export's own record id (RIS ID, WoS UT)
    std::string doi;        // normalised
    std::string pmid;
    std::string title;      // as exported; compared in normalise_title() form
};

struct NotDuplicateDecision {
    RecordIdentity a, b;  // a.id < b.id
};

// The refdex id of the record `id` names: a refdex id, or the export's own
// record id (RIS ID) when exactly one record has it. Throws NotDuplicateError.
std::string resolve_record(const Xapian::Database& db, const std::string& id);

// The decisions recorded in `db` (metadata schema::kMetaNotDuplicates).
std::vector<NotDuplicateDecision> load_not_duplicates(const Xapian::Database& db);

// The records `self` names in `db`, sorted: its refdex id, plus every record
// with its file name and record id, DOI or PMID that also has its title, DOI
// or PMID (an updated copy of it, or a copy from another export). A key both
// sides of a decision share tells them apart from nothing and is not used.
std::vector<Xapian::docid> records_named(const Xapian::Database& db, const RecordIdentity& self,
                                         const RecordIdentity& other);

// Records that `a` and `b` (any ids resolve_record accepts) are not
// duplicates; false if that was already recorded. Throws NotDuplicateError.
bool add_not_duplicate(Xapian::WritableDatabase& db, const std::string& a, const std::string& b);

// --replaces: the export indexed as file `old_name` is now `new_name`, and
// its records keep their record ids: decisions naming a record by the old
// file name and record id name it by the new one. False if none did.
bool rename_decision_source(Xapian::WritableDatabase& db, const std::string& old_name, const std::string& new_name);

// The index's choice for erratum and reply notices (metadata
// schema::kMetaNotices; join when unset), which every later pass applies.
NoticePolicy notice_policy(const Xapian::Database& db);
// Records `policy`; false if it was the index's already.
bool set_notice_policy(Xapian::WritableDatabase& db, NoticePolicy policy);

// Every decision of `db` as a JSON document for --export-decisions:
//   {"refdex_decisions": 1, "notices": "apart",
//    "not_duplicates": [{"a": {"id", "source", "record_id", "doi", "pmid", "title"}, "b": {…}}]}
// ("notices" only when a choice was recorded).
std::string decisions_json(const Xapian::Database& db);

struct DecisionsImport {
    std::size_t decisions = 0;  // not-duplicate decisions in the file
    std::size_t added = 0;      // of them, new to this index
    bool has_notices = false;   // the file records a notice choice
    NoticePolicy notices = NoticePolicy::join;
};

// Reads a decisions_json() document (`name` is its file name, for errors)
// and records its not-duplicate decisions in `db`, whether or not the
// records are indexed yet: they apply once they are. The notice choice is
// returned, not applied. Throws NotDuplicateError naming `name` and the
// place when the text is not such a document.
DecisionsImport import_decisions(Xapian::WritableDatabase& db, const std::string& text, const std::string& name);

// Decisions of which one side names no record of `db` (records_named is
// empty): they wait for that record to be indexed.
std::vector<NotDuplicateDecision> waiting_decisions(const Xapian::Database& db);

}  // namespace refdex
