// lucene_bench: the Lucene++ side of the scale benchmark.
//
//   lucene_bench load INDEXDIR TSV                 build INDEXDIR from gen_corpus's .tsv
//   lucene_bench query INDEXDIR QUERIES [REPEATS]  warm query latency (query_set.h)
//
// Loading follows Lucene's own advice for a bulk build: one IndexWriter, a
// large RAM buffer (flushes by size, so memory does not grow with the input),
// no compound files, then optimize() down to one segment, as a search
// deployment would. The fields are those refdex and FTS5 index: title,
// abstract, one value per author and per keyword, analysed with positions so
// that phrases work; year, journal, id and DOI as single un-analysed terms;
// everything stored, since every engine here returns its hits' records.
// Authors are also indexed whole, un-analysed, for the author facet.
//
// The analyser is StandardAnalyzer's tokeniser and lower-casing without its
// stop list (gen_corpus's syllable words include "the" and "for"), plus
// diacritic folding, as refdex and FTS5 fold; it leaves a position gap
// between the values of a multi-valued field so that phrases cannot match
// across two authors or keywords, as refdex does.
//
// Each query gives what refdex-query gives: the top 10 by Lucene's score with
// their stored fields and the exact number of matches (TopScoreDocCollector
// counts every hit); the facet query adds year, journal and author counts
// over every match, in the same pass (FieldCache ordinals for the
// single-valued fields; for authors, the field un-inverted once into
// per-document ordinal lists, as Solr does for multi-valued facets).
#include <LuceneHeaders.h>  // first: the other Lucene++ headers rely on it
#include <ASCIIFoldingFilter.h>
#include <FieldCache.h>
#include <StringReader.h>
#include <TermAttribute.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "query_set.h"

using namespace Lucene;

namespace {

// Indexing buffer: large enough that flushes are few, bounded so that peak
// memory does not depend on the corpus size.
constexpr double kRamBufferMB = 64;
// Positions left between two values of one field (two authors, two keywords).
constexpr int32_t kValueGap = 100;

const wchar_t* const kFreeTextFields[] = {L"title", L"abstract", L"keywords", L"authors"};
const wchar_t* const kAuthorFacetField = L"author_facet";

// Tokeniser, lower-casing and diacritic folding, reused across fields and
// documents (a fresh chain per field costs allocations on every record).
class FoldingStreams : public LuceneObject {
public:
    TokenizerPtr source;
    TokenStreamPtr result;
    LUCENE_CLASS(FoldingStreams);
};

class FoldingAnalyzer : public Analyzer {
public:
    LUCENE_CLASS(FoldingAnalyzer);

    TokenStreamPtr tokenStream(const String&, const ReaderPtr& reader) override {
        auto streams = newLucene<FoldingStreams>();
        build(*streams, reader);
        return streams->result;
    }
    TokenStreamPtr reusableTokenStream(const String&, const ReaderPtr& reader) override {
        auto streams = boost::dynamic_pointer_cast<FoldingStreams>(getPreviousTokenStream());
        if (!streams) {
            streams = newLucene<FoldingStreams>();
            build(*streams, reader);
            setPreviousTokenStream(streams);
        } else {
            streams->source->reset(reader);
        }
        return streams->result;
    }
    int32_t getPositionIncrementGap(const String&) override { return kValueGap; }

private:
    static void build(FoldingStreams& streams, const ReaderPtr& reader) {
        streams.source = newLucene<StandardTokenizer>(LuceneVersion::LUCENE_30, reader);
        TokenStreamPtr chain = newLucene<StandardFilter>(streams.source);
        chain = newLucene<LowerCaseFilter>(chain);
        streams.result = newLucene<ASCIIFoldingFilter>(chain);
    }
};

String wide(const std::string& utf8) { return StringUtils::toUnicode(utf8); }

std::vector<std::string> split(const std::string& text, const std::string& separator) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (std::size_t at; (at = text.find(separator, start)) != std::string::npos; start = at + separator.size())
        parts.push_back(text.substr(start, at - start));
    parts.push_back(text.substr(start));
    return parts;
}

void add(const DocumentPtr& doc, const wchar_t* name, const std::string& value, Field::Index index) {
    if (!value.empty()) doc->add(newLucene<Field>(name, wide(value), Field::STORE_YES, index));
}

