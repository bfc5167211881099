// The run's list of written records round-trips through its temporary file.
#include <catch2/catch.hpp>

#include "written_log.h"

using namespace refdex;

TEST_CASE("written log: entries come back in append order, ids of any length", "[ingest][written_log]") {
    WrittenLog log;
    for (std::uint64_t i = 0; i < 10000; ++i)
        log.append({i * 3, i % 7, i + 1, i % 100 == 0 ? std::string() : std::string(i % 40, 'a' + i % 26)});
    log.rewind();
    WrittenEntry entry;
    std::uint64_t i = 0;
    while (log.next(entry)) {
        INFO("entry " << i);
        REQUIRE(entry.sequence == i * 3);
        CHECK(entry.file == i % 7);
        CHECK(entry.line == i + 1);
        CHECK(entry.id == (i % 100 == 0 ? std::string() : std::string(i % 40, 'a' + i % 26)));
        ++i;
    }
    CHECK(i == 10000);
    CHECK_FALSE(log.next(entry));
}

TEST_CASE("written log: an empty log reads nothing", "[ingest][written_log]") {
    WrittenLog log;
    log.rewind();
    WrittenEntry entry;
    CHECK_FALSE(log.next(entry));
}
