// The document data refdex stores: the original record, every tag in file
// order with its line, plus where it came from. JSON, so that a person can
// read it with xapian-delve and any tool can export it again.
//
//   {"v":1,"id":"<refdex id>","file":"path","line":12,"format":"ris",
//    "tags":[["TY","JOUR",12],["AU","Pacho, A.",13],...]}
#pragma once

#include <string>

#include "raw_record.h"

namespace refdex {

struct StoredRecord {
    std::string id;  // refdex record id (16 hex digits)
    RawRecord raw;
};

std::string serialise_record(const StoredRecord& record);
// Throws std::runtime_error if `data` is not a refdex stored record.
StoredRecord parse_stored_record(const std::string& data);

}  // namespace refdex