// One TSV line (id, title, abstract, authors, keywords, journal, year, doi).
DocumentPtr make_document(const std::vector<std::string>& f) {
    DocumentPtr doc = newLucene<Document>();
    add(doc, L"id", f[0], Field::INDEX_NOT_ANALYZED_NO_NORMS);
    add(doc, L"title", f[1], Field::INDEX_ANALYZED);
    add(doc, L"abstract", f[2], Field::INDEX_ANALYZED);
    if (!f[3].empty())
        for (const auto& author : split(f[3], "; ")) {
            add(doc, L"authors", author, Field::INDEX_ANALYZED);
            doc->add(newLucene<Field>(kAuthorFacetField, wide(author), Field::STORE_NO, Field::INDEX_NOT_ANALYZED_NO_NORMS));
        }
    if (!f[4].empty())
        for (const auto& keyword : split(f[4], "; ")) add(doc, L"keywords", keyword, Field::INDEX_ANALYZED);
    add(doc, L"journal", f[5], Field::INDEX_NOT_ANALYZED_NO_NORMS);
    add(doc, L"year", f[6], Field::INDEX_NOT_ANALYZED_NO_NORMS);
    add(doc, L"doi", f[7], Field::INDEX_NOT_ANALYZED_NO_NORMS);
    return doc;
}

int load(const std::string& index_path, const std::string& tsv_path) {
    std::ifstream in(tsv_path);
    if (!in) throw std::runtime_error("cannot read " + tsv_path);
    IndexWriterPtr writer = newLucene<IndexWriter>(FSDirectory::open(wide(index_path)), newLucene<FoldingAnalyzer>(),
                                                   true, IndexWriter::MaxFieldLengthUNLIMITED);
    writer->setRAMBufferSizeMB(kRamBufferMB);
    writer->setUseCompoundFile(false);
    std::string line;
    for (std::uint64_t line_number = 1; std::getline(in, line); ++line_number) {
        auto fields = split(line, "\t");
        if (fields.size() != 8)
            throw std::runtime_error(tsv_path + ":" + std::to_string(line_number) + ": expected 8 fields");
        writer->addDocument(make_document(fields));
    }
    writer->optimize();
    writer->close();
    return 0;
}

// --- queries ---------------------------------------------------------------

// The author field un-inverted: for each document of one segment, the
// ordinals of its authors in `names`. Built once per segment reader, on the
// warm-up query, the way FieldCache loads the single-valued fields.
struct AuthorOrdinals {
    std::vector<String> names;
    std::vector<int32_t> starts;  // document d's ordinals: ords[starts[d] .. starts[d + 1])
    std::vector<int32_t> ords;
};

// Calls visit(ordinal, term, doc) for every posting of the author facet
// field, ordinals numbering its terms in order.
template <typename Visit>
void for_each_author_posting(const IndexReaderPtr& reader, Visit visit) {
    TermEnumPtr terms = reader->terms(newLucene<Term>(kAuthorFacetField, L""));
    TermDocsPtr docs = reader->termDocs();
    for (int32_t ordinal = 0;; ++ordinal) {
        TermPtr term = terms->term();
        if (!term || term->field() != kAuthorFacetField) break;
        docs->seek(terms);
        while (docs->next()) visit(ordinal, term, docs->doc());
        if (!terms->next()) break;
    }
    terms->close();
    docs->close();
}

AuthorOrdinals uninvert_authors(const IndexReaderPtr& reader) {
    AuthorOrdinals a;
    std::vector<int32_t> counts(static_cast<std::size_t>(reader->maxDoc()), 0);
    for_each_author_posting(reader, [&](int32_t ordinal, const TermPtr& term, int32_t doc) {
        if (static_cast<std::size_t>(ordinal) == a.names.size()) a.names.push_back(term->text());
        ++counts[static_cast<std::size_t>(doc)];
    });
    a.starts.assign(counts.size() + 1, 0);
    for (std::size_t d = 0; d < counts.size(); ++d) a.starts[d + 1] = a.starts[d] + counts[d];
    a.ords.resize(static_cast<std::size_t>(a.starts.back()));
    std::vector<int32_t> next(a.starts.begin(), a.starts.end() - 1);
    for_each_author_posting(reader, [&](int32_t ordinal, const TermPtr&, int32_t doc) {
        a.ords[static_cast<std::size_t>(next[static_cast<std::size_t>(doc)]++)] = ordinal;
    });
    return a;
}

// One facet's (value, count) pairs over the matches, one pair per value and
// segment. Values point into the segments' lookup tables (FieldCache's, the
// author ordinals'), which live as long as the reader; a map keyed by string
// would cost more than the counting itself.
using FacetValues = std::vector<std::pair<const String*, long>>;

