// refdex-query --duplicates: every duplicate cluster of two or more records,
// each record with the rule that joined it (see indexer/dedup_rules.h), so a
// reviewer can check the machine's decisions and overrule them with
// refdex-index --not-duplicate.
#include <algorithm>
#include <map>

#include <nlohmann/json.hpp>

#include "modes.h"
#include "read_retry.h"
#include "schema.h"

namespace refdex {

namespace {

struct Member {
    std::string id, record_id, title, rule, file;
    std::uint64_t line = 0;
};
struct Cluster {
    std::string id;
    std::vector<Member> members;  // index order: the cluster's first record first
};

Member member_of(const Xapian::Document& doc) {
    Member m;
    m.rule = doc.get_value(schema::kSlotRule);
    StoredRecord stored = parse_stored_record(doc.get_data());
    Record record = map_record(stored.raw);
    m.id = stored.id;
    m.record_id = record.record_id;
    m.title = record.title;
    m.file = stored.raw.source_file;
    m.line = stored.raw.line;
    return m;
}

// Only records that joined a cluster carry a rule, so the rule slot's value
// stream names every cluster of two or more without visiting the others.
std::vector<Cluster> read_clusters(const Xapian::Database& db) {
    std::map<Xapian::docid, std::string> first_docid;  // cluster id by its first record: index order
    std::map<std::string, Xapian::docid> seen;
    for (auto v = db.valuestream_begin(schema::kSlotRule); v != db.valuestream_end(schema::kSlotRule); ++v) {
        const std::string cluster = db.get_document(v.get_docid()).get_value(schema::kSlotCluster);
        if (cluster.empty() || seen.count(cluster)) continue;
        const std::string term = schema::make_term(schema::kCluster, cluster);
        const Xapian::docid first = *db.postlist_begin(term);
        seen.emplace(cluster, first);
        first_docid.emplace(first, cluster);
    }
    std::vector<Cluster> out;
    for (const auto& [first, id] : first_docid) {
        Cluster c{id, {}};
        const std::string term = schema::make_term(schema::kCluster, id);
        for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it)
            c.members.push_back(member_of(db.get_document(*it)));
        // The first record (rule "") leads even if a later docid was its root.
        std::stable_sort(c.members.begin(), c.members.end(),
                         [](const Member& a, const Member& b) { return a.rule.empty() && !b.rule.empty(); });
        if (c.members.size() > 1) out.push_back(std::move(c));
    }
    return out;
}

void write_json(const std::vector<Cluster>& clusters, std::ostream& out) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const auto& c : clusters) {
        nlohmann::ordered_json records = nlohmann::ordered_json::array();
        for (const auto& m : c.members)
            records.push_back({{"id", m.id}, {"record_id", m.record_id}, {"title", m.title}, {"rule", m.rule},
                               {"source", {{"file", m.file}, {"line", m.line}}}});
        list.push_back({{"id", c.id}, {"records", std::move(records)}});
    }
    nlohmann::ordered_json j = {{"clusters", std::move(list)}};
    out << j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
}

void write_csv(const std::vector<Cluster>& clusters, std::ostream& out) {
    out << "cluster_id,id,record_id,title,rule,source_file,source_line\r\n";
    for (const auto& c : clusters)
        for (const auto& m : c.members)
            out << c.id << ',' << m.id << ',' << csv_field(m.record_id) << ',' << csv_field(m.title) << ','
                << csv_field(m.rule) << ',' << csv_field(m.file) << ',' << m.line << "\r\n";
}

void write_text(const std::vector<Cluster>& clusters, std::ostream& out) {
    std::size_t records = 0;
    for (const auto& c : clusters) {
        out << "cluster " << c.id << " (" << c.members.size() << " records)\n";
        for (const auto& m : c.members) {
            out << "  " << m.id << "  " << (m.rule.empty() ? "first" : m.rule);
            if (!m.record_id.empty()) out << "  ID " << m.record_id;
            out << "  " << m.file << ":" << m.line << "\n    " << (m.title.empty() ? "(no title)" : m.title) << "\n";
        }
        out << "\n";
        records += c.members.size();
    }
    out << clusters.size() << " duplicate cluster(s), " << records << " record(s)\n";
}

}  // namespace

int run_duplicates(const ModeContext& ctx) {
    if (ctx.format != OutputFormat::Text && ctx.format != OutputFormat::Json && ctx.format != OutputFormat::Csv) {
        ctx.err << "refdex-query: --duplicates prints --format text, json or csv\n";
        return 2;
    }
    const std::vector<Cluster> clusters = read_with_retry(ctx.db, [&] { return read_clusters(ctx.db); });
    if (ctx.format == OutputFormat::Json) write_json(clusters, ctx.out);
    else if (ctx.format == OutputFormat::Csv) write_csv(clusters, ctx.out);
    else write_text(clusters, ctx.out);
    return 0;
}

}  // namespace refdex
