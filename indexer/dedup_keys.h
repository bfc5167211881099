// What duplicate detection knows about a record: the few fields the rules
// compare (DedupFields), normalised once at index time, stored in one value
// slot (schema::kSlotDedup), and the blocking keys (schema::kDedupKey terms)
// that bring candidate pairs together through posting lists.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "record.h"

namespace refdex {

struct DedupFields {
    std::string id;        // refdex record id
    std::string title;     // normalise_title(): letters and digits only
    int year = 0;          // 0 when unknown
    std::string author;    // first author's surname, letters and digits only
    std::string initial;   // first author's first initial ("" when none)
    std::string journal;   // every name of the journal, normalise_journal() each, '|'-joined (journal_names())
    std::string volume;    // letters and digits, leading zeros dropped
    std::string page;      // start page, same form
    std::string end_page;  // last page, same form, "221-8" expanded to 228; "" when none
    std::string venue;     // "m" meeting paper/abstract, "j" journal article, "" other/unknown
    std::string notice;    // title_notice(): "e" erratum/correction, "r" letters/reply, "" neither
    std::string doi;       // normalised DOI; a Cochrane review's without its version (".pub2")
    std::string pmid;      // digits
    std::string review;    // cochrane_review_number(): "cd006828", "" for anything else
    std::string numbers;   // title_numbers(): "1,2", "1;b,sex=m"; "?" when unknown (an index from before format 5)
    std::string retraction;  // "x" for a retraction notice (retraction_notice()), else "" (and before format 7)
};

// The comparison form of a title: folded (case, accents, NFKC), Greek
// letters spelled out (α -> alpha, as databases differ), "&" as "and", a
// trailing translation/language marker such as "[Chinese]" dropped, the
// markers of a notice (title_notice) dropped, then everything but letters
// and digits removed. "" for an empty title. A retraction notice's marker
// ("Retraction: X") is dropped too: copies of one retraction marked in
// different ways compare equal (DedupFields::retraction keeps them apart
// from the work).
std::string normalise_title(std::string_view title);

// The numbers a title names, in order and comma-separated: words of digits
// only (not "p16"), and Roman numerals after a word that numbers things ("type II", "part
// iii", "phase IV") as digits, so "type 2" and "type II" agree. Two titles
// a letter apart that name different numbers ("type 1 diabetes" / "type 2
// diabetes", "Part 1" / "Part 2") are different works. Markers dropped by
// normalise_title() ("[33 refs]") are not read. After a ';' (when there are
// any) the title's marks, in order: single letters ("hepatitis B"; "a" only
// after a word such as "part" or "vitamin"), a number with a letter ("1a",
// "phase IIa" as "2a"), three-letter acronyms ("hbv"), and contrast words
// as "class=value" ("men" and "males" as "sex=m"): a word in place of one
// that contrasts with it makes two near titles two works (dedup_rules.cc).
std::string title_numbers(std::string_view title);

// What a title's markers say the record is besides a work of its own:
// "e" for an erratum or correction notice ("Erratum: X", "Correction to: X",
// "X: Correction", Web of Science's "X (vol 360, pg 542, 2009)", Embase's
// "X (Journal (2009) 360 (542-544))"), "r" for a letter's reply or a set of
// letters ("X - Reply", "Reply to: X", "X (multiple letters)"), else "".
// Such a notice is printed apart from the work it answers, so the rules
// that compare places let it join that work (dedup_rules.h).
std::string title_notice(std::string_view title);

// Whether a record is a retraction notice: its title is marked so
// ("Retraction: X", "Retraction note: X", "Retraction notice to \"X\"",
// "Notice of retraction: X", "X: Retraction", Web of Science's "X
// (Retraction of vol 12, pg 100, 2019)"), or MEDLINE PT says "Retraction of
// Publication". Not a notice in title_notice()'s sense: the retraction is a
// publication of its own that a reviewer screens, so no rule joins it with
// anything but a copy of itself. The retracted article ("Retracted
// Publication") is the work, and is not one.
bool retraction_notice(const Record& record);

// Folded journal words without punctuation and stop words ("of", "the",
// "and", "&"), space-separated: "JPEN. Journal of Parenteral & Enteral
// Nutrition" -> "jpen journal parenteral enteral nutrition".
std::string normalise_journal(std::string_view journal);

// Separates the journal names in DedupFields::journal.
inline constexpr char kJournalNameSeparator = '|';

// A record's journal names in comparison form, the journal first, then its
// other names (MEDLINE TA beside JT, RIS J2 beside T2), each once,
// '|'-joined: "proceedings national academy sciences united states
// america|proc natl acad sci u s a". A copy from another database may give
// any one of them. normalise_journal() never writes a '|'.
std::string journal_names(const Record& record);

// Volume or page in comparison form: letters and digits, folded, leading
// zeros dropped; for a page range only the first page ("221-8" -> "221").
// A whole page number keeps its letter ("S353"); anything more ("58 (1)",
// "58(1)", "58 1": a volume with its issue; "59 (Suppl 1)") is its first number.
std::string normalise_number(std::string_view value);

// The last page in comparison form, its dropped leading digits restored from
// the first page ("221", "8" -> "228"); "" when there is none or it equals
// the first page (a one-page abstract has no range).
std::string normalise_end_page(std::string_view start, std::string_view end);

// The Cochrane Database of Systematic Reviews number ("cd006828") a record
// gives in its DOI (10.1002/14651858.CD006828.pub2) or in its first page's
// place (CDSR exports put "CD006828" there), else "". Every version of a
// review (protocol, review, updates) keeps that number.
std::string cochrane_review_number(std::string_view doi, std::string_view start_page);

DedupFields dedup_fields(const Record& record, const std::string& id);

// One value-slot string and back. decode() of "" or of a foreign string
// gives empty fields (no rule but none can fire on them).
std::string encode_dedup(const DedupFields& fields);
DedupFields decode_dedup(std::string_view value);

// Blocking keys, each a kDedupKey term value: "t<title>" (exact normalised
// title), "s<first 40 title bytes>" (titles differing only in their tail),
// "e<last 40 title bytes>" (titles differing only in their head),
// "p<volume>/<page>" (same volume and first page, whatever the title),
// "c<review number>" (versions of one Cochrane review, whatever the year).
std::vector<std::string> blocking_keys(const DedupFields& fields);

}  // namespace refdex
