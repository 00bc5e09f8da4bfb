// Micro-benchmarks of the engine's hot parts, with Google Benchmark:
// - match::Database::Build: compiling the rule set (no cache, or an empty cache folder, which
//   also writes the cache file) against loading it from a warm cache — the pre-commit startup cost;
// - match::Scanner::Scan throughput on an 8 MiB window of generated source text (the default
//   window size) with no, one, a few and many planted secrets; the same bytes as 4 KiB files; the
//   RE2-only reference engine on 1 MiB; scan::ScanText (windows, line index, findings);
// - the per-match filters (ShannonEntropy, LooksLikePlaceholder, LooksLowInformation), Base64
//   decoding, the Base64 pass over every window (FindBase64Text, ScanEncodedRuns) and LineIndex
//   construction;
// - FilesystemSource::Enumerate on a real folder, when NHISCAN_BENCH_CORPUS names one.
//
// Rules: the built-in pack, plus bench/rules/ when the built-in pack is empty; NHISCAN_BENCH_RULES
// (a rule file or folder) replaces that choice with built-in + the given path.
#include <benchmark/benchmark.h>
#include <stdlib.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "scanner/base/file_io.h"
#include "scanner/base/text.h"
#include "scanner/checks/facts.h"
#include "scanner/checks/metadata.h"
#include "scanner/checks/project.h"
#include "scanner/decode/base64.h"
#include "scanner/match/database.h"
#include "scanner/match/filters.h"
#include "scanner/match/prebuilt_database.h"
#include "scanner/match/scanner.h"
#include "scanner/rules/loader.h"
#include "scanner/scan/encoded.h"
#include "scanner/scan/pipeline.h"
#include "scanner/source/filesystem.h"
#include "scanner/source/git_index.h"

namespace nhiscan {
namespace {

constexpr size_t kMiB = 1 << 20;
constexpr char kAlnum[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
constexpr char kHexUpper[] = "0123456789ABCDEF";
constexpr char kHexLower[] = "0123456789abcdef";

[[noreturn]] void Die(const std::string& message) {
  std::fprintf(stderr, "nhiscan_micro_bench: %s\n", message.c_str());
  std::exit(2);
}

const rules::RuleSet& Rules() {
  static const rules::RuleSet* set = [] {
    auto* s = new rules::RuleSet();
    Status status = rules::LoadBuiltinRules(s);
    if (!status.ok()) Die(status.message());
    const char* env = std::getenv("NHISCAN_BENCH_RULES");
    std::string extra = env && *env ? env : (s->rules().empty() ? NHISCAN_BENCH_RULES_DIR : "");
    if (!extra.empty()) {
      status = rules::LoadRulePath(extra, s);
      if (!status.ok()) Die(status.message());
    }
    std::fprintf(stderr, "rules: %zu (%s)\n", s->rules().size(),
                 extra.empty() ? "built-in" : ("built-in + " + extra).c_str());
    return s;
  }();
  return *set;
}

// The CLI's options (the project checks' markers included), without the embedded image: these
// benchmarks measure the compile and the cache.
std::unique_ptr<match::Database> BuildOrDie(const std::string& cache_dir) {
  auto db = match::Database::Build(Rules(), match::BuiltinDatabaseOptions(cache_dir, {}));
  if (!db.ok()) Die(db.status().message());
  return std::move(db).value();
}

const match::Database& SharedDatabase() {
  static std::unique_ptr<match::Database> db = BuildOrDie("");
  return *db;
}

// The input a benchmark reads from the environment variable `name`; null when unset or empty.
const char* BenchInput(const char* name) {
  const char* value = std::getenv(name);
  return value && *value ? value : nullptr;
}

// The first `limit` bytes of the file NHISCAN_BENCH_TEXT; an error when it is unset or unreadable.
Result<std::string> BenchText(size_t limit) {
  const char* path = BenchInput("NHISCAN_BENCH_TEXT");
  if (!path) return Status::NotFound("NHISCAN_BENCH_TEXT is not set");
  Result<std::string> text = ReadWholeFile(path);
  if (text.ok()) text->resize(std::min(text->size(), limit));
  return text;
}

// Ends a benchmark that cannot run (its input is missing…): reported as skipped, with its empty
// loop run, as Google Benchmark requires.
void SkipBenchmark(benchmark::State& state, const char* why) {
  state.SkipWithError(why);
  for (auto _ : state) {
  }
}

std::string MakeTempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "nhiscan-bench-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) Die("mkdtemp failed");
  return pattern;
}

class Gen {
 public:
  explicit Gen(uint32_t seed) : rng_(seed) {}
  std::string Chars(size_t n, const char* alphabet, size_t alphabet_size) {
    std::string s(n, ' ');
    for (char& c : s) c = alphabet[rng_() % alphabet_size];
    return s;
  }
  std::string Alnum(size_t n) { return Chars(n, kAlnum, sizeof(kAlnum) - 1); }
  std::string HexLower(size_t n) { return Chars(n, kHexLower, 16); }
  std::string HexUpper(size_t n) { return Chars(n, kHexUpper, 16); }
  const char* Word() {
    static const char* kWords[] = {"account", "billing", "client", "config", "customer", "data",
                                   "event", "handler", "invoice", "order", "payment", "request",
                                   "service", "session", "status", "user", "value", "worker"};
    return kWords[rng_() % (sizeof(kWords) / sizeof(kWords[0]))];
  }
  uint32_t Next() { return rng_(); }

