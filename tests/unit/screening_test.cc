// Screening: LABELS.csv parsing, the WSS/RRF measures on hand-made curves,
// the model on a tiny real index, the simulation's determinism, the SVG
// plot, and screening highlights in the output formats.
#include <catch2/catch.hpp>

#include <set>

#include <regex>
#include <sstream>

#include <nlohmann/json.hpp>

#include "document_builder.h"
#include "format.h"
#include "index_writer.h"
#include "labels.h"
#include "labels_support.h"
#include "screening_metrics.h"
#include "screening_plot.h"
#include "screening_ranking.h"
#include "screening_simulation.h"
#include "snippet.h"
#include "test_support.h"
#include "titled_records.h"

using namespace refdex;

namespace {

LabelsFile parse(const std::string& csv) { return test::parse_labels_text(csv); }
using test::row_string;

}  // namespace

TEST_CASE("labels: header variants pick the id and label columns", "[screening][labels]") {
    CHECK(row_string(parse("record_id,label_included,label_abstract_screening\n1,0,1\n2,1,1\n")) == "2:1=0 3:2=1 ");
    CHECK(row_string(parse("id,label\r\na,1\r\nb,\r\n")) == "2:a=1 3:b=- ");
    // Column order and case do not matter; label_included beats label.
    CHECK(row_string(parse("\xEF\xBB\xBF" "label,Label_Included,title,ID\n0,1,x,7\n")) == "2:7=1 ");
    // A quoted id with a comma and a quoted line break in another column.
    CHECK(row_string(parse("record_id,note,label\n\"10.1/a,b\",\"two\nlines\",1\n3,,0\n")) == "2:10.1/a,b=1 4:3=0 ");
}

TEST_CASE("labels: rows without an id or with too few columns are reported with their line and skipped", "[screening][labels]") {
    LabelsFile f = parse("record_id,label_included\n1,1\n,0\n3\n\n4,0\n");
    CHECK(row_string(f) == "2:1=1 6:4=0 ");
    REQUIRE(f.problems.size() == 2);
    CHECK(f.problems[0] == "l.csv:3: no record id");
    CHECK(f.problems[1] == "l.csv:4: expected at least 2 columns, found 1");
}

TEST_CASE("labels: a label other than 1, 0 or empty is an error naming its line and value", "[screening][labels]") {
    for (const std::string value : {"yes", "2", "0.5", "-1", "1 0", "true"}) {
        CAPTURE(value);
        CHECK_THROWS_WITH(parse("record_id,label_included\n1,1\n2," + value + "\n3,0\n"),
                          "l.csv:3: label must be 1, 0 or empty, not '" + value + "'");
    }
    CHECK_THROWS_AS(parse("id,label\n1,yes\n"), LabelsError);
    // The line the row starts on, after a quoted line break; later errors counted.
    CHECK_THROWS_WITH(parse("record_id,note,label\n1,\"a\nb\",1\n2,,no\n3,,x\n4,,0\n5,,y\n"),
                      "l.csv:4: label must be 1, 0 or empty, not 'no' (and 2 more errors)");
    // What real files hold still loads: surrounding spaces and quotes.
    CHECK(row_string(parse("id,label\n1, 1 \n2,\"0\"\n3, \"1\" \n4,\"\"\n5,  \n")) == "2:1=1 3:2=0 4:3=1 5:4=- 6:5=- ");
    // pandas writes a label column with empty cells as floats.
    CHECK(row_string(parse("id,label\n1,1.0\n2,0.0\n3,\n")) == "2:1=1 3:2=0 4:3=- ");
}

