// The tag table: which tag of which format feeds which canonical field.
// Order inside a field is priority: the first tag present wins for
// single-valued fields (title TI before T1 before ST ...).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "raw_record.h"

namespace refdex {

enum class Field {
    Type, Author, GroupAuthor, Editor, TertiaryAuthor, SubsidiaryAuthor,
    Title, TitleFallback, TranslatedTitle, Journal, Abstract, Keyword, KeywordList,
    Year, Date, Volume, Issue, StartPage, EndPage, Pages,
    Doi, DoiCandidate, Pmid, PmidCandidate, Issn, Isbn, IssnOrIsbn,
    Publisher, Language, Url, Note, Database, RecordId,
    Ignored,   // known tags with no canonical field (ER, Y2 access date, ...)
};

struct TagRule {
    InputFormat format;
    const char* tag;
    Field field;
    const char* why;  // what the tag means, for the README's schema table
};

// Every rule, in priority order within each field.
const std::vector<TagRule>& tag_rules();

// The rules for `field` in `format`, in priority order.
const std::vector<const TagRule*>& rules_for(InputFormat format, Field field);

// The field `tag` feeds in `format`; nullptr-equivalent: false if unknown.
bool field_of(InputFormat format, std::string_view tag, Field& out);

}  // namespace refdex
