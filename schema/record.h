// A record's canonical fields, whatever format it came in. Built from a
// RawRecord by map_record() using the tag table in tag_table.cc; the raw
// record stays the source of truth (it is what gets stored and exported).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "raw_record.h"

namespace refdex {

struct Record {
    std::string type;                       // RIS type code, e.g. "JOUR"
    // Every publication type the record declares (MEDLINE PT, WoS DT), as
    // written: "Journal Article", "Review", "Randomized Controlled Trial".
    // Searchable as type: / [pt] besides `type`.
    std::vector<std::string> publication_types;
    // AU/A1 (MEDLINE FAU, else AU, with the CN group authors in byline
    // order; WoS AF/AU), as written
    std::vector<std::string> authors;
    std::vector<std::string> editors;       // A2/ED (MEDLINE FED, else ED; WoS BF/ED)
    std::vector<std::string> tertiary_authors;  // A3
    std::vector<std::string> subsidiary_authors;  // A4
    std::string title;                      // TI, else T1, else CT/BT/ST/TT fallbacks
    // Translated or original-language titles (RIS and MEDLINE TT) that are
    // not the title: searched as title words, never displayed as the title.
    std::vector<std::string> translated_titles;
    std::string journal;                    // T2, else JO/JF/JA/J2/BT
    // The other names the record gives its journal, in tag priority order,
    // distinct from `journal` and each other once folded: MEDLINE TA beside
    // JT ("Proc Natl Acad Sci U S A"), RIS JO/JA/J2 beside T2, WoS J9/JI
    // beside SO; series titles (RIS T3, WoS SE) too. What a copy of the
    // record from another database may call it: searched as journal words
    // and compared by the duplicate rules.
    std::vector<std::string> journal_alternates;
    std::string abstract;                   // AB, else N2 (not doubled when equal)
    std::vector<std::string> keywords;      // KW (split on ';'), MEDLINE MH/OT, WoS DE/ID
    std::optional<int> year;                // from PY/Y1/DA (never Y2, the access date)
    std::string date;                       // the full date value the year came from
    std::string volume, issue, start_page, end_page;
    std::string doi;                        // normalised (normalise_doi): lower case, compared and indexed
    std::string doi_as_written;             // the same DOI in the export's case (doi_as_written)
    // The DOI to show and export: as written when known.
    const std::string& doi_shown() const { return doi_as_written.empty() ? doi : doi_as_written; }
    std::string pmid;                       // digits only
    std::vector<std::string> issn, isbn;
    std::string publisher;
    std::string language;                   // normalised (normalise_language)
    std::vector<std::string> urls;
    std::vector<std::string> notes;
    std::string database;                   // DB / DP: where the export came from
    std::string record_id;                  // the export's own id (RIS ID, WoS UT)
    std::vector<RawField> unknown;          // tags the table does not know, kept as they are

    // A record with none of these has nothing to search and is rejected.
    bool searchable() const { return !title.empty() || !abstract.empty() || !authors.empty(); }
};

// What mapping had to decide, for the report (e.g. "AB and N2 identical:
// kept once"). Empty when nothing noteworthy happened.
struct MapNote {
    std::uint64_t line;
    std::string message;
};

Record map_record(const RawRecord& raw, std::vector<MapNote>* notes = nullptr);

// True if `tag` is a tag the RIS table knows (used to split records that
// were flattened onto one line without mistaking words for tags).
bool is_known_ris_tag(const std::string& tag);

}  // namespace refdex
