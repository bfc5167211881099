// RIS reader: one RawRecord per TY ... ER block, repairing what real exports
// get wrong (see DESIGN.md §3): missing or garbled ER, records without TY,
// records flattened onto one line, untagged continuation lines and junk
// (headers, Ovid "Link to..." lines, numbered prefixes) around records.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "reader_text.h"
#include "record_reader.h"

namespace refdex {

// Parses `TAG  - value` (also one space, a tab, or nothing after the dash).
// `value` has trailing whitespace removed. Exposed for format detection.
bool parse_ris_tag_line(std::string_view line, std::string_view& tag, std::string_view& value);

class RisReader : public RecordReader {
public:
    RisReader(LineSource& lines, Diagnostics& diagnostics, std::string source_name);
    bool next(RawRecord& out) override;

private:
    enum class Kind { Blank, Tagged, Untagged };
    struct Item {
        Kind kind = Kind::Blank;
        std::string_view tag, value;  // Tagged: views into line_ or split_
        std::string_view text;        // Untagged: trimmed line
        std::uint64_t line = 0;
    };

    bool fetch(Item& item);
    bool split_flattened(std::string_view value, const Item& first);
    void start_record(RawRecord& out, const Item& item);
    void append_continuation(RawRecord& out, const Item& item);
    void finish_file();
    void absorb_trailing_fields(RawRecord& out);

    LineSource& lines_;
    Diagnostics& diagnostics_;
    std::string source_name_;

    std::string line_;
    std::uint64_t line_number_ = 0;
    bool held_ = false;  // item_ is to be handed out again
    Item held_item_;
    std::vector<RawField> split_;  // fields of a flattened line still to hand out
    std::size_t split_pos_ = 0;

    reader_text::JunkRun junk_;
    std::uint64_t continuation_first_ = 0, continuation_count_ = 0;
    std::uint64_t list_continuation_first_ = 0, list_continuation_count_ = 0;
    bool finished_ = false;
    std::string peeked_;
};

}  // namespace refdex
