// fts5_bench: the SQLite FTS5 side of the scale benchmark.
//
//   fts5_bench load DB TSV                 build DB from gen_corpus's .tsv
//   fts5_bench query DB QUERIES [REPEATS]  warm query latency (query_set.h)
//
// Loading is done the fastest honest way: one transaction, one prepared
// statement per table, re-bound for every record. The FTS5 table indexes
// the same free text as refdex (title, abstract, authors, keywords,
// journal; positions kept, so phrases work) and stores id, year and DOI
// beside it. Authors also go, one row each, into a plain table indexed by
// document, because the author facet needs them one by one.
//
// Each query gives what refdex-query gives: the top 10 by FTS5's bm25 rank
// with their fields, and the exact number of matches; the facet query adds
// year, journal and author counts by GROUP BY over the matching rows.
#include <sqlite3.h>

#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "query_set.h"

namespace {

class Statement {
public:
    Statement(sqlite3* db, const std::string& sql) : db_(db) {
        if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt_, nullptr) != SQLITE_OK)
            throw std::runtime_error(std::string("sqlite: ") + sqlite3_errmsg(db) + " in: " + sql);
    }
    ~Statement() { sqlite3_finalize(stmt_); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    void bind(int index, const std::string& text) {
        sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    }
    void bind(int index, sqlite3_int64 number) { sqlite3_bind_int64(stmt_, index, number); }
    // True while there is a row; throws on error.
    bool step() {
        int rc = sqlite3_step(stmt_);
        if (rc == SQLITE_ROW) return true;
        if (rc != SQLITE_DONE) throw std::runtime_error(std::string("sqlite: ") + sqlite3_errmsg(db_));
        return false;
    }
    void reset() { sqlite3_reset(stmt_); }
    sqlite3_int64 integer(int column) { return sqlite3_column_int64(stmt_, column); }
    std::size_t text_size(int column) {
        sqlite3_column_text(stmt_, column);
        return static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column));
    }

private:
    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
};

class Connection {
public:
    explicit Connection(const std::string& path) {
        if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK)
            throw std::runtime_error("cannot open " + path + ": " + sqlite3_errmsg(db_));
    }
    ~Connection() { sqlite3_close(db_); }
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    void exec(const std::string& sql) {
        char* error = nullptr;
        if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
            std::string message = error ? error : "unknown error";
            sqlite3_free(error);
            throw std::runtime_error("sqlite: " + message + " in: " + sql);
        }
    }
    sqlite3* get() { return db_; }

private:
    sqlite3* db_ = nullptr;
};

std::vector<std::string> split(const std::string& text, const std::string& separator) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (std::size_t at; (at = text.find(separator, start)) != std::string::npos; start = at + separator.size())
        parts.push_back(text.substr(start, at - start));
    parts.push_back(text.substr(start));
    return parts;
}

int load(const std::string& db_path, const std::string& tsv_path) {
    std::ifstream in(tsv_path);
    if (!in) throw std::runtime_error("cannot read " + tsv_path);
    Connection db(db_path);
    db.exec("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, abstract, authors, keywords, journal, "
            "year UNINDEXED, doi UNINDEXED)");
    db.exec("CREATE TABLE doc_author(doc INTEGER, name TEXT)");
    db.exec("BEGIN");
    Statement insert_doc(db.get(), "INSERT INTO docs(rowid, id, title, abstract, authors, keywords, journal, year, doi) "
                                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    Statement insert_author(db.get(), "INSERT INTO doc_author(doc, name) VALUES (?, ?)");
    std::string line;
    sqlite3_int64 rowid = 0;
    for (std::uint64_t line_number = 1; std::getline(in, line); ++line_number) {
        auto fields = split(line, "\t");
        if (fields.size() != 8)
            throw std::runtime_error(tsv_path + ":" + std::to_string(line_number) + ": expected 8 fields");
        insert_doc.bind(1, ++rowid);
        for (int i = 0; i < 8; ++i) insert_doc.bind(i + 2, fields[static_cast<std::size_t>(i)]);
        insert_doc.step();
        insert_doc.reset();
        for (const auto& author : split(fields[3], "; ")) {
            insert_author.bind(1, rowid);
            insert_author.bind(2, author);
            insert_author.step();
            insert_author.reset();
        }
    }
    db.exec("CREATE INDEX doc_author_doc ON doc_author(doc)");
    db.exec("COMMIT");
    return 0;
}

const std::string kFreeText = "{title abstract keywords authors}";

std::string match_expression(const bench::BenchQuery& q) {
    if (q.kind == "phrase") return kFreeText + " : \"" + q.first + " " + q.second + "\"";
    if (q.kind == "author") return "authors : \"" + q.first + "\" AND " + kFreeText + " : " + q.second;
    return kFreeText + " : (" + q.first + " AND " + q.second + ")";
}

// Runs a query that returns (something, count) rows and adds up the bytes
// read, so that the optimiser cannot skip the work.
std::size_t read_all(sqlite3* db, const std::string& sql, const std::string& match) {
    Statement s(db, sql);
    s.bind(1, match);
    std::size_t bytes = 0;
    while (s.step()) bytes += s.text_size(0) + static_cast<std::size_t>(s.integer(1) > 0);
    return bytes;
}

long run_query(sqlite3* db, const bench::BenchQuery& q) {
    const std::string match = match_expression(q);
    {
        Statement top(db, "SELECT id, title, abstract, authors, year FROM docs WHERE docs MATCH ? ORDER BY rank LIMIT 10");
        top.bind(1, match);
        while (top.step()) top.text_size(2);
    }
    long total = 0;
    {
        Statement count(db, "SELECT count(*) FROM docs WHERE docs MATCH ?");
        count.bind(1, match);
        if (count.step()) total = static_cast<long>(count.integer(0));
    }
    if (q.kind == "facets") {
        read_all(db, "SELECT year, count(*) FROM docs WHERE docs MATCH ? GROUP BY year", match);
        read_all(db, "SELECT journal, count(*) AS n FROM docs WHERE docs MATCH ? GROUP BY journal ORDER BY n DESC LIMIT 10",
                 match);
        read_all(db, "SELECT name, count(*) AS n FROM doc_author WHERE doc IN (SELECT rowid FROM docs WHERE docs MATCH ?) "
                     "GROUP BY name ORDER BY n DESC LIMIT 10",
                 match);
    }
    return total;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        const std::string mode = argc > 1 ? argv[1] : "";
        if (mode == "load" && argc == 4) return load(argv[2], argv[3]);
        if (mode == "query" && (argc == 4 || argc == 5)) {
            Connection db(argv[2]);
            const int repeats = argc == 5 ? std::stoi(argv[4]) : 50;
            for (const auto& q : bench::read_queries(argv[3]))
                bench::time_query("fts5", q, repeats, [&](auto& bq) { return run_query(db.get(), bq); });
            return 0;
        }
        std::cerr << "usage: fts5_bench load DB TSV | fts5_bench query DB QUERIES [REPEATS]\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "fts5_bench: " << e.what() << '\n';
        return 1;
    }
}
