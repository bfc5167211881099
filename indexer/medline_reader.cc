#include "medline_reader.h"

#include "reader_text.h"

namespace refdex {

using namespace reader_text;

// The dash sits in column 5 after a tag padded to four characters; ERIC
// also writes a four-letter tag plus a space (`ISSN - `).
bool parse_medline_tag_line(std::string_view line, std::string_view& tag, std::string_view& value) {
    if (line.size() < 5 || !is_upper(line[0])) return false;
    std::size_t length = 1;
    while (length < 4 && length < line.size() && is_tag_char(line[length])) ++length;
    std::size_t dash = length;
    while (dash < 5 && dash < line.size() && line[dash] == ' ') ++dash;
    if (length < 2 || dash < 4 || dash >= line.size() || line[dash] != '-') return false;
    if (dash + 1 < line.size() && line[dash + 1] != ' ') return false;
    tag = line.substr(0, length);
    value = dash + 2 < line.size() ? trim_right(line.substr(dash + 2)) : std::string_view();
    return true;
}

MedlineReader::MedlineReader(LineSource& lines, Diagnostics& diagnostics, std::string source_name)
    : lines_(lines), diagnostics_(diagnostics), source_name_(std::move(source_name)) {}

bool MedlineReader::fetch() {
    if (held_) {
        held_ = false;
        return true;
    }
    return lines_.next(line_, line_number_);
}

bool MedlineReader::next(RawRecord& out) {
    out.format = InputFormat::Medline;
    out.source_file = source_name_;
    out.line = 0;
    out.fields.clear();
    while (fetch()) {
        const std::string_view s = trim_right(line_);
        if (s.empty()) {
            if (!out.fields.empty()) return true;
            continue;
        }
        std::string_view tag, value;
        if (parse_medline_tag_line(s, tag, value)) {
            // PubMed always puts PMID first, so a second one is a new record
            // whose separating blank line got lost.
            if (tag == "PMID" && !out.fields.empty()) {
                diagnostics_.repair(line_number_, "PMID without a blank line before it: new record started");
                held_ = true;
                return true;
            }
            if (out.fields.empty()) {
                junk_.flush(diagnostics_);
                out.line = line_number_;
            }
            out.fields.push_back({std::string(tag), std::string(value), line_number_});
        } else if (!out.fields.empty()) {
            if (!is_space(s.front()))
                diagnostics_.info(line_number_, "unindented line joined to the field above");
            append_continuation_text(out.fields.back().value, trim_left(s));
        } else {
            junk_.note(line_number_);
        }
    }
    junk_.flush(diagnostics_);
    return !out.fields.empty();
}

}  // namespace refdex
