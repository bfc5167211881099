#include "hostile_support.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>

#include <catch2/catch.hpp>
#include <xapian.h>

#include "schema.h"

namespace refdex::e2e {

double test_scale() {
    const char* env = std::getenv("REFDEX_TEST_SCALE");
    if (!env || !*env) return 1.0;
    const double v = std::atof(env);
    return v > 0 ? v : 1.0;
}

std::size_t scaled(std::size_t n, std::size_t minimum) {
    return std::max(minimum, static_cast<std::size_t>(static_cast<double>(n) * test_scale()));
}

void write_synthetic_ris(const std::string& path, std::size_t records, const std::string& topic) {
    std::ofstream out(path, std::ios::binary);
    static const char* const kWords[] = {"integrated", "care",     "cohort",  "trial",   "children", "stroke",
                                         "outcomes",   "review",   "network", "primary", "hospital", "survey",
                                         "mortality",  "screening", "therapy", "risk",   "patients", "model"};
    constexpr std::size_t kWordCount = sizeof kWords / sizeof kWords[0];
    auto title_of = [&](std::size_t i) {
        std::string t = "Synthetic " + topic + " record " + std::to_string(i);
        for (std::size_t k = 0; k < 4; ++k) t += std::string(" ") + kWords[(i * 7 + k * 5) % kWordCount];
        return t;
    };
    auto write_one = [&](std::size_t i, const std::string& note) {
        out << "TY  - JOUR\n"
            << "TI  - " << title_of(i) << "\n"
            << "AU  - Author" << (i % 997) << ", A.\n"
            << "AU  - Second" << (i % 89) << ", B. C.\n"
            << "PY  - " << 1980 + i % 45 << "\n"
            << "T2  - Journal of " << kWords[i % kWordCount] << "\n"
            << "VL  - " << i % 60 << "\n"
            << "SP  - " << i % 900 + 1 << "\n"
            << "DO  - 10.5555/synthetic." << i << "\n"
            << "AB  - An abstract about " << kWords[i % kWordCount] << " and " << kWords[(i / 3) % kWordCount]
            << " in study " << i << ".\n"
            << "KW  - " << kWords[(i / 5) % kWordCount] << "\n";
        if (!note.empty()) out << "N1  - " << note << "\n";
        out << "ER  - \n\n";
    };
    for (std::size_t i = 0; i < records; ++i) {
        // The twin of record i - 3, when i - 3 is a multiple of 50.
        if (i >= 3 && (i - 3) % 50 == 0) write_one(i - 3, "second copy from another database");
        else write_one(i, "");
    }
}

std::string require_xapian_check(const std::string& db) {
    CommandResult r = test::run_command("xapian-check " + q(db));
    INFO("xapian-check " << db << ":\n" << r.out << r.err);
    REQUIRE(r.exit_code == 0);
    return r.out;
}

IdCensus id_census(const std::string& db) {
    Xapian::Database d(db);
    IdCensus c;
    c.documents = d.get_doccount();
    for (auto t = d.allterms_begin(schema::kId); t != d.allterms_end(schema::kId); ++t) {
        ++c.id_terms;
        if (t.get_termfreq() != 1) ++c.ids_not_unique;
    }
    return c;
}

}  // namespace refdex::e2e
