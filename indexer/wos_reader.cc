#include "wos_reader.h"

#include "reader_text.h"

namespace refdex {

using namespace reader_text;

namespace {

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
    append_continuation_text(last.value, text);
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
                junk_.note(line_number_);
                continue;
            }
            if (tag != "PT") diagnostics_.repair(line_number_, "record without PT: started at " + std::string(tag));
            junk_.flush(diagnostics_);
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
    junk_.flush(diagnostics_);
    if (!out.fields.empty()) diagnostics_.repair(line_number_, "missing ER at end of file: record closed");
    return !out.fields.empty();
}

}  // namespace refdex
