// Human-readable report: one block per finding (rule, location, redacted line, why it matters,
// how to fix it, history provenance), suppressed findings and stale baseline entries when asked,
// then a table of findings per rule and a summary line. `quiet`: one line per finding (hooks).
// Colour only when asked (the CLI decides from --color and whether stdout is a terminal).
#include <algorithm>
#include <cctype>
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

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// Paths and values come from the scanned data: control characters are shown escaped so that a
// file name cannot move the cursor or recolour the terminal. That includes the C1 controls
// (U+0080..U+009F, e.g. CSI) and every byte that is not part of valid UTF-8, which a terminal in
// an 8-bit mode would read as C1.
std::string Printable(std::string_view s) {
  auto escape = [](unsigned char c, std::string* out) {
    char buf[8];
    std::snprintf(buf, sizeof(buf), "\\x%02x", c);
    *out += buf;
  };
  std::string out;
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (c < 0x20 || c == 0x7f) {
        escape(c, &out);
      } else {
        out.push_back(static_cast<char>(c));
      }
      ++i;
      continue;
    }
    // Length and minimum value of a UTF-8 sequence starting with c.
    const size_t length = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c < 0xE0 ? 2 : 0;
    uint32_t cp = length == 4 ? c & 0x07 : length == 3 ? c & 0x0F : c & 0x1F;
    bool valid = length != 0 && i + length <= s.size() && c < 0xF5;
    for (size_t k = 1; valid && k < length; ++k) {
      const auto cont = static_cast<unsigned char>(s[i + k]);
      valid = (cont & 0xC0) == 0x80;
      cp = (cp << 6) | (cont & 0x3F);
    }
    valid = valid && !(length == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) &&
            !(length == 4 && (cp < 0x10000 || cp > 0x10FFFF)) && !(cp >= 0x80 && cp <= 0x9F);
    if (!valid) {
      escape(c, &out);
      ++i;
      continue;
    }
    out.append(s.substr(i, length));
    i += length;
  }
  return out;
}

std::string Location(const findings::Finding& f) {
  return Printable(f.path) + ":" + std::to_string(f.line) + ":" + std::to_string(f.column);
}

std::string Padded(std::string_view s, size_t width) {
  std::string out(s);
  if (out.size() < width) out.append(width - out.size(), ' ');
  return out;
}

class TextReporter : public Reporter {
 public:
  explicit TextReporter(const ReportOptions& options) : options_(options) {}

  void Write(const Report& report, std::ostream& out) override {
    if (options_.quiet) {
      WriteQuiet(report, out);
      return;
    }
    // After validation, live findings come first (then live_unusable, then the rest), under a
    // heading, so the incidents are at the top.
    std::vector<const findings::Finding*> ordered;
    for (const findings::Finding& f : report.findings) ordered.push_back(&f);
    std::stable_sort(ordered.begin(), ordered.end(),
                     [](const findings::Finding* a, const findings::Finding* b) {
                       return LiveRank(*a) < LiveRank(*b);
                     });
    int current_rank = -1;
    for (const findings::Finding* f : ordered) {
      const int rank = LiveRank(*f);
      if (rank != current_rank && (rank < 2 || current_rank >= 0)) {
        static const char* const kHeadings[] = {"LIVE: rotate these now",
                                                "LIVE BUT UNUSABLE: accepted credentials",
                                                "Other findings"};
        out << Style(rank < 2 ? "\033[1;31m" : "\033[1m") << kHeadings[rank] << Reset() << "\n\n";
      }
      current_rank = rank;
      WriteFinding(*f, report, out);
    }
    if (options_.show_suppressed && report.suppressed && !report.suppressed->empty()) {
      WriteSuppressed(*report.suppressed, out);
    }
    if (options_.baseline_report && report.stale) WriteStale(*report.stale, out);
    WriteSummaryTable(report, out);
    WriteSummary(report, out);
  }

 private:
  std::string Style(const char* code) const { return options_.color ? code : ""; }
  std::string Reset() const { return options_.color ? "\033[0m" : ""; }

  // For hooks: one line per finding, then only errors.
  void WriteQuiet(const Report& report, std::ostream& out) const {
    for (const findings::Finding& f : report.findings) {
      out << Location(f) << ": " << rules::SeverityName(f.rule->severity) << ' ' << f.rule->id
          << ": " << f.rule->name << " (" << Printable(ShownSecret(f, options_)) << ")\n";
    }
    WriteErrors(report.stats, out);
  }