 private:
  std::mt19937 rng_;
};

// Source-like text without secrets: code, config, hashes, UUIDs, Base64 — the bytes a scanner
// spends its time on. Deterministic.
std::string SourceText(size_t size, uint32_t seed) {
  Gen g(seed);
  std::string text;
  text.reserve(size + 256);
  while (text.size() < size) {
    switch (g.Next() % 8) {
      case 0:
        text += std::string("    public ") + g.Word() + " get" + g.Word() + "(String " + g.Word() +
                ") { return repository.find(" + g.Word() + ", " + std::to_string(g.Next() % 500) +
                "); }\n";
        break;
      case 1:
        text += std::string("  \"integrity\": \"sha512-") + g.Alnum(86) + "==\",\n";
        break;
      case 2:
        text += std::string("        log.debug(\"") + g.Word() + " " + g.Word() + " id={}\", \"" +
                g.HexLower(8) + "-" + g.HexLower(4) + "-4" + g.HexLower(3) + "-a" +
                g.HexLower(3) + "-" + g.HexLower(12) + "\");\n";
        break;
      case 3:
        text += std::string(g.Word()) + "." + g.Word() + ".url=https://" + g.Word() + "." +
                g.Word() + "corp.io/api/v2/" + g.Word() + "\n";
        break;
      case 4:
        text += std::string("    private static final String ") + g.Word() + "_CHECKSUM = \"" +
                g.HexLower(64) + "\";\n";
        break;
      case 5:
        text += "# " + std::string(g.Word()) + " " + g.Word() + " " + g.Word() + " " + g.Word() +
                " " + g.Word() + " " + g.Word() + " " + g.Word() + "\n";
        break;
      case 6:
        text += "2026-11-02T09:14:07Z INFO request method=GET path=/api/" + std::string(g.Word()) +
                "/" + std::to_string(g.Next() % 99999) + " status=200 duration_ms=" +
                std::to_string(g.Next() % 3000) + "\n";
        break;
      default:
        text += "      image: registry.acme.io/" + std::string(g.Word()) + "@sha256:" +
                g.HexLower(64) + "\n";
        break;
    }
  }
  return text;
}

// Synthetic credentials of the shapes the Salesforce/OneSpan rules look for (none is real).
std::string PlantedLine(Gen& g) {
  const std::string sf = std::string(kAlnum) + "._";
  switch (g.Next() % 4) {
    case 0:
      return "SF_CLIENT_SECRET=" + g.HexUpper(64) + "\n";
    case 1:
      return "    refresh_token: \"5Aep861" + g.Chars(80, sf.c_str(), sf.size()) + "\"\n";
    case 2:
      return "      SFDX_AUTH_URL: force://PlatformCLI::5Aep861" + g.Chars(80, sf.c_str(), sf.size()) +
             "@acme-billing.my.salesforce.com\n";
    default:
      return "SF_CLIENT_ID=3MVG9" + g.Chars(80, sf.c_str(), sf.size()) + "\n";
  }
}

// `size` bytes of source text with `count` planted secrets spread evenly over it, at line starts.
std::string CorpusBuffer(size_t size, int64_t planted) {
  std::string text = SourceText(size, 42);
  if (planted <= 0) return text;
  Gen g(7);
  const size_t count = static_cast<size_t>(planted);
  std::string out;
  out.reserve(text.size() + count * 128);
  size_t pos = 0;
  for (size_t i = 1; i <= count; ++i) {
    size_t target = text.size() * i / (count + 1);
    size_t line_start = text.find('\n', target);
    if (line_start == std::string::npos) break;
    ++line_start;
    out.append(text, pos, line_start - pos);
    out += PlantedLine(g);
    pos = line_start;
  }
  out.append(text, pos, std::string::npos);
  return out;
}

// --- database -------------------------------------------------------------------------------------

void BM_DatabaseBuild_NoCache(benchmark::State& state) {
  Rules();
  for (auto _ : state) benchmark::DoNotOptimize(BuildOrDie(""));
}
BENCHMARK(BM_DatabaseBuild_NoCache)->Unit(benchmark::kMillisecond);

// What a cold start pays: compile, then write the cache file.
void BM_DatabaseBuild_EmptyCacheDir(benchmark::State& state) {
  Rules();
  const std::string dir = MakeTempDir();
  for (auto _ : state) {
    state.PauseTiming();
    std::filesystem::remove_all(dir);
    state.ResumeTiming();
    auto db = BuildOrDie(dir);
    if (db->info().from_cache) state.SkipWithError("unexpected cache hit");
    benchmark::DoNotOptimize(db);
  }
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_DatabaseBuild_EmptyCacheDir)->Unit(benchmark::kMillisecond);

// What a warm start pays: read, verify and deserialize the cached database.
void BM_DatabaseBuild_WarmCache(benchmark::State& state) {
  Rules();
  const std::string dir = MakeTempDir();
  BuildOrDie(dir);
  for (auto _ : state) {
    auto db = BuildOrDie(dir);
    if (!db->info().from_cache) state.SkipWithError("cache miss");
    benchmark::DoNotOptimize(db);
  }
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_DatabaseBuild_WarmCache)->Unit(benchmark::kMillisecond);

void BM_LoadBuiltinRules(benchmark::State& state) {
  for (auto _ : state) {
    rules::RuleSet set;
    Status status = rules::LoadBuiltinRules(&set);
    if (!status.ok()) state.SkipWithError(status.message().c_str());
    benchmark::DoNotOptimize(set);
  }
}
BENCHMARK(BM_LoadBuiltinRules)->Unit(benchmark::kMicrosecond);

// --- scanning -------------------------------------------------------------------------------------

// One Scanner::Scan of the whole of `text` an iteration, as one window of a file at
// src/main/app.properties; counts the bytes and the matches of the last scan.
void ScanWholeText(benchmark::State& state, const match::Database& db, const std::string& text,
                   match::Engine engine = match::Engine::kHyperscan) {
  match::Scanner scanner(db, engine);
  std::vector<match::Match> out;
  for (auto _ : state) {
    out.clear();
    Status status = scanner.Scan(text, 0, text.size(), "src/main/app.properties", &out);
    if (!status.ok()) state.SkipWithError(status.message().c_str());
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
  state.counters["matches"] = static_cast<double>(out.size());
}

// One 8 MiB window (the pipeline's default) scanned by one Scanner; Arg = planted secrets in it.
void BM_ScannerScan(benchmark::State& state) {
  ScanWholeText(state, SharedDatabase(), CorpusBuffer(8 * kMiB, state.range(0)));
}
BENCHMARK(BM_ScannerScan)->Arg(0)->Arg(1)->Arg(32)->Arg(512)->Unit(benchmark::kMillisecond);

// Many small files: 2 MiB as 4 KiB windows, one Scan call each (per-call overhead); Arg = planted
// secrets in the 2 MiB.
void BM_ScannerScanSmallFiles(benchmark::State& state) {
  const match::Database& db = SharedDatabase();
  const std::string text = CorpusBuffer(2 * kMiB, state.range(0));
  const size_t file_size = 4096;
  match::Scanner scanner(db);
  std::vector<match::Match> out;
  for (auto _ : state) {
    out.clear();
    for (size_t pos = 0; pos < text.size(); pos += file_size) {
      std::string_view file(text.data() + pos, std::min(file_size, text.size() - pos));
      Status status = scanner.Scan(file, 0, file.size(), "src/main/app.properties", &out);
      if (!status.ok()) state.SkipWithError(status.message().c_str());
    }
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_ScannerScanSmallFiles)->Arg(0)->Arg(8)->Unit(benchmark::kMillisecond);

// The reference engine (every rule's RE2 over the whole window) that `rules check` compares with;
// 1 MiB, Arg = planted secrets in it.
void BM_ScannerScanRe2Only(benchmark::State& state) {
  ScanWholeText(state, SharedDatabase(), CorpusBuffer(kMiB, state.range(0)),
                match::Engine::kRe2Only);
}
BENCHMARK(BM_ScannerScanRe2Only)->Arg(0)->Arg(4)->Unit(benchmark::kMillisecond);

// The whole per-blob path: windows, Scanner, line/column, findings, fingerprints; 8 MiB, Arg =
// planted secrets in it.
void BM_ScanText(benchmark::State& state) {
  const match::Database& db = SharedDatabase();
  const std::string text = CorpusBuffer(8 * kMiB, state.range(0));
  size_t findings = 0;
  for (auto _ : state) {
    auto result = scan::ScanText(text, "src/main/app.properties", db, match::Engine::kHyperscan);
    if (!result.ok()) state.SkipWithError(result.status().message().c_str());
    findings = result->size();
    benchmark::DoNotOptimize(result);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
  state.counters["findings"] = static_cast<double>(findings);
}
BENCHMARK(BM_ScanText)->Arg(0)->Arg(1)->Arg(32)->Unit(benchmark::kMillisecond);

// What each rule costs on its own: one database per rule (and every extractor), the
// same Scanner::Scan over 8 MiB of text, best first by cost when sorted, and the size of that
// database (db_KiB). Text: the first 8 MiB of
// NHISCAN_BENCH_TEXT if set (real code shows which keywords fire), else the generated corpus.
// Registered by main() as BM_RuleCost/<rule id>; run with --benchmark_filter=RuleCost. Hyperscan
// shares one literal matcher among all patterns, so the costs do not add up to the whole
// database's, but a rule whose literals fire all over code stands out.
const std::string& RuleCostText() {
  static const std::string text = [] {
    if (!BenchInput("NHISCAN_BENCH_TEXT")) return CorpusBuffer(8 * kMiB, 0);
    Result<std::string> read = BenchText(8 * kMiB);
    if (!read.ok()) Die(read.status().message());
    return std::move(*read);
  }();
  return text;
}

// A database of one rule; it points into its rule set, so the two live together.
struct RuleAlone {
  rules::RuleSet rules;
  std::unique_ptr<match::Database> database;  // null when the rule does not compile alone
};

std::unique_ptr<RuleAlone> CompileRuleAlone(const rules::Rule& rule) {
  auto alone = std::make_unique<RuleAlone>();
  alone->rules.Add({rule}, Rules().extractors());
  auto db = match::Database::Build(alone->rules, match::DatabaseOptions{});
  if (db.ok()) alone->database = std::move(db).value();
  return alone;
}

void RuleCost(benchmark::State& state, const rules::Rule* rule) {
  const std::unique_ptr<RuleAlone> alone = CompileRuleAlone(*rule);
  const std::unique_ptr<match::Database>& db = alone->database;
  if (!db) return SkipBenchmark(state, "the rule does not compile alone");
  ScanWholeText(state, *db, RuleCostText());
  // What the rule adds to the database that every start checksums (Hyperscan's CRC-32C in
  // hs_alloc_scratch) and every scan walks.
  state.counters["db_KiB"] = static_cast<double>(db->Image().size()) / 1024;
}

void RegisterRuleCosts() {
  for (const rules::Rule& rule : Rules().rules()) {
    benchmark::RegisterBenchmark(("BM_RuleCost/" + rule.id).c_str(), RuleCost, &rule)
        ->Unit(benchmark::kMillisecond);
  }
}

// --- filters and decoding -------------------------------------------------------------------------

std::vector<std::string> RandomValues(size_t length, size_t count, uint32_t seed) {
  Gen g(seed);
  std::vector<std::string> values;
  for (size_t i = 0; i < count; ++i) values.push_back(g.Alnum(length));
  return values;
}

void BM_ShannonEntropy(benchmark::State& state) {
  const auto values = RandomValues(static_cast<size_t>(state.range(0)), 64, 1);
  size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(ShannonEntropy(values[i++ % values.size()]));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * state.range(0)));
}
BENCHMARK(BM_ShannonEntropy)->Arg(16)->Arg(64)->Arg(256);

void BM_LooksLikePlaceholder(benchmark::State& state) {
  const auto values = RandomValues(static_cast<size_t>(state.range(0)), 64, 2);
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(match::LooksLikePlaceholder(values[i++ % values.size()]));
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * state.range(0)));
}
BENCHMARK(BM_LooksLikePlaceholder)->Arg(16)->Arg(64)->Arg(256);

void BM_LooksLikePlaceholder_Hit(benchmark::State& state) {
  const std::string value = "your_consumer_secret_here";
  for (auto _ : state) benchmark::DoNotOptimize(match::LooksLikePlaceholder(value));
}
BENCHMARK(BM_LooksLikePlaceholder_Hit);

void BM_LooksLowInformation(benchmark::State& state) {
  const auto values = RandomValues(static_cast<size_t>(state.range(0)), 64, 3);
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(match::LooksLowInformation(values[i++ % values.size()]));
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * state.range(0)));
}
BENCHMARK(BM_LooksLowInformation)->Arg(16)->Arg(64)->Arg(256);

