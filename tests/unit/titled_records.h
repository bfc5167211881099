// A small real glass index of journal records with an id, a title and an
// abstract, built through the indexer's own path (the screening tests read
// features from its termlists and positions).
#pragma once

#include <string>
#include <tuple>
#include <vector>

#include "document_builder.h"
#include "index_writer.h"
#include "record.h"

namespace refdex::test {

// (id, title, abstract) per record, in docid order.
inline void write_titled_records(const std::string& db,
                                 const std::vector<std::tuple<std::string, std::string, std::string>>& records) {
    DocumentBuilder builder;
    IndexWriter writer(db, 100);
    for (const auto& [id, title, abstract] : records) {
        RawRecord raw;
        raw.source_file = "s.ris";
        raw.fields = {{"TY", "JOUR", 1}, {"ID", id, 2}, {"TI", title, 3}, {"AB", abstract, 4}};
        writer.write(builder.build(raw, map_record(raw), record_id(raw, 0)));
    }
    writer.commit();
}

}  // namespace refdex::test