  // One block: what, where, the line, why it matters, how to fix it, and where it came from.
  void WriteFinding(const findings::Finding& f, const Report& report, std::ostream& out) const {
    const rules::Rule& rule = *f.rule;
    out << Style(SeverityColor(rule.severity)) << Upper(rules::SeverityName(rule.severity))
        << Reset() << "  " << Style("\033[1m") << rule.name << Reset() << "  " << Style("\033[2m")
        << rule.id << Reset() << '\n';
    out << "  at:          " << Location(f) << '\n';
    if (!f.excerpt_before.empty() || !f.excerpt_after.empty()) {
      std::string excerpt = ShownExcerpt(f, report, options_);
      excerpt.erase(0, excerpt.find_first_not_of(" \t"));  // indentation says nothing here
      out << "  line:        " << Printable(excerpt) << '\n';
    }
    out << (rule.kind == rules::Kind::kConfig ? "  value:       " : "  secret:      ")
        << Printable(ShownSecret(f, options_)) << '\n';
    for (const auto& [field, value] : f.context) {
      out << "  " << Padded(field + ":", 13) << Printable(ShownContext(field, value, options_))
          << '\n';
    }
    if (!rule.description.empty()) out << "  why:         " << rule.description << '\n';
    if (!rule.remediation.empty()) out << "  fix:         " << rule.remediation << '\n';
    if (!f.source.commit.empty()) {
      out << "  commit:      " << f.source.commit.substr(0, 12) << "  " << Printable(f.source.author)
          << "  " << f.source.date << '\n';
    }
    if (f.source.in_head) {
      out << "  history:     "
          << (*f.source.in_head ? "still in the tree at HEAD: remove it and rotate it"
                                : "only in history (gone from HEAD): rotate it")
          << '\n';
    }
    if (f.validation.status != "not_validated") {
      out << "  validation:  " << f.validation.status
          << (f.validation.detail.empty() ? "" : " (" + Printable(f.validation.detail) + ")") << '\n';
    }
    out << "  fingerprint: " << f.fingerprint << "\n\n";
  }

  void WriteSuppressed(const std::vector<findings::Finding>& suppressed, std::ostream& out) const {
    out << Style("\033[1m") << "Suppressed (" << suppressed.size() << ")" << Reset() << '\n';
    for (const findings::Finding& f : suppressed) {
      out << "  " << Location(f) << "  " << f.rule->id;
      if (f.suppression) {
        out << "  [" << f.suppression->kind;
        if (!f.suppression->detail.empty()) out << ": " << Printable(f.suppression->detail);
        out << ']';
        if (!f.suppression->reason.empty()) out << "  " << Printable(f.suppression->reason);
      }
      out << '\n';
    }
    out << '\n';
  }

  void WriteStale(const std::vector<findings::BaselineEntry>& stale, std::ostream& out) const {
    out << Style("\033[1m") << "Stale baseline entries (no longer found): " << stale.size()
        << Reset() << '\n';
    for (const findings::BaselineEntry& e : stale) {
      out << "  " << e.fingerprint << "  " << e.rule_id << "  " << Printable(e.path) << '\n';
    }
    out << '\n';
  }

  // Findings per rule, most severe first: where to start.
  void WriteSummaryTable(const Report& report, std::ostream& out) const {
    if (report.findings.empty()) return;
    std::map<std::pair<rules::Severity, std::string>, size_t,
             std::greater<std::pair<rules::Severity, std::string>>>
        by_rule;
    size_t width = 4;
    for (const findings::Finding& f : report.findings) {
      ++by_rule[{f.rule->severity, f.rule->id}];
      width = std::max(width, f.rule->id.size());
    }
    out << "  " << Padded("rule", width) << "  severity  findings\n";
    for (const auto& [key, n] : by_rule) {
      std::string count = std::to_string(n);
      out << "  " << Padded(key.second, width) << "  " << Padded(rules::SeverityName(key.first), 8)
          << "  " << std::string(count.size() < 8 ? 8 - count.size() : 0, ' ') << count << '\n';
    }
    out << '\n';
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
    auto suppressed = SuppressedByKind(report);
    if (!suppressed.empty()) {
      size_t total = 0;
      for (const auto& [kind, n] : suppressed) total += n;
      line << ", " << total << " suppressed (";
      bool first = true;
      for (const auto& [kind, n] : suppressed) {
        line << (first ? "" : ", ") << kind << ": " << n;
        first = false;
      }
      line << ')';
    }
    if (report.stale && !report.stale->empty()) {
      line << ", " << report.stale->size() << " stale baseline "
           << (report.stale->size() == 1 ? "entry" : "entries");
    }
    char ms[32];
    std::snprintf(ms, sizeof(ms), "%.0f ms", s.duration_ms);
    line << ", " << ms;
    out << Style(report.findings.empty() ? "\033[32m" : "\033[1m") << line.str() << Reset() << '\n';
    WriteErrors(s, out);
  }

  void WriteErrors(const findings::ScanStats& s, std::ostream& out) const {
    for (const auto& [path, message] : s.errors) {
      out << Style("\033[31m") << "error: " << Reset() << Printable(path) << ": "
          << Printable(message) << '\n';
    }
    for (const auto& [path, count] : s.summarised) {
      out << Printable(path) << ": " << count << " more finding(s) not listed "
          << "(--max-findings-per-file)\n";
    }
    for (const auto& [limit, count] : s.limits_hit) {
      out << "limit reached: " << limit << " (" << count << ")\n";
    }
    if (s.incomplete()) {
      out << Style("\033[1;31m") << "INCOMPLETE: "
          << (s.interrupted ? "interrupted before every file was scanned; " : "")
          << s.errors.size() << " path(s) could not be scanned; this result is not clean"
          << Reset() << '\n';
    }
  }

  ReportOptions options_;
};

}  // namespace

std::unique_ptr<Reporter> MakeTextReporter(const ReportOptions& options) {
  return std::make_unique<TextReporter>(options);
}

}  // namespace nhiscan::report
