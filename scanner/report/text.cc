// Human-readable report: findings grouped by file, most severe first within a line, then a
// summary. After validation, live findings come first (then live_unusable, then the rest), each
// with its verdict, so the incidents are at the top. Colour only when asked (the CLI decides from --color and whether stdout is a terminal).
#include <algorithm>
#include <cstdio>
#include <map>
#include <sstream>

#include "scanner/base/text.h"
#include "scanner/report/formats.h"

namespace nhiscan::report {

namespace {

const char* SeverityColor(rules::Severity s) {
  switch (s) {
    case rules::Severity::kCritical: return "\033[1;31m";
    case rules::Severity::kHigh: return "\033[31m";
    case rules::Severity::kMedium: return "\033[33m";
    case rules::Severity::kLow: return "\033[36m";
    default: return "\033[2m";
  }
}

// Paths and values come from the scanned data: control characters are shown escaped so that a
// file name cannot move the cursor or recolour the terminal.
std::string Printable(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof(buf), "\\x%02x", c);
      out += buf;
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

class TextReporter : public Reporter {
 public:
  explicit TextReporter(const ReportOptions& options) : options_(options) {}

  void Write(const Report& report, std::ostream& out) override {
    std::vector<const findings::Finding*> ordered;
    for (const findings::Finding& f : report.findings) ordered.push_back(&f);
    std::stable_sort(ordered.begin(), ordered.end(), [](const findings::Finding* a, const findings::Finding* b) {
      return LiveRank(*a) < LiveRank(*b);
    });
    const std::string* current_path = nullptr;
    int current_rank = -1;
    for (const findings::Finding* finding : ordered) {
      const findings::Finding& f = *finding;
      if (LiveRank(f) != current_rank && LiveRank(f) < 2) {
        if (current_path) out << '\n';
        out << Style("\033[1;31m") << (LiveRank(f) == 0 ? "LIVE: rotate these now" : "LIVE BUT UNUSABLE: accepted credentials")
            << Reset() << "\n\n";
        current_path = nullptr;
      } else if (LiveRank(f) != current_rank && current_rank >= 0) {
        out << '\n' << Style("\033[1m") << "Other findings" << Reset() << "\n\n";
        current_path = nullptr;
      }
      current_rank = LiveRank(f);
      if (!current_path || *current_path != f.path) {
        if (current_path) out << '\n';
        out << Style("\033[1m") << Printable(f.path) << Reset() << '\n';
        current_path = &f.path;
      }
      WriteFinding(f, out);
    }
    if (!report.findings.empty()) out << '\n';
    WriteSummary(report, out);
  }

 private:
  std::string Style(const char* code) const { return options_.color ? code : ""; }
  std::string Reset() const { return options_.color ? "\033[0m" : ""; }

  void WriteFinding(const findings::Finding& f, std::ostream& out) const {
    const rules::Rule& rule = *f.rule;
    out << "  " << f.line << ':' << f.column << "  " << Style(SeverityColor(rule.severity))
        << rules::SeverityName(rule.severity) << Reset() << "  " << rule.name << "  "
        << Style("\033[2m") << rule.id << Reset() << '\n';
    out << (rule.kind == rules::Kind::kConfig ? "      value: " : "      secret: ")
        << Printable(ShownSecret(f, options_)) << '\n';
    for (const auto& [field, value] : f.context) {
      out << "      " << field << ": " << Printable(ShownContext(field, value, options_)) << '\n';
    }
    if (!f.source.commit.empty()) {
      out << "      commit: " << f.source.commit.substr(0, 12) << "  " << Printable(f.source.author)
          << "  " << f.source.date << '\n';
    }
    if (f.source.in_head) {
      out << "      " << (*f.source.in_head ? "still in the tree at HEAD: remove it and rotate it"
                                           : "only in history: rotate it")
          << '\n';
    }
    if (f.validation.status != "not_validated" || !f.validation.detail.empty()) {
      out << "      validation: " << Style(f.validation.status == "live" ? "\033[1;31m" : "\033[1m")
          << f.validation.status << Reset();
      if (!f.validation.detail.empty()) out << " (" << Printable(f.validation.detail) << ')';
      out << '\n';
    }
    out << "      fingerprint: " << f.fingerprint << '\n';
  }

  // 0 live, 1 live_unusable, 2 anything else: the order of the text report.
  static int LiveRank(const findings::Finding& f) {
    if (f.validation.status == "live") return 0;
    if (f.validation.status == "live_unusable") return 1;
    return 2;
  }

  void WriteSummary(const Report& report, std::ostream& out) const {
    const findings::ScanStats& s = report.stats;
    std::map<rules::Severity, size_t, std::greater<>> by_severity;
    for (const findings::Finding& f : report.findings) ++by_severity[f.rule->severity];
    std::ostringstream line;
    line << report.findings.size() << (report.findings.size() == 1 ? " finding" : " findings");
    std::map<std::string, size_t> by_validation;
    for (const findings::Finding& f : report.findings) {
      if (f.validation.status != "not_validated") ++by_validation[f.validation.status];
    }
    for (const auto& [status, n] : by_validation) line << ", " << n << ' ' << status;
    if (!by_severity.empty()) {
      line << " (";
      bool first = true;
      for (const auto& [severity, n] : by_severity) {
        line << (first ? "" : ", ") << n << ' ' << rules::SeverityName(severity);
        first = false;
      }
      line << ')';
    }
    line << " in " << s.files << (s.files == 1 ? " file" : " files") << " ("
         << FormatSize(s.bytes) << ')';
    uint64_t skipped = 0;
    for (const auto& [reason, n] : s.skipped) skipped += n;
    if (skipped) {
      line << ", " << skipped << " skipped (";
      bool first = true;
      for (const auto& [reason, n] : s.skipped) {
        line << (first ? "" : ", ") << reason << ": " << n;
        first = false;
      }
      line << ')';
    }
    char ms[32];
    std::snprintf(ms, sizeof(ms), "%.0f ms", s.duration_ms);
    line << ", " << ms;
    out << Style(report.findings.empty() ? "\033[32m" : "\033[1m") << line.str() << Reset() << '\n';
    for (const auto& [path, message] : s.errors) {
      out << Style("\033[31m") << "error: " << Reset() << Printable(path) << ": "
          << Printable(message) << '\n';
    }
    if (s.incomplete()) {
      out << Style("\033[1;31m") << "INCOMPLETE: " << s.errors.size()
          << " path(s) could not be scanned; this result is not clean" << Reset() << '\n';
    }
  }

  ReportOptions options_;
};

}  // namespace

std::unique_ptr<Reporter> MakeTextReporter(const ReportOptions& options) {
  return std::make_unique<TextReporter>(options);
}

}  // namespace nhiscan::report
