#include "screening_plot.h"

#include <algorithm>
#include <cstdio>
#include <iterator>

namespace refdex {

namespace {

constexpr double kWidth = 640, kHeight = 480;
constexpr double kLeft = 70, kRight = 20, kTop = 40, kBottom = 60;
constexpr int kTicks = 5;

std::string xml_escape(const std::string& s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            default: out += c;
        }
    }
    return out;
}

// Two decimals are finer than a pixel and keep the file small.
std::string num(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", v);
    return buf;
}

struct Frame {
    double n, i;  // data ranges: records, inclusions (never 0)
    double x(double screened) const { return kLeft + screened / n * (kWidth - kLeft - kRight); }
    double y(double found) const { return kHeight - kBottom - found / i * (kHeight - kTop - kBottom); }
};

std::string text(double x, double y, const std::string& s, const char* anchor, const char* extra = "") {
    return "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\" text-anchor=\"" + anchor + "\"" + extra + ">" +
           xml_escape(s) + "</text>\n";
}

std::string line(double x1, double y1, double x2, double y2, const char* style) {
    return "<line x1=\"" + num(x1) + "\" y1=\"" + num(y1) + "\" x2=\"" + num(x2) + "\" y2=\"" + num(y2) + "\" " +
           style + "/>\n";
}

std::string axes(const Frame& f, std::size_t n, std::size_t i) {
    const double x0 = f.x(0), y0 = f.y(0);
    std::string out = line(x0, y0, f.x(f.n), y0, "stroke=\"black\"") + line(x0, y0, x0, f.y(f.i), "stroke=\"black\"");
    for (int t = 0; t <= kTicks; ++t) {
        // Whole records on the ticks: a fraction of a record means nothing.
        std::size_t sx = n * t / kTicks, sy = i * t / kTicks;
        out += line(f.x(sx), y0, f.x(sx), y0 + 5, "stroke=\"black\"");
        out += text(f.x(sx), y0 + 20, std::to_string(sx), "middle");
        out += line(x0 - 5, f.y(sy), x0, f.y(sy), "stroke=\"black\"");
        out += text(x0 - 8, f.y(sy) + 4, std::to_string(sy), "end");
    }
    out += text((f.x(0) + f.x(f.n)) / 2, kHeight - 15, "records screened", "middle");
    const double my = (f.y(0) + f.y(f.i)) / 2;
    out += text(20, my, "inclusions found", "middle", (" transform=\"rotate(-90 20 " + num(my) + ")\"").c_str());
    return out;
}

std::string legend(const Frame& f) {
    const double x = f.x(f.n) - 170, y = f.y(0) - 50;
    return line(x, y, x + 25, y, "stroke=\"#1f77b4\" stroke-width=\"2\"") + text(x + 32, y + 4, "screening order", "start") +
           line(x, y + 18, x + 25, y + 18, "stroke=\"gray\" stroke-dasharray=\"6 4\"") +
           text(x + 32, y + 22, "random order (expected)", "start");
}

}  // namespace

std::string recall_plot_svg(const std::vector<std::size_t>& found, const Priors& priors, const std::string& title) {
    const std::size_t n = found.empty() ? 0 : found.size() - 1;
    const std::size_t i = found.empty() ? 0 : found.back();
    Frame f{n == 0 ? 1.0 : static_cast<double>(n), i == 0 ? 1.0 : static_cast<double>(i)};
    std::string out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + num(kWidth) + "\" height=\"" +
                      num(kHeight) + "\" viewBox=\"0 0 " + num(kWidth) + " " + num(kHeight) +
                      "\" font-family=\"sans-serif\" font-size=\"12\">\n";
    out += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
    out += text(kWidth / 2, 24, title, "middle", " font-size=\"14\"");
    out += axes(f, n, i);
    // The expectation is piecewise linear with corners where the priors'
    // inclusions end and where the priors end, so four points draw it exactly.
    out += "<polyline fill=\"none\" stroke=\"gray\" stroke-dasharray=\"6 4\" points=\"";
    const double corners[] = {0, static_cast<double>(std::min(priors.included, i)),
                              static_cast<double>(std::min(priors.total(), n)), static_cast<double>(n)};
    for (std::size_t c = 0; c < std::size(corners); ++c) {
        if (c > 0) out += ' ';
        out += num(f.x(corners[c]));
        out += ',';
        out += num(f.y(random_order_found(n, i, priors, corners[c])));
    }
    out += "\"/>\n";
    out += "<polyline fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"2\" points=\"";
    for (std::size_t s = 0; s < found.size(); ++s) {
        if (s > 0) out += ' ';
        out += num(f.x(static_cast<double>(s))) + "," + num(f.y(static_cast<double>(found[s])));
    }
    out += "\"/>\n";
    out += legend(f);
    out += "</svg>\n";
    return out;
}

}  // namespace refdex
