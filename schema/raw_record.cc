#include "raw_record.h"

namespace refdex {

const char* format_name(InputFormat format) {
    switch (format) {
        case InputFormat::Ris: return "ris";
        case InputFormat::Medline: return "medline";
        case InputFormat::Wos: return "wos";
    }
    return "ris";
}

bool parse_format_name(const std::string& name, InputFormat& out) {
    if (name == "ris") out = InputFormat::Ris;
    else if (name == "medline" || name == "nbib") out = InputFormat::Medline;
    else if (name == "wos") out = InputFormat::Wos;
    else return false;
    return true;
}

std::vector<std::string> RawRecord::values(const std::string& tag) const {
    std::vector<std::string> out;
    for (const auto& f : fields)
        if (f.tag == tag) out.push_back(f.value);
    return out;
}

std::string RawRecord::first(const std::string& tag) const {
    for (const auto& f : fields)
        if (f.tag == tag && !f.value.empty()) return f.value;
    return {};
}

}  // namespace refdex
