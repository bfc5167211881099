// An excerpt of a text around the words a query matched, with each match
// wrapped in kMarkStart/kMarkEnd. Our own rather than MSet::snippet because
// refdex indexes only prefixed terms (see README "Why no unprefixed copy").
#pragma once

#include <string>
#include <vector>

namespace refdex {

// `words` and `prefixes` are folded (refdex::fold); a text word matches if
// its folded form equals a word or starts with a prefix. The excerpt is at
// most about `length` bytes, cut at word boundaries, with "…" where cut.
std::string make_snippet(const std::string& text, const std::vector<std::string>& words,
                         const std::vector<std::string>& prefixes, std::size_t length);

}  // namespace refdex
