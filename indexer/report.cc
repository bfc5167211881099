#include "report.h"

#include <nlohmann/json.hpp>

namespace refdex {

namespace {

// A file with no records to repair (unreadable: not an export at all) has
// its line-level warnings in the report, but they repair nothing.
std::size_t file_repairs(const FileReport& f) { return f.unreadable ? 0 : f.diagnostics.repairs(); }

nlohmann::ordered_json counts_json(const FileReport& f, std::size_t repairs) {
    return {{"records", f.records}, {"added", f.added},       {"unchanged", f.unchanged},
            {"duplicates", f.duplicates}, {"rejected", f.rejected}, {"repairs", repairs}};
}

nlohmann::ordered_json file_json(const FileReport& f) {
    nlohmann::ordered_json j = {{"path", f.path}, {"format", f.format}, {"encoding", f.encoding}};
    j.update(counts_json(f, file_repairs(f)));
    j["unreadable"] = f.unreadable;
    j["same_name_as"] = f.same_name_as;
    j["earlier_versions"] = f.earlier_versions;
    j["earlier_versions_removed"] = f.earlier_versions_removed;
    j["not_replaced_because"] = f.not_replaced_because;
    j["replaces"] = f.replaces;
    nlohmann::ordered_json problems = nlohmann::ordered_json::array();
    for (const auto& p : f.diagnostics.problems())
        problems.push_back({{"line", p.line}, {"severity", severity_name(p.severity)}, {"message", p.message}});
    if (f.diagnostics.unlisted() > 0)
        problems.push_back({{"line", 0}, {"severity", "info"},
                            {"message", std::to_string(f.diagnostics.unlisted()) + " more messages not listed"}});
    j["problems"] = std::move(problems);
    return j;
}

std::size_t total_repairs(const IngestReport& report) {
    std::size_t n = 0;
    for (const auto& f : report.files) n += file_repairs(f);
    return n;
}

}  // namespace

std::string report_json(const IngestReport& report) {
    nlohmann::ordered_json files = nlohmann::ordered_json::array();
    for (const auto& f : report.files) files.push_back(file_json(f));
    nlohmann::ordered_json totals = counts_json(report.totals(), total_repairs(report));
    totals["files"] = report.files.size();
    totals["skipped_files"] = report.skipped_files;
    nlohmann::ordered_json j = {{"files", std::move(files)}, {"totals", std::move(totals)}, {"interrupted", report.interrupted}};
    return j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

void print_summary(const IngestReport& report, std::ostream& out, bool dry_run) {
    for (const auto& f : report.files) {
        for (const auto& p : f.diagnostics.problems())
            if (p.severity == Severity::Error) {
                out << f.path;
                if (p.line) out << ':' << p.line;  // 0: about the whole file
                out << ": error: " << p.message << "\n";
            }
        if (file_repairs(f) > 0) out << f.path << ": " << file_repairs(f) << " repair(s); see --report for each line\n";
        if (!f.same_name_as.empty())
            out << f.path << ": warning: " << f.same_name_as << " has the same file name; records are counted by file "
                << "name, so PRISMA's records_by_source counts both as one source (to count them apart, give each export its own name before it is indexed)\n";
        if (f.earlier_versions > 0)
            out << f.path << ": warning: the index also holds " << f.earlier_versions
                << " record(s) of an earlier version of this file (records changed or dropped since); they stay "
                   "indexed and PRISMA counts them"
                << (f.not_replaced_because.empty() ? " (--replace removes them)\n" : "\n");
        if (!f.replaces.empty())
            out << f.path << ": --replaces " << f.replaces << " removed " << f.earlier_versions_removed
                << " record(s) of the earlier export\n";
        else if (f.earlier_versions_removed > 0)
            out << f.path << ": --replace removed " << f.earlier_versions_removed
                << " record(s) of an earlier version of this file\n";
        if (!f.not_replaced_because.empty())
            out << f.path << ": warning: --replace removed nothing for this file: " << f.not_replaced_because << "\n";
    }
    FileReport t = report.totals();
    out << (dry_run ? "dry run: " : "") << report.files.size() << " file(s), " << t.records << " record(s) read: "
        << t.added << (dry_run ? " would be added, " : " added, ") << t.unchanged << " unchanged, " << t.duplicates
        << " duplicate(s), " << t.rejected << " rejected, " << total_repairs(report) << " repair(s)";
    if (report.skipped_files > 0) out << "; " << report.skipped_files << " file(s) in directories skipped (not .ris/.txt/.nbib/.medline/.isi/.ciw)";
    out << "\n";
    if (report.interrupted) out << "interrupted: committed the records above; run again to index the rest\n";
}

}  // namespace refdex