struct Facets {
    FacetValues years, journals, authors;
    int segments = 0;
    std::vector<StringIndexPtr> held;  // keeps the FieldCache tables the values point into
};

// Appends the non-zero counts; ordinal 0 is skipped where it means "no value".
template <typename Name>
void append_counts(const std::vector<int32_t>& by_ordinal, std::size_t first, Name name, FacetValues& out) {
    for (std::size_t o = first; o < by_ordinal.size(); ++o)
        if (by_ordinal[o] > 0) out.emplace_back(name(o), by_ordinal[o]);
}

// Collects the top hits (through `top`) and, in the same pass, the facet
// counts of every match, by ordinal within each segment.
class FacetCollector : public Collector {
public:
    // Pointers, not references: newLucene forwards constructor arguments as
    // const references.
    FacetCollector(const CollectorPtr& top, std::map<IndexReader*, AuthorOrdinals>* author_cache, Facets* facets)
        : top_(top), author_cache_(*author_cache), facets_(*facets) {}
    LUCENE_CLASS(FacetCollector);

    void setScorer(const ScorerPtr& scorer) override { top_->setScorer(scorer); }
    bool acceptsDocsOutOfOrder() override { return top_->acceptsDocsOutOfOrder(); }

    void setNextReader(const IndexReaderPtr& reader, int32_t doc_base) override {
        finish();
        top_->setNextReader(reader, doc_base);
        years_ = FieldCache::DEFAULT()->getStringIndex(reader, L"year");
        journals_ = FieldCache::DEFAULT()->getStringIndex(reader, L"journal");
        auto cached = author_cache_.find(reader.get());
        if (cached == author_cache_.end()) cached = author_cache_.emplace(reader.get(), uninvert_authors(reader)).first;
        authors_ = &cached->second;
        year_counts_.assign(static_cast<std::size_t>(years_->lookup.size()), 0);
        journal_counts_.assign(static_cast<std::size_t>(journals_->lookup.size()), 0);
        author_counts_.assign(authors_->names.size(), 0);
    }

    void collect(int32_t doc) override {
        top_->collect(doc);
        ++year_counts_[static_cast<std::size_t>(years_->order[doc])];
        ++journal_counts_[static_cast<std::size_t>(journals_->order[doc])];
        const auto d = static_cast<std::size_t>(doc);
        for (int32_t i = authors_->starts[d]; i < authors_->starts[d + 1]; ++i)
            ++author_counts_[static_cast<std::size_t>(authors_->ords[static_cast<std::size_t>(i)])];
    }

    // Hands the current segment's counts to the Facets; call once after the
    // search. Ordinal 0 of a StringIndex stands for "no value".
    void finish() {
        if (!years_) return;
        append_counts(year_counts_, 1, [&](std::size_t o) { return &years_->lookup[static_cast<int32_t>(o)]; },
                      facets_.years);
        append_counts(journal_counts_, 1, [&](std::size_t o) { return &journals_->lookup[static_cast<int32_t>(o)]; },
                      facets_.journals);
        append_counts(author_counts_, 0, [&](std::size_t o) { return &authors_->names[o]; }, facets_.authors);
        facets_.held.push_back(years_);
        facets_.held.push_back(journals_);
        ++facets_.segments;
        years_.reset();
    }

private:
    CollectorPtr top_;
    std::map<IndexReader*, AuthorOrdinals>& author_cache_;
    Facets& facets_;
    StringIndexPtr years_, journals_;
    const AuthorOrdinals* authors_ = nullptr;
    std::vector<int32_t> year_counts_, journal_counts_, author_counts_;
};

// The `limit` most frequent values, as a facet display would list them.
// With several segments a value can appear once per segment: added up first.
FacetValues top_values(FacetValues values, int segments, std::size_t limit) {
    if (segments > 1) {
        std::sort(values.begin(), values.end(), [](const auto& a, const auto& b) { return *a.first < *b.first; });
        FacetValues merged;
        for (const auto& v : values) {
            if (!merged.empty() && *merged.back().first == *v.first)
                merged.back().second += v.second;
            else
                merged.push_back(v);
        }
        values.swap(merged);
    }
    limit = std::min(limit, values.size());
    std::partial_sort(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(limit), values.end(),
                      [](const auto& a, const auto& b) { return a.second > b.second; });
    values.resize(limit);
    return values;
}

// What the timed code read, kept so that the compiler cannot drop the reads.
volatile std::size_t g_bytes_read = 0;

