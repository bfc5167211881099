// The index layout: every Xapian term prefix and value slot refdex uses, each
// declared once, here. The indexer builds documents from these names and the
// query tool parses queries into them; nothing else spells a prefix.
//
// Conventions follow Omega's: a single capital is a reserved meaning (A
// author, S title, B abstract, K keyword, Q unique id, Y year, L language);
// everything else starts with X. Boolean values are always stored folded
// (see normalise.h), so they never start with a capital and need no ':'.
#pragma once

#include <string>
#include <string_view>

#include <xapian.h>

namespace refdex::schema {

// Bumped whenever terms, slots or stored data change meaning. The indexer
// writes it to the database metadata; the query tool refuses other versions.
inline constexpr int kVersion = 1;
inline constexpr const char* kMetaVersion = "refdex.schema_version";
inline constexpr const char* kMetaBuilt = "refdex.built";     // ISO time of last commit
inline constexpr const char* kMetaInputs = "refdex.inputs";   // JSON list of inputs seen
inline constexpr const char* kMetaNotDuplicates = "refdex.not_duplicates";  // JSON pairs
inline constexpr const char* kMetaNotices = "refdex.notices";  // "apart": errata/replies stay apart (else joined)
inline constexpr const char* kMetaNextSequence = "refdex.next_sequence";  // next kSlotSequence number
// "1" once a clustering pass has put kDuplicateMember on every member of a
// multi-record cluster in this shard (indexes written before that lack it).
inline constexpr const char* kMetaDuplicateMarks = "refdex.duplicate_marks";

// ---- positional free-text prefixes (words, with positions) ---------------
inline constexpr const char* kAuthorText = "A";     // author name words: surname, initials, given names
inline constexpr const char* kTitleText = "S";      // title words
inline constexpr const char* kAbstractText = "B";   // abstract words
inline constexpr const char* kKeywordText = "K";    // keyword words (KW, MH, OT, DE, ID)
inline constexpr const char* kJournalText = "XJ";   // journal / secondary-title words
// There is no unprefixed copy of any text: an unqualified word searches
// A, S, B and K together with per-field weights chosen at query time (see
// README "Why no unprefixed copy"), which keeps the index half the size.

// ---- boolean filter terms (one exact, folded value each) -----------------
inline constexpr const char* kId = "Q";             // refdex record id (16 hex digits)
inline constexpr const char* kYear = "Y";           // Y2019
inline constexpr const char* kLanguage = "L";       // ISO 639-1 code where known, e.g. Len
inline constexpr const char* kType = "XTYPE";       // RIS type, folded: XTYPEjour
inline constexpr const char* kJournal = "XJO";      // whole journal name, folded
inline constexpr const char* kAuthorKey = "XAU";    // author key "surname i": XAUpacho a
inline constexpr const char* kKeyword = "XKW";      // whole keyword, folded
inline constexpr const char* kDoi = "XDOI";         // DOI, lower case, no resolver prefix
inline constexpr const char* kPmid = "XPMID";       // PubMed id, digits
inline constexpr const char* kRecordId = "XID";     // the export's own record id (RIS ID), folded
inline constexpr const char* kSource = "XSRC";      // input file name (no directory), folded
inline constexpr const char* kCluster = "XCL";      // duplicate cluster id (a refdex record id)
// A term on every record of a cluster of two or more (never on a record alone):
// a collapsed total is then counted from these few records instead of from
// every match's cluster value (query/cluster_count.h).
inline constexpr const char* kDuplicateMember = "XDUP";
// Duplicate-detection blocking keys (indexer/dedup_keys.h): one letter saying
// which key, then its value, e.g. "XDKt<normalised title>". Records sharing a
// key are the only pairs the clustering pass compares, found by posting list.
inline constexpr const char* kDedupKey = "XDK";

// ---- value slots ----------------------------------------------------------
enum Slot : Xapian::valueno {
    kSlotYear = 0,       // Xapian::sortable_serialise(year): sort and ranges
    kSlotType = 1,       // RIS type code as displayed, e.g. "JOUR"
    kSlotJournal = 2,    // journal as displayed (first of T2/JO/JF/...)
    kSlotLanguage = 3,   // normalised language code
    kSlotSource = 4,     // input file name
    kSlotAuthors = 5,    // multi-valued: author keys as displayed ("Pacho A"), kListSeparator-joined
    kSlotKeywords = 6,   // multi-valued: keywords as displayed, kListSeparator-joined
    kSlotCluster = 7,    // duplicate cluster id; collapse key
    kSlotRule = 8,       // why the record joined its cluster ("doi", "pmid", "" when alone)
    kSlotDedup = 9,      // the fields duplicate rules compare, encoded by dedup_keys.h
    kSlotSequence = 10,  // sortable_serialise(n): the n-th record ingested into this index; the
                         // clustering pass's "first record" order, the same for any shard layout
};
// kSlotRule values of the rules that join an erratum or reply notice to the
// work it answers (indexer/dedup_rules.h): PRISMA counts them apart.
inline constexpr const char* kRuleErratum = "erratum+title+year+journal";
inline constexpr const char* kRuleReply = "reply+title+year+journal+volume";

// Separates the values of a multi-valued slot. A control character that
// clean text never contains.
inline constexpr char kListSeparator = '\x1f';

// Xapian refuses terms over 245 bytes, and one such term rolls back the whole
// uncommitted batch. Every term refdex builds goes through make_term(), which
// keeps the result under the limit by cutting the value on a UTF-8 boundary
// and appending a hash of the full value (so distinct long values stay
// distinct and the same value always gives the same term).
inline constexpr std::size_t kMaxTermBytes = 240;
std::string make_term(std::string_view prefix, std::string_view value);

}  // namespace refdex::schema