TEST_CASE("labels: one id labelled two ways is an error naming both lines", "[screening][labels]") {
    CHECK_THROWS_WITH(parse("record_id,label_included\n4,1\n5,0\n4,0\n"),
                      "l.csv:4: record '4' is labelled 0 here but 1 on line 2");
    // Ids are compared as they are looked up: case-folded, spaces trimmed.
    CHECK_THROWS_WITH(parse("id,label\nAB1,0\n ab1 ,1\n"), "l.csv:3: record 'ab1' is labelled 1 here but 0 on line 2");
    // Unlabelled on one row and labelled on another is a conflict too.
    CHECK_THROWS_WITH(parse("id,label\n7,\n7,1\n"), "l.csv:3: record '7' is labelled 1 here but unlabelled on line 2");
    CHECK_THROWS_WITH(parse("id,label\n7,1\n7,\n"), "l.csv:3: record '7' is unlabelled here but labelled 1 on line 2");
    // An exact repeat is kept once, with a warning.
    LabelsFile f = parse("id,label\n7,1\n8,0\n7,1\n8,0\n");
    CHECK(row_string(f) == "2:7=1 3:8=0 ");
    REQUIRE(f.problems.size() == 2);
    CHECK(f.problems[0] == "l.csv:4: record '7' repeats line 2 with the same label; ignored");
    CHECK(f.problems[1] == "l.csv:5: record '8' repeats line 3 with the same label; ignored");
}

TEST_CASE("labels: semicolon- and tab-separated files are read, the delimiter taken from the header", "[screening][labels]") {
    CHECK(row_string(parse("record_id;label_included;title\n1;1;Trials, a review\n2;0;\"x;y\"\n3;;z\n")) == "2:1=1 3:2=0 4:3=- ");
    CHECK(row_string(parse("\xEF\xBB\xBF" "title\trecord_id\tlabel_included\r\nA, b; c\t1\t1\r\nd\t2\t0\r\n")) == "2:1=1 3:2=0 ");
    // Delimiters inside a quoted header field do not count.
    CHECK(row_string(parse("\"a;b;c;d\",record_id,label\nx;y,1,1\n")) == "2:1=1 ");
    CHECK(row_string(parse("record_id;\"label, if any, included, or not\";label\n1;x;0\n")) == "2:1=0 ");
    // Without the columns the error says how the header was split.
    CHECK_THROWS_WITH(parse("record_id;decision\n1;1\n"), Catch::Contains("l.csv:1:") && Catch::Contains("semicolon-separated"));
    CHECK_THROWS_WITH(parse("id\tdecision\n1\t1\n"), Catch::Contains("l.csv:1:") && Catch::Contains("tab-separated"));
    CHECK_THROWS_WITH(parse("record_id label\n1 1\n"), Catch::Contains("l.csv:1:") && Catch::Contains("comma-separated"));
}

TEST_CASE("labels: a header without id or label column is refused", "[screening][labels]") {
    CHECK_THROWS_AS(parse("title,label\nx,1\n"), LabelsError);
    CHECK_THROWS_WITH(parse("record_id,decision\n1,1\n"), Catch::Contains("l.csv:1:"));
    CHECK_THROWS_AS(parse(""), LabelsError);
}

TEST_CASE("metrics: WSS and RRF on hand-made curves", "[screening][metrics]") {
    // 20 records, 4 inclusions found at positions 1, 2, 5 and 10.
    std::vector<std::size_t> found{0, 1, 2, 2, 2, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4};
    CHECK(screened_to_reach(found, 0.95) == 10);  // ceil(3.8) = 4 inclusions
    CHECK(screened_to_reach(found, 0.5) == 2);
    CHECK(wss(found, 1.0) == Approx(0.5));          // (20 - 10) / 20 - 0
    CHECK(wss(found, 0.95) == Approx(0.45));        // (20 - 10) / 20 - 0.05
    CHECK(rrf(found, 0.10) == Approx(0.5));         // 2 of 4 after 2 records
    // 15 records: 10% is 1.5 records, rounded up to 2.
    std::vector<std::size_t> small{0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2};
    CHECK(rrf(small, 0.10) == Approx(0.5));
    CHECK(wss(small, 1.0) == Approx(0.0));
    ScreeningMetrics m = screening_metrics(found);
    CHECK(m.records == 20);
    CHECK(m.included == 4);
    CHECK(m.wss95 == Approx(0.45));
    // Random order from zero (no priors): 4th of 4 inclusions expected at
    // 4 * 21 / 5 = 16.8. The baseline now takes the simulation's priors;
    // with none it is still this one (screening_baseline_test.cc covers
    // the conditioned cases).
    ScreeningMetrics r = random_order_metrics(20, 4, {0, 0});
    CHECK(r.wss100 == Approx((20 - 16.8) / 20));
    CHECK(r.rrf10 == Approx(0.1));
}