class Engine {
public:
    explicit Engine(const std::string& index_path)
        : reader_(IndexReader::open(FSDirectory::open(wide(index_path)), true)),
          searcher_(newLucene<IndexSearcher>(reader_)),
          analyzer_(newLucene<FoldingAnalyzer>()) {}

    long run(const bench::BenchQuery& q) {
        QueryPtr query = make_query(q);
        TopScoreDocCollectorPtr top = TopScoreDocCollector::create(10, true);
        Facets facets;
        if (q.kind == "facets") {
            auto collector = newLucene<FacetCollector>(top, &author_cache_, &facets);
            searcher_->search(query, collector);
            collector->finish();
        } else {
            searcher_->search(query, top);
        }
        TopDocsPtr hits = top->topDocs();
        std::size_t bytes = 0;
        for (const auto& hit : hits->scoreDocs) {
            DocumentPtr doc = searcher_->doc(hit->doc);
            for (const wchar_t* field : {L"id", L"title", L"abstract", L"year"}) bytes += doc->get(field).size();
            for (const auto& author : doc->getValues(L"authors")) bytes += author.size();
        }
        if (q.kind == "facets") {
            bytes += top_values(facets.years, facets.segments, facets.years.size()).size();
            for (const auto* values : {&facets.journals, &facets.authors})
                for (const auto& [value, n] : top_values(*values, facets.segments, 10))
                    bytes += value->size() + static_cast<std::size_t>(n > 0);
        }
        g_bytes_read = g_bytes_read + bytes;
        return hits->totalHits;
    }

private:
    // The word as the analyser indexed it (lower-cased, folded).
    String analysed(const std::string& word) {
        TokenStreamPtr stream = analyzer_->tokenStream(L"title", newLucene<StringReader>(wide(word)));
        TermAttributePtr text = stream->addAttribute<TermAttribute>();
        std::vector<String> tokens;
        while (stream->incrementToken()) tokens.push_back(text->term());
        if (tokens.size() != 1) throw std::runtime_error("query word '" + word + "' is not one token");
        return tokens[0];
    }

    QueryPtr any_field(const String& word) {
        BooleanQueryPtr any = newLucene<BooleanQuery>();
        for (const wchar_t* field : kFreeTextFields)
            any->add(newLucene<TermQuery>(newLucene<Term>(field, word)), BooleanClause::SHOULD);
        return any;
    }

    QueryPtr make_query(const bench::BenchQuery& q) {
        const String first = analysed(q.first), second = analysed(q.second);
        BooleanQueryPtr query = newLucene<BooleanQuery>();
        if (q.kind == "phrase") {
            for (const wchar_t* field : kFreeTextFields) {
                PhraseQueryPtr phrase = newLucene<PhraseQuery>();
                phrase->add(newLucene<Term>(field, first));
                phrase->add(newLucene<Term>(field, second));
                query->add(phrase, BooleanClause::SHOULD);
            }
        } else if (q.kind == "author") {
            query->add(newLucene<TermQuery>(newLucene<Term>(L"authors", first)), BooleanClause::MUST);
            query->add(any_field(second), BooleanClause::MUST);
        } else {
            query->add(any_field(first), BooleanClause::MUST);
            query->add(any_field(second), BooleanClause::MUST);
        }
        return query;
    }

    IndexReaderPtr reader_;
    IndexSearcherPtr searcher_;
    AnalyzerPtr analyzer_;
    std::map<IndexReader*, AuthorOrdinals> author_cache_;
};

}  // namespace

int main(int argc, char** argv) {
    try {
        const std::string mode = argc > 1 ? argv[1] : "";
        if (mode == "load" && argc == 4) return load(argv[2], argv[3]);
        if (mode == "query" && (argc == 4 || argc == 5)) {
            Engine engine(argv[2]);
            const int repeats = argc == 5 ? std::stoi(argv[4]) : 50;
            for (const auto& q : bench::read_queries(argv[3]))
                bench::time_query("lucene", q, repeats, [&](auto& bq) { return engine.run(bq); });
            return 0;
        }
        std::cerr << "usage: lucene_bench load INDEXDIR TSV | lucene_bench query INDEXDIR QUERIES [REPEATS]\n";
        return 2;
    } catch (const LuceneException& e) {
        std::cerr << "lucene_bench: " << StringUtils::toUTF8(e.getError()) << '\n';
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "lucene_bench: " << e.what() << '\n';
        return 1;
    }
}
