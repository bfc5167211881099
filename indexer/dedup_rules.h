// The duplicate rules: given two records' DedupFields, which rule (if any)
// says they are the same work. Pure functions, no index: the clustering
// pass calls them on candidate pairs and the tests on hand-made fields.
#pragma once

#include <array>
#include <string_view>

#include "dedup_keys.h"
#include "schema.h"

namespace refdex {

// Rules strongest first; the index is the rule's rank, the name is what
// kSlotRule stores and --duplicates shows. Never reorder without reason:
// the clustering pass prefers stronger rules when it builds clusters.
inline constexpr std::array<const char*, 11> kRuleNames = {
    "doi",                        // same DOI (and not clearly different titles)
    "pmid",                       // same PubMed id (same proviso)
    "title+year+author",          // same title, year ±1, same first author
    "title+year+journal+volume",  // same title, year ±1, same journal and volume (another first
                                  // page only with the same year and first author)
    "title+year+pages",           // same title, year ±1, same first page
    "title~+year+volume+pages",   // nearly the same title, year ±1, same volume and first page
    "title~+year+author+journal+volume",  // a typing slip in the title, year ±1, same first author,
                                          // journal and volume, no pages on either side
    "author+year+journal+volume+pages",  // any title: same first author, year, journal, volume, first page
    schema::kRuleErratum,  // an erratum notice (title_notice "e") and the article: nearly the same
                           // title, year ±1, same journal, wherever each is printed
    schema::kRuleReply,    // a reply or set of letters ("r") and the letter: same title, year ±1,
                           // same journal and volume
    "cochrane-review",     // versions of one Cochrane review: same review number, any year, same
                           // first author or nearly the same title
};
inline constexpr int kNoRule = -1;

// What to do with an erratum or reply notice (DedupFields::notice) and the
// work it answers: join them (the default: the reviewer screens the work
// once) or keep them apart (refdex-index --notices apart), when no rule
// may join a notice with a record that is not one.
enum class NoticePolicy { join, apart };

// The strongest rule joining `a` and `b`, or kNoRule. A retraction notice
// (DedupFields::retraction) joins only another one. A shared DOI or PMID
// is vetoed by clearly different titles (supplements share one DOI). For the
// title rules, two different DOIs, two different PMIDs, years more than one
// apart, or another volume or first page mean different works. The last
// rule ignores the title: it catches a translated title or an original-
// language title beside its English one, where the place is the evidence.
// The notice rules come last: a notice has its own pages and often its own
// DOI, so neither vetoes them, and the cluster keeps only the article's
// identifiers (dedup_cluster.h). Two notices of different kinds (an erratum
// and a reply) never join each other, under either policy. When no other rule joins them, two versions
// of one Cochrane review (DedupFields::review) are one work whatever their
// years: the reviewer screens the review once.
int match_rule(const DedupFields& a, const DedupFields& b, NoticePolicy notices = NoticePolicy::join);

// Two works, neither a notice, that cannot be one: other titles, and other
// numbers in them or other pages in the same journal volume. The clustering
// pass never puts such a pair in one cluster, even through a third record
// (an erratum whose title is near both "... in men" and "... in women").
bool distinct_works(const DedupFields& a, const DedupFields& b);

// kRuleNames[rule], "" for kNoRule.
const char* rule_name(int rule);

// True when one journal name may abbreviate the other: equal, or every word
// of the shorter is a prefix of the next unused word of the longer, in
// order ("nat rev nephrol" ~ "nature reviews nephrology"). Either side may
// be a record's list of names (DedupFields::journal, kJournalNameSeparator
// between them): then any name of one compatible with any of the other
// will do, as a MEDLINE record's TA may be all a RIS copy gives.
bool journals_compatible(std::string_view a, std::string_view b);

// 0..1: 1 - Levenshtein distance / longer length over normalised titles;
// 1 when one is a prefix (≥ 30 bytes) of the other (a truncated title or a
// dropped subtitle).
double title_similarity(std::string_view a, std::string_view b);
// The Levenshtein part alone: 1 - distance / longer length, without the
// containment rule, to tell which of two titles a third is nearer.
double edit_similarity(std::string_view a, std::string_view b);

}  // namespace refdex