TEST_CASE("model: an obviously relevant record is ranked first on a real index", "[screening][model][glass]") {
    test::TempDir dir;
    test::write_titled_records(dir / "db", {
        {"1", "Enalapril lowers blood pressure", "A randomised trial of enalapril in hypertension."},
        {"2", "Bird migration over the Alps", "Swallows and storks cross the mountains in spring."},
        {"3", "Storks nesting in villages", "Nesting storks prefer church towers and chimneys."},
        {"4", "Captopril and enalapril in hypertension", "A randomised trial comparing two ACE inhibitors."},
        {"5", "Swallows return in spring", "Migration timing of swallows over the mountains."},
    });
    Xapian::Database db(dir / "db");
    std::istringstream csv("id,label\n1,1\n2,0\n3,0\n4,\n5,\n");
    ResolvedLabels labels = resolve_labels(db, parse_labels(csv, "t.csv"), "t.csv");
    REQUIRE(labels.labels.size() == 3);
    REQUIRE(labels.unlabelled.size() == 2);
    std::vector<Xapian::docid> docs;
    std::vector<std::pair<std::size_t, bool>> labelled;
    for (const auto& l : labels.labels) {
        labelled.emplace_back(docs.size(), l.included);
        docs.push_back(l.docid);
    }
    std::vector<std::size_t> candidates{docs.size(), docs.size() + 1};
    docs.insert(docs.end(), labels.unlabelled.begin(), labels.unlabelled.end());
    FeatureSet features = FeatureSet::from_index(db, docs);
    std::vector<RankedRow> ranked = rank_unlabelled(features, labelled, candidates);
    REQUIRE(ranked.size() == 2);
    CHECK(docs[ranked[0].row] == labels.unlabelled[0]);  // record "4", the hypertension trial
    CHECK(ranked[0].log_odds > ranked[1].log_odds);
    CHECK(probability(ranked[0].log_odds) > 0.5);
}

TEST_CASE("labels: unknown labelled ids are warned about with their line, unlabelled ones counted once",
          "[screening][labels][glass]") {
    test::TempDir dir;
    { IndexWriter writer(dir / "db", 10); }
    Xapian::Database db(dir / "db");
    std::istringstream csv("record_id,label_included\nnope,1\nnada,\nnix,\n");
    ResolvedLabels r = resolve_labels(db, parse_labels(csv, "x.csv"), "x.csv");
    CHECK(r.unknown == 3);
    CHECK(r.unknown_labelled == 1);
    CHECK(r.unknown_included == 1);
    REQUIRE(r.warnings.size() == 2);
    CHECK(r.warnings[0] == "x.csv:2: record 'nope' is not in the index");
    CHECK(r.warnings[1].rfind("x.csv: 2 unlabelled row(s) name records not in the index", 0) == 0);
}

TEST_CASE("simulation: curve shape, priors first, same seed same order", "[screening][simulation]") {
    std::vector<std::vector<std::pair<std::string, double>>> docs;
    std::vector<bool> included;
    for (int i = 0; i < 30; ++i) {
        bool inc = i % 6 == 0;
        const char* shared[] = {"wa", "wb", "wc"};  // noise words in both classes
        docs.push_back(inc ? std::vector<std::pair<std::string, double>>{{"enalapril", 2}, {"trial", 1}, {shared[i % 3], 1}}
                           : std::vector<std::pair<std::string, double>>{{"storks", 2}, {"spring", 1}, {shared[i % 3], 1}});
        included.push_back(inc);
    }
    FeatureSet f = FeatureSet::from_counts(docs);
    Simulation a = simulate(f, included, 7), b = simulate(f, included, 7);
    CHECK(a.order == b.order);
    REQUIRE(a.found.size() == 31);
    CHECK(a.found.front() == 0);
    CHECK(a.found.back() == 5);
    CHECK(included[a.order[0]]);
    CHECK_FALSE(included[a.order[1]]);
    CHECK(a.priors.included == 1);
    CHECK(a.priors.excluded == 1);
    // Separable data: every inclusion is found within the first 6 records.
    CHECK(a.found[6] == 5);
    CHECK_THROWS_AS(simulate(f, std::vector<bool>(30, false), 1), std::invalid_argument);

    // ASReview's protocol: one inclusion, then ten distinct exclusions.
    SimulationOptions ten;
    ten.prior_exclusions = 10;
    Simulation c = simulate(f, included, 7, ten);
    CHECK(c.order[0] == a.order[0]);
    CHECK(c.order[1] == a.order[1]);  // the first exclusion is drawn as with one
    std::set<std::size_t> priors(c.order.begin() + 1, c.order.begin() + 11);
    CHECK(priors.size() == 10);
    for (std::size_t row : priors) CHECK_FALSE(included[row]);
    CHECK(c.found.back() == 5);
    std::set<std::size_t> all(c.order.begin(), c.order.end());
    CHECK(all.size() == 30);  // every record screened once
    CHECK(c.priors.excluded == 10);
    // More exclusions asked than there are: all 25, and the priors say so,
    // so the random baseline starts from what was actually screened.
    SimulationOptions many;
    many.prior_exclusions = 100;
    CHECK(simulate(f, included, 7, many).priors.excluded == 25);
}