void BM_DecodeBase64(benchmark::State& state) {
  Gen g(4);
  // Valid Base64 text of the requested length (a multiple of 4).
  const size_t length = static_cast<size_t>(state.range(0)) / 4 * 4;
  const std::string text = g.Alnum(length);
  for (auto _ : state) {
    auto decoded = decode::DecodeBase64(text);
    if (!decoded) state.SkipWithError("not Base64");
    benchmark::DoNotOptimize(decoded);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * length));
}
BENCHMARK(BM_DecodeBase64)->Arg(64)->Arg(256)->Arg(64 << 10);

// The Base64 pass that runs over every window (scan/encoded.cc): finding Base64-looking runs and
// decoding them, on source text with the usual Base64 noise (integrity hashes, identifiers).
void FindBase64TextIn(benchmark::State& state, const std::string& text) {
  size_t runs = 0;
  for (auto _ : state) {
    auto found = decode::FindBase64Text(text, 0, text.size());
    runs = found.size();
    benchmark::DoNotOptimize(found);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
  state.counters["text_runs"] = static_cast<double>(runs);
}
void BM_FindBase64Text(benchmark::State& state) {
  FindBase64TextIn(state, SourceText(8 * kMiB, 6));
}
BENCHMARK(BM_FindBase64Text)->Unit(benchmark::kMillisecond);

// The same pass on real text: the first 32 MiB of the file NHISCAN_BENCH_TEXT (for example the C
// files of a kernel source tree, concatenated), where identifiers make Base64-like runs common.
void BM_FindBase64Text_File(benchmark::State& state) {
  Result<std::string> text = BenchText(32 * kMiB);
  if (!text.ok()) return SkipBenchmark(state, "set NHISCAN_BENCH_TEXT to a readable text file");
  FindBase64TextIn(state, *text);
}
BENCHMARK(BM_FindBase64Text_File)->Unit(benchmark::kMillisecond);

// The same pass plus the re-scan of every decoded run, as the pipeline calls it per window.
void BM_ScanEncodedRuns(benchmark::State& state) {
  const match::Database& db = SharedDatabase();
  const std::string text = SourceText(8 * kMiB, 6);
  match::Scanner scanner(db);
  std::vector<match::Match> out;
  for (auto _ : state) {
    out.clear();
    scan::DecodeLimitsHit hit;
    Status status = scan::ScanEncodedRuns(scanner, nullptr, scan::DecodeLimits{}, text, 0,
                                          text.size(), "src/main/app.properties", 0, &out, &hit);
    if (!status.ok()) state.SkipWithError(status.message().c_str());
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_ScanEncodedRuns)->Unit(benchmark::kMillisecond);

// Built for every window that has a match (and for context rules): one pass over the window.
void BM_LineIndex(benchmark::State& state) {
  const std::string text = SourceText(8 * kMiB, 5);
  for (auto _ : state) {
    LineIndex index(text);
    benchmark::DoNotOptimize(index.LineOf(text.size() / 2));
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_LineIndex)->Unit(benchmark::kMillisecond);

// --- structured checks ----------------------------------------------------------------------------

// A Connected App's metadata as Salesforce DX writes it; `i` makes each app distinct. The consumer
// key and secret are synthetic.
std::string ConnectedAppXml(size_t i) {
  Gen g(static_cast<uint32_t>(i + 1));
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<ConnectedApp xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n"
         "    <contactEmail>integrations@acme.example</contactEmail>\n"
         "    <label>App " + std::to_string(i) + "</label>\n"
         "    <oauthConfig>\n"
         "        <callbackUrl>https://acme.my.salesforce.com/services/apexrest/onespan/cb" +
         std::to_string(i) + "</callbackUrl>\n"
         "        <consumerKey>3MVG9" + g.Alnum(80) + "</consumerKey>\n"
         "        <consumerSecret>" + g.HexUpper(64) + "</consumerSecret>\n"
         "        <isAdminApproved>true</isAdminApproved>\n"
         "        <isClientCredentialEnabled>true</isClientCredentialEnabled>\n"
         "        <scopes>Api</scopes>\n"
         "        <scopes>RefreshToken</scopes>\n"
         "    </oauthConfig>\n"
         "    <oauthPolicy>\n"
         "        <ipRelaxation>ENFORCE</ipRelaxation>\n"
         "        <refreshTokenPolicy>infinite</refreshTokenPolicy>\n"
         "    </oauthPolicy>\n"
         "</ConnectedApp>\n";
}

// One Connected App metadata file through the XML check's parser (pugixml), as the project checks
// read every *.connectedApp-meta.xml.
void BM_ParseAppMetadata(benchmark::State& state) {
  const std::string xml = ConnectedAppXml(0);
  const std::string path = "force-app/main/default/connectedApps/A.connectedApp-meta.xml";
  for (auto _ : state) {
    auto app = checks::ParseAppMetadata(path, xml);
    if (!app) state.SkipWithError("the metadata did not parse");
    benchmark::DoNotOptimize(app);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * xml.size()));
}
BENCHMARK(BM_ParseAppMetadata)->Unit(benchmark::kMicrosecond);

// What every file pays for the project checks: ExtractFileFacts on 8 MiB of source that is not
// Salesforce metadata, with the markers as the Hyperscan pass reports them (Arg 1: both literals
// present, so both searches run; Arg 0: neither, so none does).
void BM_ExtractFileFacts_Source(benchmark::State& state) {
  const std::string text = CorpusBuffer(8 * kMiB, 0);
  const uint32_t present = state.range(0) ? ~uint32_t{0} : 0;
  for (auto _ : state) {
    auto facts = checks::ExtractFileFacts("src/main/App.java", text, present);
    benchmark::DoNotOptimize(facts);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_ExtractFileFacts_Source)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

// The project-level analysis over the facts of Arg Connected Apps (each with a callback and
// client-credentials flow with refresh scopes), as a Salesforce DX project of that size gives it.
void BM_AnalyzeProject(benchmark::State& state) {
  std::vector<checks::FileFacts> files;
  for (int64_t i = 0; i < state.range(0); ++i) {
    const std::string path = "force-app/main/default/connectedApps/App" + std::to_string(i) +
                             ".connectedApp-meta.xml";
    files.push_back(checks::ExtractFileFacts(path, ConnectedAppXml(static_cast<size_t>(i))));
  }
  size_t issues = 0;
  for (auto _ : state) {
    auto found = checks::AnalyzeProject(files);
    issues = found.size();
    benchmark::DoNotOptimize(found);
  }
  state.counters["issues"] = static_cast<double>(issues);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * state.range(0)));
}
BENCHMARK(BM_AnalyzeProject)->Arg(10)->Arg(1000)->Unit(benchmark::kMicrosecond);

// --- enumeration ----------------------------------------------------------------------------------

void BM_FilesystemEnumerate(benchmark::State& state) {
  const char* corpus = BenchInput("NHISCAN_BENCH_CORPUS");
  if (!corpus) {
    return SkipBenchmark(state, "set NHISCAN_BENCH_CORPUS to a folder (e.g. a bench/out corpus)");
  }
  size_t items_count = 0;
  for (auto _ : state) {
    source::FilesystemSource source({{corpus}, {}, 0});
    std::vector<source::Item> items;
    source::Diagnostics diagnostics;
    Status status = source.Enumerate(&items, &diagnostics);
    if (!status.ok()) state.SkipWithError(status.message().c_str());
    items_count = items.size();
  }
  state.counters["files"] = static_cast<double>(items_count);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * items_count));
}
BENCHMARK(BM_FilesystemEnumerate)->Unit(benchmark::kMillisecond);

// Reading and parsing a git index, as `nhiscan staged` does before it lists anything: the file
// NHISCAN_BENCH_INDEX (for example .git/index of a large repository).
void BM_GitIndexRead(benchmark::State& state) {
  const char* path = BenchInput("NHISCAN_BENCH_INDEX");
  if (!path) return SkipBenchmark(state, "set NHISCAN_BENCH_INDEX to a git index file");
  size_t entries = 0;
  for (auto _ : state) {
    Result<source::GitIndex> index = source::GitIndex::Read(path);
    if (!index.ok()) state.SkipWithError(index.status().message().c_str());
    entries = index.ok() ? index->size() : 0;
  }
  state.counters["entries"] = static_cast<double>(entries);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * entries));
}
BENCHMARK(BM_GitIndexRead)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace nhiscan

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  nhiscan::RegisterRuleCosts();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
