#include "ris_reader.h"

#include "reader_text.h"

#include <algorithm>

#include "record.h"

namespace refdex {

using namespace reader_text;

namespace {

// Where a flattened line holds another field: a known tag preceded by
// whitespace (or the start of the value) and followed by ` -` / `  -` and a
// space or the end of the line.
struct SplitPoint {
    std::size_t tag_start;
    std::size_t value_start;
};

bool split_point_at_dash(std::string_view s, std::size_t dash, SplitPoint& point) {
    if (dash + 1 < s.size() && s[dash + 1] != ' ' && s[dash + 1] != '\t') return false;
    if (dash < 3 || s[dash - 1] != ' ') return false;
    std::size_t tag_end = dash - 1;
    if (s[tag_end - 1] == ' ') --tag_end;
    if (tag_end < 2) return false;
    const std::size_t tag_start = tag_end - 2;
    if (tag_start > 0 && !is_space(s[tag_start - 1])) return false;
    if (!is_upper(s[tag_start]) || !is_tag_char(s[tag_start + 1])) return false;
    if (!is_known_ris_tag(std::string(s.substr(tag_start, 2)))) return false;
    point = {tag_start, dash + 2};
    return true;
}

}  // namespace

bool parse_ris_tag_line(std::string_view line, std::string_view& tag, std::string_view& value) {
    if (line.size() < 4 || !is_upper(line[0]) || !is_tag_char(line[1])) return false;
    std::size_t i = 2;
    while (i < line.size() && i < 5 && (line[i] == ' ' || line[i] == '\t')) ++i;
    if (i == 2 || i >= line.size() || line[i] != '-') return false;
    ++i;
    if (i < line.size() && line[i] != ' ' && line[i] != '\t') return false;
    tag = line.substr(0, 2);
    value = i < line.size() ? trim_right(line.substr(i + 1)) : std::string_view();
    return true;
}

RisReader::RisReader(LineSource& lines, Diagnostics& diagnostics, std::string source_name)
    : lines_(lines), diagnostics_(diagnostics), source_name_(std::move(source_name)) {}

// Splits `TY - JOUR AU - x ER -` into fields; false (and nothing queued) when
// the TY value holds no further tag, which is the normal case.
bool RisReader::split_flattened(std::string_view value, const Item& first) {
    std::size_t field_start = 0;
    std::string_view tag = first.tag;
    bool found = false;
    for (std::size_t dash = value.find('-'); dash != std::string_view::npos; dash = value.find('-', dash + 1)) {
        SplitPoint point;
        if (dash < field_start || !split_point_at_dash(value, dash, point)) continue;
        if (!found) {
            split_.clear();
            split_pos_ = 0;
            found = true;
        }
        const std::size_t end = std::max(point.tag_start, field_start);
        split_.push_back({std::string(tag), std::string(trim_right(value.substr(field_start, end - field_start))),
                          first.line});
        tag = value.substr(point.tag_start, 2);
        field_start = std::min(point.value_start, value.size());
    }
    if (!found) return false;
    split_.push_back({std::string(tag), std::string(trim_right(value.substr(field_start))), first.line});
    diagnostics_.repair(first.line, "record flattened onto one line: split into " + std::to_string(split_.size()) +
                                        " fields at known tags");
    return true;
}

bool RisReader::fetch(Item& item) {
    if (held_) {
        held_ = false;
        item = held_item_;
        return true;
    }
    if (split_pos_ < split_.size()) {
        const RawField& field = split_[split_pos_++];
        item = {Kind::Tagged, field.tag, field.value, {}, field.line};
        return true;
    }
    if (!lines_.next(line_, line_number_)) return false;
    item = {};
    item.line = line_number_;
    const std::string_view s = trim_right(line_);
    if (s.empty() || trim_left(s).empty()) return true;
    if (parse_ris_tag_line(s, item.tag, item.value)) {
        item.kind = Kind::Tagged;
        if (item.tag == "TY" && split_flattened(item.value, item)) return fetch(item);
        return true;
    }
    item.kind = Kind::Untagged;
    item.text = trim_left(s);
    return true;
}

void RisReader::finish_file() {
    if (finished_) return;
    finished_ = true;
    junk_.flush(diagnostics_);
    if (continuation_count_ > 0)
        diagnostics_.info(continuation_first_, std::to_string(continuation_count_) +
                                                   " untagged continuation line(s) joined to the field above");
    if (list_continuation_count_ > 0)
        diagnostics_.info(list_continuation_first_,
                          std::to_string(list_continuation_count_) +
                              " untagged line(s) after AU/KW/UR-type tags taken as further values of that tag");
}

void RisReader::start_record(RawRecord& out, const Item& item) {
    junk_.flush(diagnostics_);
    out.line = item.line;
    out.fields.push_back({std::string(item.tag), std::string(item.value), item.line});
}

namespace {

// Tags whose untagged continuation lines are further values, one per line:
// EndNote and PubMed-to-RIS converters write one keyword, author, URL or
// attachment per line after a single tag, and rispy (ASReview's reader)
// reads AU, A1-A4, KW and UR that way. A note (N1) stays one text: its
// continuation lines are a wrapped paragraph.
bool is_list_tag(std::string_view tag) {
    static constexpr std::string_view kListTags[] = {"AU", "A1", "A2", "A3", "A4", "KW", "UR", "L1", "L2", "L3", "L4"};
    for (std::string_view list_tag : kListTags)
        if (tag == list_tag) return true;
    return false;
}

}  // namespace

void RisReader::append_continuation(RawRecord& out, const Item& item) {
    RawField& last = out.fields.back();
    if (is_list_tag(last.tag)) {
        out.fields.push_back({last.tag, std::string(item.text.substr(0, kMaxValueBytes + 1)), item.line});
        if (list_continuation_count_++ == 0) list_continuation_first_ = item.line;
        return;
    }
    append_continuation_text(last.value, item.text);
    if (continuation_count_++ == 0) continuation_first_ = item.line;
}

// Ovid writes some fields (NL) after ER. Tagged lines after ER that run
// into the next TY, junk or the end of input belong to the record above;
// only when another ER closes them are they a record of their own (no TY).
void RisReader::absorb_trailing_fields(RawRecord& out) {
    constexpr std::size_t kMaxLookahead = 64;
    if (split_pos_ < split_.size() || held_) return;
    std::size_t i = 0, tagged = 0;
    std::string_view tag, value;
    for (; i < kMaxLookahead && lines_.peek(i, peeked_); ++i) {
        const std::string_view s = trim_right(peeked_);
        if (s.empty()) continue;
        if (!parse_ris_tag_line(s, tag, value)) break;
        if (tag == "ER") return;
        if (tag == "TY") break;
        ++tagged;
    }
    if (tagged == 0 || i == kMaxLookahead) return;
    Item item;
    for (std::size_t added = 0; added < tagged && fetch(item);) {
        if (item.kind != Kind::Tagged) continue;
        out.fields.push_back({std::string(item.tag), std::string(item.value), item.line});
        if (added++ == 0)
            diagnostics_.repair(item.line, "field(s) after ER attached to the record above (first: " +
                                               std::string(item.tag) + ")");
    }
}

bool RisReader::next(RawRecord& out) {
    out.format = InputFormat::Ris;
    out.source_file = source_name_;
    out.line = 0;
    out.fields.clear();
    bool open = false;
    std::uint64_t last_line = 0;
    Item item;
    while (fetch(item)) {
        last_line = item.line;
        if (item.kind == Kind::Blank) continue;
        if (item.kind == Kind::Untagged) {
            if (open) append_continuation(out, item);
            else junk_.note(item.line);
            continue;
        }
        if (item.tag == "TY") {
            if (open) {
                diagnostics_.repair(item.line, "new TY before ER: previous record closed");
                held_ = true;
                held_item_ = item;
                return true;
            }
            start_record(out, item);
            open = true;
        } else if (item.tag == "ER") {
            if (!open) {
                junk_.note(item.line);
                continue;
            }
            if (!item.value.empty()) diagnostics_.repair(item.line, "text after ER ignored");
            absorb_trailing_fields(out);
            return true;
        } else if (!open) {
            diagnostics_.repair(item.line, "record without TY: started at " + std::string(item.tag));
            start_record(out, item);
            open = true;
        } else {
            out.fields.push_back({std::string(item.tag), std::string(item.value), item.line});
        }
    }
    finish_file();
    if (open) diagnostics_.repair(last_line, "missing ER at end of file: record closed");
    return open;
}

}  // namespace refdex