TEST_CASE("plot: a standalone SVG with one point per curve step", "[screening][plot]") {
    std::vector<std::size_t> found{0, 1, 1, 2, 2, 3};
    std::string svg = recall_plot_svg(found, {1, 1}, "a <b> & c");
    CHECK(svg.rfind("<svg", 0) == 0);
    CHECK(svg.find("</svg>") != std::string::npos);
    CHECK(svg.find("a &lt;b&gt; &amp; c") != std::string::npos);
    std::smatch m;
    // The random-order line is a polyline too now (it bends at the priors),
    // so the model's curve is picked by its colour.
    REQUIRE(std::regex_search(svg, m, std::regex("<polyline[^>]*stroke=\"#1f77b4\"[^>]*points=\"([^\"]*)\"")));
    std::istringstream points(m[1].str());
    std::size_t n = 0;
    for (std::string p; points >> p;) ++n;
    CHECK(n == found.size());
    // Random order after 1 + 1 priors on 5 records with 3 inclusions: up to
    // (1, 1), along to (2, 1), then straight to (5, 3); x = 70 + 110 s,
    // y = 420 - 380 found / 3.
    REQUIRE(std::regex_search(svg, m, std::regex("<polyline[^>]*stroke=\"gray\"[^>]*points=\"([^\"]*)\"")));
    CHECK(m[1].str() == "70.00,420.00 180.00,293.33 290.00,293.33 620.00,40.00");
    // Every element opened is closed: tags balance.
    std::size_t open = 0, selfclosed = 0, close = 0;
    for (std::size_t i = 0; i + 1 < svg.size(); ++i) {
        if (svg[i] == '<' && svg[i + 1] == '/') ++close;
        else if (svg[i] == '<') ++open;
        if (svg[i] == '/' && svg[i + 1] == '>') ++selfclosed;
    }
    CHECK(open == close + selfclosed);
}

TEST_CASE("highlights: folded words and stems, include and exclude apart", "[screening][highlight]") {
    HighlightWords inc = highlight_words({"Randomi*", "TRIAL"});
    HighlightWords exc = highlight_words({"rats mice", "*"});
    CHECK(inc.prefixes == std::vector<std::string>{"randomi"});
    CHECK(exc.words == std::vector<std::string>{"rats", "mice"});
    std::string out;
    for (const auto& p : mark_highlights("A randomised Trial in \x02rats\x03 and \x02" "dogs\x03", inc, exc))
        out.append(std::to_string(static_cast<int>(p.mark))).append("[").append(p.text).append("]");
    CHECK(out == "0[A ]2[randomised]0[ ]2[Trial]0[ in ]3[rats]0[ and ]1[dogs]");
}

