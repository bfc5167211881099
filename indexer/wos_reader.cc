#include "wos_reader.h"

namespace refdex {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_tag_char(char c) { return is_upper(c) || (c >= '0' && c <= '9'); }

std::string_view trim_right(std::string_view s) {
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

std::string_view trim_left(std::string_view s) {
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    return s;
}

// `AU Name` or a bare `ER`; anything else is a continuation line.
bool parse_wos_tag_line(std::string_view line, std::string_view& tag, std::string_view& value) {
    if (line.size() < 2 || !is_upper(line[0]) || !is_tag_char(line[1])) return false;
    if (line.size() > 2 && line[2] != ' ') return false;
    tag = line.substr(0, 2);
    value = line.size() > 3 ? line.substr(3) : std::string_view();
    return true;
}

// Tags whose continuation lines are separate values, one per line.
bool is_list_tag(std::string_view tag) {
    static constexpr std::string_view kListTags[] = {"AU", "AF", "BA", "BF", "BE", "CA", "ED", "CR", "C1", "GP"};
    for (std::string_view list_tag : kListTags)
        if (tag == list_tag) return true;
    return false;
}

bool is_file_marker(std::string_view tag) { return tag == "FN" || tag == "VR" || tag == "EF"; }

}  // namespace

WosReader::WosReader(LineSource& lines, Diagnostics& diagnostics, std::string source_name)
    : lines_(lines), diagnostics_(diagnostics), source_name_(std::move(source_name)) {}

bool WosReader::fetch() {
    if (held_) {
        held_ = false;
        return true;
    }
    return lines_.next(line_, line_number_);
}

void WosReader::note_junk(std::uint64_t line) {
    if (junk_count_++ == 0) junk_first_ = line;
}

void WosReader::flush_junk() {
    if (junk_count_ == 0) return;
    diagnostics_.info(junk_first_, "skipped " + std::to_string(junk_count_) + " line(s) of text outside records");
    junk_count_ = 0;
}

// A line inside an open record: a new field or a continuation.
void WosReader::add_line(RawRecord& out, std::string_view s) {
    std::string_view tag, value;
    if (parse_wos_tag_line(s, tag, value)) {
        out.fields.push_back({std::string(tag), std::string(value), line_number_});
        return;
    }
    const std::string_view text = trim_left(s);
    RawField& last = out.fields.back();
    if (is_list_tag(last.tag)) {
        out.fields.push_back({last.tag, std::string(text), line_number_});
        return;
    }
    if (!last.value.empty()) last.value += ' ';
    last.value.append(text);
}

bool WosReader::next(RawRecord& out) {
    out.format = InputFormat::Wos;
    out.source_file = source_name_;
    out.line = 0;
    out.fields.clear();
    while (fetch()) {
        const std::string_view s = trim_right(line_);
        if (s.empty()) continue;
        std::string_view tag, value;
        const bool tagged = parse_wos_tag_line(s, tag, value);
        if (out.fields.empty()) {
            if (tagged && is_file_marker(tag)) continue;
            if (!tagged || tag == "ER") {
                note_junk(line_number_);
                continue;
            }
            if (tag != "PT") diagnostics_.repair(line_number_, "record without PT: started at " + std::string(tag));
            flush_junk();
            out.line = line_number_;
            add_line(out, s);
            continue;
        }
        if (tagged && tag == "ER") return true;
        if (tagged && (tag == "PT" || tag == "EF")) {
            diagnostics_.repair(line_number_, "missing ER: record closed at " + std::string(tag));
            held_ = tag == "PT";
            return true;
        }
        add_line(out, s);
    }
    flush_junk();
    if (!out.fields.empty()) diagnostics_.repair(line_number_, "missing ER at end of file: record closed");
    return !out.fields.empty();
}

}  // namespace refdex
