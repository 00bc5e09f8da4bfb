// Human-readable report: findings grouped by file, most severe first within a line, then a
// summary. Colour only when asked (the CLI decides from --color and whether stdout is a terminal).
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

class TextReporter : public Reporter {
 public:
  explicit TextReporter(const ReportOptions& options) : options_(options) {}

  void Write(const Report& report, std::ostream& out) override {
    const std::string* current_path = nullptr;
    for (const findings::Finding& f : report.findings) {
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
    out << "      fingerprint: " << f.fingerprint << '\n';
  }

  void WriteSummary(const Report& report, std::ostream& out) const {
    const findings::ScanStats& s = report.stats;
    std::map<rules::Severity, size_t, std::greater<>> by_severity;
    for (const findings::Finding& f : report.findings) ++by_severity[f.rule->severity];
    std::ostringstream line;
    line << report.findings.size() << (report.findings.size() == 1 ? " finding" : " findings");
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