TEST_CASE("highlights in text, terminal and JSON output", "[screening][highlight][format]") {
    SearchResult r;
    r.total = 1;
    Hit h;
    h.rank = 1;
    h.record.title = "Randomised trial in rats";
    h.snippet = "We \x02treated\x03 rats randomly.";
    r.hits.push_back(h);
    FormatOptions o;
    o.highlight_include = {"random*"};
    o.highlight_exclude = {"rats"};
    std::ostringstream text;
    write_results(r, OutputFormat::Text, text, o);
    CHECK_THAT(text.str(), Catch::Contains("1. [+Randomised+] trial in [-rats-]"));
    CHECK_THAT(text.str(), Catch::Contains("We treated [-rats-] [+randomly+]."));
    o.terminal = true;
    std::ostringstream term;
    write_results(r, OutputFormat::Text, term, o);
    CHECK_THAT(term.str(), Catch::Contains("\x1b[1;32mrandomly\x1b[0m"));
    CHECK_THAT(term.str(), Catch::Contains("\x1b[4;31mrats\x1b[0m"));
    std::ostringstream js;
    write_results(r, OutputFormat::Json, js, o);
    auto j = nlohmann::json::parse(js.str());
    CHECK(j["hits"][0]["title"] == "Randomised trial in rats");
    CHECK(j["hits"][0]["title_highlighted"] == "++Randomised++ trial in --rats--");
    CHECK(j["hits"][0]["snippet"] == "We **treated** --rats-- ++randomly++.");
    // Without highlights the documented keys are unchanged.
    std::ostringstream plain;
    write_results(r, OutputFormat::Json, plain, FormatOptions{});
    CHECK_FALSE(nlohmann::json::parse(plain.str())["hits"][0].contains("title_highlighted"));
}

TEST_CASE("metrics: WSS read off the runs' averaged curve, priors left out", "[screening][metrics]") {
    // Two runs over 12 records with 4 inclusions; each starts with a prior
    // inclusion and a prior exclusion. After them, run A finds its other 3
    // inclusions at screened records 3, 4 and 8, run B at 3, 10 and 12.
    std::vector<std::size_t> a{0, 1, 1, 2, 3, 3, 3, 3, 4, 4, 4, 4, 4};
    std::vector<std::size_t> b{0, 1, 1, 2, 2, 2, 2, 2, 2, 2, 3, 3, 4};
    // 10 records after the priors, 3 inclusions to find. Mean found after
    // 2 of them: (2 + 1) / 2 = 1.5, recall 0.5, read at 2/10 screened.
    CHECK(averaged_curve_wss({a, b}, 2, 0.5) == Approx(0.5 - 0.2));
    // Mean recall first reaches 0.8 after 8 records, at 2.5 / 3: the
    // overshoot counts as saved work.
    CHECK(averaged_curve_wss({a, b}, 2, 0.8) == Approx(2.5 / 3 - 0.8));
    // The mean of the runs' own WSS@80 is something else: run B needs all 12.
    CHECK((wss(a, 0.8) + wss(b, 0.8)) / 2 != Approx(2.5 / 3 - 0.8));
    CHECK(averaged_curve_wss({}, 2, 0.95) == 0);
}

TEST_CASE("features: stems join a word's forms after the stop-word filter", "[screening][model]") {
    const std::vector<std::vector<std::pair<std::string, double>>> docs = {
        {{"inhibitor", 1}, {"was", 1}, {"trial", 1}},
        {{"inhibitors", 1}, {"was", 1}, {"trials", 1}},
        {{"inhibiting", 1}, {"placebo", 1}},
    };
    FeatureOptions plain;
    plain.min_df = 1;
    FeatureOptions stemmed = plain;
    stemmed.stem = true;
    const FeatureSet words = FeatureSet::from_counts(docs, plain);
    const FeatureSet stems = FeatureSet::from_counts(docs, stemmed);
    std::set<std::string> vocabulary;
    for (std::uint32_t f = 0; f < stems.vocabulary(); ++f) vocabulary.insert(stems.word(f));
    // "inhibitor" and "inhibitors" share a stem, as do "trial" and
    // "trials"; "was" is a stop word, dropped before it could stem to "wa".
    CHECK(vocabulary == std::set<std::string>{"inhibit", "inhibitor", "placebo", "trial"});
    CHECK(words.vocabulary() == 6);
    // The first two records now share both their words: identical rows.
    CHECK(stems.row(0) == stems.row(1));
    CHECK(features_for(ModelKind::Svm).stem);
    CHECK(features_for(ModelKind::NaiveBayes).stem);
}
