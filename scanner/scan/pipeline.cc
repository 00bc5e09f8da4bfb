#include "scanner/scan/pipeline.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <optional>
#include <chrono>
#include <cstring>
#include <deque>
#include <tuple>
#include <thread>

#include "scanner/base/cancel.h"
#include "scanner/base/text.h"
#include "scanner/checks/project.h"
#include "scanner/findings/inline_allow.h"
#include "scanner/decode/utf16.h"
#include "scanner/scan/encoded.h"
#include "scanner/source/memory.h"

namespace nhiscan::scan {

namespace {

constexpr size_t kBinaryProbeBytes = 8000;
constexpr size_t kSmallBlob = 256 << 10;  // a thread's buffer grows to this by doubling

// Counts code points (not UTF-8 continuation bytes).
uint64_t CodePoints(std::string_view bytes) {
  uint64_t n = 0;
  for (unsigned char c : bytes) n += (c & 0xC0) != 0x80;
  return n;
}

constexpr size_t kExcerptCodePoints = 60;  // of the line on each side of the secret
constexpr size_t kDirectiveSearchBytes = 4096;  // of the line on each side, for inline allows

std::string_view WithoutCarriageReturn(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

// The last (or first) `n` code points of `text`, with "…" where it was cut.
std::string TailCodePoints(std::string_view text, size_t n) {
  size_t begin = text.size();
  for (size_t seen = 0; begin > 0 && seen < n;) {
    --begin;
    if ((static_cast<unsigned char>(text[begin]) & 0xC0) != 0x80) ++seen;
  }
  return (begin > 0 ? "…" : "") + std::string(text.substr(begin));
}
std::string HeadCodePoints(std::string_view text, size_t n) {
  size_t end = 0;
  for (size_t seen = 0; end < text.size(); ++end) {
    if ((static_cast<unsigned char>(text[end]) & 0xC0) != 0x80 && seen++ == n) break;
  }
  return std::string(text.substr(0, end)) + (end < text.size() ? "…" : "");
}

// The text of the secret's line before and after it, and the line before (what inline allows and
// excerpts need). A secret that spans lines has nothing after it on its first line.
struct LineAround {
  std::string_view before, after, previous;
};
LineAround AroundSecret(std::string_view buffer, size_t secret_begin, size_t secret_end) {
  LineAround around;
  size_t line_start = secret_begin == 0 ? std::string_view::npos : buffer.rfind('\n', secret_begin - 1);
  line_start = line_start == std::string_view::npos ? 0 : line_start + 1;
  around.before = buffer.substr(line_start, secret_begin - line_start);
  size_t newline = buffer.find('\n', secret_begin);
  if (newline == std::string_view::npos) newline = buffer.size();
  if (secret_end <= newline) {
    around.after = WithoutCarriageReturn(buffer.substr(secret_end, newline - secret_end));
  }
  if (line_start > 0) {
    size_t previous_start = line_start < 2 ? std::string_view::npos : buffer.rfind('\n', line_start - 2);
    previous_start = previous_start == std::string_view::npos ? 0 : previous_start + 1;
    around.previous =
        WithoutCarriageReturn(buffer.substr(previous_start, line_start - 1 - previous_start));
  }
  return around;
}

// Scans one blob, fed piece by piece, in windows of at most window_size + 2 * overlap bytes.
// A window owns [own_begin, own_end); it also holds `overlap` bytes on each side so that a match
// starting in the owned part is complete and has its context, and it is reported by that window
// only.
// What every blob of a run is scanned with.
struct BlobSettings {
  size_t window_size = 8 << 20;
  size_t overlap = 0;
  const rules::Rule* callback_key_rule = nullptr;  // null: callback keys are not reported
  bool collect_facts = false;                      // for the project-level checks
  // Per checks::FactMarkers() entry: its bit in the scan's marks, or -1 if the database does not
  // look for it.
  std::vector<int> fact_marker_bits;
  DecodeLimits decode;
};

class BlobScan {
 public:
  // `buffer` is the scanning thread's, reused from blob to blob so that its memory is allocated
  // (and faulted in) once per thread, not once per file.
  BlobScan(match::Scanner* scanner, const source::Item& item, const BlobSettings& settings,
           std::string* buffer)
      : scanner_(scanner), item_(item), settings_(settings),
        window_size_(std::max<size_t>(settings.window_size, 1)), overlap_(settings.overlap),
        buffer_(*buffer) {
    buffer_.clear();
  }

  // Takes at most one window's worth of a piece at a time, so the buffer never holds more than
  // window_size + 2 * overlap bytes and every window sees the same bytes (and so finds the same
  // context) however the blob is cut into pieces.
  Status Feed(std::string_view piece) {
    if (finished_) return Status::Internal("a piece after the one marked last");
    // Straight to its largest size once the blob is more than a small file: grown by doubling,
    // the buffer went through 1, 2, 4, 8 and 16 MiB blocks on the first large file, each faulted
    // in afresh (twice the page faults of a tree scan). Small blobs never pay for it.
    const size_t largest = window_size_ + 2 * overlap_;
    if (buffer_.size() + piece.size() > kSmallBlob && buffer_.capacity() < largest) {
      buffer_.reserve(largest);
    }
    while (!piece.empty()) {
      const size_t take =
          std::min(piece.size(), window_size_ + overlap_ - (buffer_.size() - owned_upto_));
      buffer_.append(piece.data(), take);
      piece.remove_prefix(take);
      if (buffer_.size() - owned_upto_ >= window_size_ + overlap_) {
        NHISCAN_RETURN_IF_ERROR(ScanWindow(buffer_, owned_upto_ + window_size_));
        DropConsumedPrefix();
      }
    }
    return Status::Ok();
  }

  // The whole blob in one piece that fits one window: scanned where it lies, with the same result
  // as Feed and Finish but without copying it into the buffer. Must run while `blob` is valid
  // (inside the reader's sink); Finish then has nothing left to do.
  bool FitsOneWindow(std::string_view blob) const {
    return buffer_.empty() && owned_upto_ == 0 && blob.size() < window_size_ + overlap_;
  }
  Status ScanWhole(std::string_view blob) {
    finished_ = true;
    return ScanLast(blob);
  }

  Status Finish() { return finished_ ? Status::Ok() : ScanLast(buffer_); }

  std::vector<findings::Finding>& findings() { return findings_; }
  checks::FileFacts& facts() { return facts_; }
  const DecodeLimitsHit& decode_limits_hit() const { return decode_hit_; }

 private:
  // The rest of the blob, from owned_upto_ to its end: `content` is the buffer, or the whole blob
  // where it lies (ScanWhole).
  Status ScanLast(std::string_view content) {
    // Structured checks parse whole files (XML, Apex): only blobs that fit in one window.
    const bool whole = line_at_start_ == 1 && owned_upto_ == 0;
    uint32_t marks = ~uint32_t{0};
    NHISCAN_RETURN_IF_ERROR(ScanWindow(content, content.size(), &marks));
    if (settings_.collect_facts && whole) {
      facts_ = checks::ExtractFileFacts(item_.path, content, FactMarkersPresent(marks));
    }
    return Status::Ok();
  }

  // The scan's marks as ExtractFileFacts's `present` bits.
  uint32_t FactMarkersPresent(uint32_t marks) const {
    uint32_t present = 0;
    for (size_t i = 0; i < settings_.fact_marker_bits.size(); ++i) {
      const int bit = settings_.fact_marker_bits[i];
      if (bit < 0 || (marks >> bit) & 1) present |= uint32_t{1} << i;
    }
    return present;
  }

  Status ScanWindow(std::string_view content, size_t own_end, uint32_t* marks = nullptr) {
    matches_.clear();
    NHISCAN_RETURN_IF_ERROR(
        scanner_->Scan(content, owned_upto_, own_end, item_.path, &matches_, marks));
    NHISCAN_RETURN_IF_ERROR(ScanEncodedRuns(*scanner_, settings_.callback_key_rule,
                                            settings_.decode, content, owned_upto_, own_end,
                                            item_.path, 0, &matches_, &decode_hit_));
    if (!matches_.empty()) {
      LineIndex lines(content, line_at_start_);
      for (const match::Match& m : matches_) findings_.push_back(ToFinding(m, lines, content));
    }
    owned_upto_ = own_end;
    return Status::Ok();
  }

  // Keeps `overlap_` bytes before the next owned byte; remembers where the kept part starts.
  void DropConsumedPrefix() {
    size_t drop = owned_upto_ > overlap_ ? owned_upto_ - overlap_ : 0;
    if (drop == 0) return;
    std::string_view dropped(buffer_.data(), drop);
    size_t last_newline = dropped.rfind('\n');
    if (last_newline == std::string_view::npos) {
      column_at_start_ += CodePoints(dropped);
    } else {
      line_at_start_ += static_cast<uint64_t>(std::count(dropped.begin(), dropped.end(), '\n'));
      column_at_start_ = CodePoints(dropped.substr(last_newline + 1));
    }
    buffer_.erase(0, drop);
    owned_upto_ -= drop;
  }

  void Position(const LineIndex& lines, size_t offset, uint64_t* line, uint64_t* column) const {
    *line = lines.LineOf(offset);
    *column = lines.ColumnOf(offset) + (*line == line_at_start_ ? column_at_start_ : 0);
  }

  findings::Finding ToFinding(const match::Match& m, const LineIndex& lines,
                              std::string_view content) const {
    findings::Finding f;
    f.rule = m.rule;
    f.path = item_.path;
    Position(lines, m.secret_begin, &f.line, &f.column);
    Position(lines, m.secret_end, &f.end_line, &f.end_column);
    f.secret = m.secret;
    f.context = m.context;
    f.fingerprint = findings::Fingerprint(m.rule->id, f.path, f.secret);
    LineAround around = AroundSecret(content, m.secret_begin, m.secret_end);
    f.excerpt_before = TailCodePoints(around.before, kExcerptCodePoints);
    f.excerpt_after = HeadCodePoints(around.after, kExcerptCodePoints);
    // The secret is cut out before looking for directives, so a secret that happens to contain
    // one cannot allow itself and a reason never repeats it.
    std::string line = std::string(around.before.substr(around.before.size() -
                                                        std::min(around.before.size(), kDirectiveSearchBytes))) +
                       " " + std::string(around.after.substr(0, kDirectiveSearchBytes));
    f.inline_allow = findings::FindInlineAllow(
        line, around.previous.substr(0, std::min(around.previous.size(), kDirectiveSearchBytes)));
    return f;
  }

  match::Scanner* scanner_;
  const source::Item& item_;
  const BlobSettings& settings_;
  size_t window_size_, overlap_;
  checks::FileFacts facts_;
  std::string& buffer_;
  bool finished_ = false;        // the last piece was scanned where it lay (ScanWhole)
  size_t owned_upto_ = 0;        // offset in buffer_ of the first byte not yet owned by a window
  uint64_t line_at_start_ = 1;   // line of buffer_[0]
  uint64_t column_at_start_ = 0; // code points before buffer_[0] on its line
  std::vector<match::Match> matches_;
  std::vector<findings::Finding> findings_;
  DecodeLimitsHit decode_hit_;
};

bool LooksBinary(std::string_view first_piece) {
  std::string_view probe = first_piece.substr(0, kBinaryProbeBytes);
  return std::memchr(probe.data(), '\0', probe.size()) != nullptr;
}

// Items travel from the listing thread to the scanning threads through this queue. It holds at
// most `capacity` items: when the scanners fall behind, the lister waits, so memory does not grow
// with the number of items (a history sweep lists millions of blobs much faster than it scans them).
// Either side is woken by batches, not for every item: woken for each, the lister and a scanner
// hand the processor to each other thousands of times a second (on a source tree, waking and
// sleeping took a sixth of the CPU; on a history of tiny blobs, more than the scanning).
// - A full queue wakes the lister once half of it has been taken.
// - Scanners that found it empty are woken by the first item listed (a pre-commit scan starts at
//   once), then once kWakeBatch items wait or listing ends; a woken scanner that leaves items
//   behind wakes another. One sleeping scanner (the poller) also looks on its own every
//   kIdleCheck, so a lister that lists slowly never leaves items unscanned for longer than that;
//   the others sleep until woken, however many threads there are.
class ItemQueue {
 public:
  explicit ItemQueue(size_t capacity) : capacity_(capacity) {}

  void Push(source::Item item) {
    std::unique_lock<std::mutex> lock(mutex_);
    room_.wait(lock, [this] { return items_.size() < capacity_ || abandoned_; });
    ++listed_;
    if (abandoned_) return;  // nobody will scan it: counted as listed, not taken
    items_.push_back(std::move(item));
    const bool wake = sleeping_ > 0 && (items_.size() >= kWakeBatch || listed_ == 1);
    lock.unlock();
    if (wake) ready_.notify_one();
  }
  void Close() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      listing_done_ = true;
    }
    ready_.notify_all();
  }
  // The scanners take no more items (the run was cancelled): the lister no longer waits for room.
  void Abandon() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      abandoned_ = true;
    }
    room_.notify_all();
  }
  // The next item and its position in listing order; nothing once listing is over and all are taken.
  std::optional<std::pair<size_t, source::Item>> Pop() {
    std::unique_lock<std::mutex> lock(mutex_);
    bool polled = false;
    while (items_.empty() && !listing_done_) {
      ++sleeping_;
      if (!poller_) {
        poller_ = polled = true;
        ready_.wait_for(lock, kIdleCheck);
        poller_ = false;
      } else {
        ready_.wait(lock);
      }
      --sleeping_;
    }
    if (items_.empty()) return std::nullopt;  // listing is over, and Close woke every sleeper
    // A scanner still asleep takes over the polling, or helps with the items left.
    const bool wake_another = sleeping_ > 0 && (polled || items_.size() > 1);
    std::pair<size_t, source::Item> next(taken_++, std::move(items_.front()));
    items_.pop_front();
    const bool half_empty = items_.size() == capacity_ / 2;
    lock.unlock();
    // Pops take one item at a time, so a full queue passes through half on its way down.
    if (half_empty) room_.notify_one();
    if (wake_another) ready_.notify_one();
    return next;
  }
  const std::atomic<size_t>& listed() const { return listed_; }
  const std::atomic<bool>& listing_done() const { return listing_done_; }
  // After the lister and the scanners have stopped.
  bool all_taken() const { return taken_ == listed_; }

 private:
  static constexpr size_t kWakeBatch = 64;
  static constexpr std::chrono::milliseconds kIdleCheck{1};

  const size_t capacity_;
  std::mutex mutex_;
  std::condition_variable ready_, room_;
  std::deque<source::Item> items_;
  size_t taken_ = 0;
  size_t sleeping_ = 0;  // scanners waiting for items
  bool poller_ = false;  // one of them looks every kIdleCheck
  std::atomic<size_t> listed_{0};
  std::atomic<bool> listing_done_{false};
  bool abandoned_ = false;
};

struct ItemOutcome {
  std::vector<findings::Finding> findings;
  checks::FileFacts facts;
  uint64_t bytes = 0;
  uint64_t summarised = 0;   // findings beyond --max-findings-per-file, not listed
  bool scanned = false;
  bool interrupted = false;  // cancelled before or while it was read
};

// An outcome worth keeping until the report, with where the item came in the listing.
struct KeptOutcome {
  size_t index;
  std::string path;
  ItemOutcome outcome;
};

// What each scanning thread adds up for the stats.
struct ThreadTotals {
  uint64_t bytes = 0;
  uint64_t blobs = 0;
};

// Items listed ahead of the scanners: enough that they never wait for the lister, few enough
// that a long history does not pile up in memory.
constexpr size_t kQueuedItems = 4096;

constexpr char kInterrupted[] = "interrupted";

// Records the decoding limits one item reached: counted, and the path named, because the text
// that was not decoded may hold a secret (the scan is incomplete).
void RecordDecodeLimits(const source::Item& item, const DecodeLimits& limits,
                        const DecodeLimitsHit& hit, source::Diagnostics* diagnostics) {
  diagnostics->LimitHit("decode_depth", hit.depth);
  diagnostics->LimitHit("decode_size", hit.size);
  if (hit.depth) {
    diagnostics->Error(item.path, "Base64 nested deeper than --max-decode-depth " +
                                      std::to_string(limits.max_depth) + " was not decoded");
  }
  if (hit.size) {
    diagnostics->Error(item.path, "Base64 text longer than --max-decode-size " +
                                      FormatSize(limits.max_size) + " was not decoded");
  }
}

// Keeps the first `max` findings of one item in position order; the rest are only counted.
void SummariseFindings(size_t max, ItemOutcome* outcome) {
  if (max == 0 || outcome->findings.size() <= max) return;
  findings::SortFindings(&outcome->findings);
  outcome->summarised = outcome->findings.size() - max;
  outcome->findings.resize(max);
}

ItemOutcome ScanItem(source::BlobReader& reader, match::Scanner& scanner,
                     const source::Item& item, const ScanOptions& options,
                     const BlobSettings& settings, std::string* buffer,
                     source::Diagnostics* diagnostics) {
  ItemOutcome outcome;
  BlobScan blob(&scanner, item, settings, buffer);
  bool first = true, binary = false;
  if (CancelRequested()) {
    outcome.interrupted = true;
    return outcome;
  }
  std::optional<decode::Utf16Decoder> utf16;  // set for UTF-16 files: scanned as UTF-8
  std::string transcoded;
  Status status = reader.Read(item, [&](std::string_view piece, bool last) -> Status {
    if (CancelRequested()) return Status::Unsupported(kInterrupted);
    if (first) {
      first = false;
      if (auto order = decode::DetectUtf16(piece)) {
        utf16.emplace(*order);
      } else if (LooksBinary(piece)) {
        binary = true;
        return Status::Unsupported("binary");
      }
    }
    outcome.bytes += piece.size();
    if (!utf16 && last && blob.FitsOneWindow(piece)) return blob.ScanWhole(piece);
    if (!utf16) return blob.Feed(piece);
    utf16->Decode(piece, &transcoded);
    return blob.Feed(transcoded);
  });
  if (binary) {
    diagnostics->Skip("binary");
    return outcome;
  }
  if (status.code() == Status::Code::kUnsupported && status.message() == kInterrupted) {
    outcome.interrupted = true;
    return outcome;
  }
  if (status.code() == Status::Code::kUnsupported) {  // the reader declined it, e.g. too large
    diagnostics->Skip(status.message());
    return outcome;
  }
  if (status.code() == Status::Code::kResourceExhausted) {  // e.g. a blob over --max-memory
    diagnostics->LimitHit("memory");
    diagnostics->Error(item.path, status.message());
    return outcome;
  }
  if (status.ok()) status = blob.Finish();
  if (!status.ok()) {
    diagnostics->Error(item.path, status.message());
    return outcome;
  }
  outcome.scanned = true;
  RecordDecodeLimits(item, settings.decode, blob.decode_limits_hit(), diagnostics);
  outcome.facts = std::move(blob.facts());
  outcome.findings = std::move(blob.findings());
  findings::ResolveWithinBlob(&outcome.findings);
  SummariseFindings(options.limits.max_findings_per_file, &outcome);
  for (findings::Finding& f : outcome.findings) {
    f.source.kind = options.provenance;
    f.source.commit = item.commit;
    if (options.provenance != "file") f.source.blob = item.locator;
  }
  return outcome;
}

// A line on stderr, redrawn a few times a second: objects done/total, MB/s, ETA.
class Progress {
 public:
  // `listed` grows while the source is still listing; `listing_done` says when it is final.
  Progress(bool enabled, const std::atomic<size_t>& listed, const std::atomic<bool>& listing_done,
           const std::atomic<size_t>& done, const std::atomic<uint64_t>& bytes)
      : listed_(listed), listing_done_(listing_done), done_(done), bytes_(bytes) {
    if (enabled) thread_ = std::thread([this] { Loop(); });
  }
  ~Progress() { Stop(); }

  void Stop() {
    if (!thread_.joinable()) return;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
    }
    wake_.notify_all();
    thread_.join();
    std::fprintf(stderr, "\r\033[K");
  }

 private:
  void Loop() {
    const auto start = std::chrono::steady_clock::now();
    std::unique_lock<std::mutex> lock(mutex_);
    while (!wake_.wait_for(lock, std::chrono::milliseconds(250), [this] { return stop_; })) {
      double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      size_t done = done_.load();
      size_t total = listed_.load();
      double mb = static_cast<double>(bytes_.load()) / 1048576.0;
      double rate = seconds > 0 ? mb / seconds : 0.0;
      if (listing_done_.load()) {
        double eta = done ? seconds * static_cast<double>(total - done) / static_cast<double>(done) : 0;
        std::fprintf(stderr, "\r\033[K%zu/%zu objects, %.0f MB, %.0f MB/s, ETA %.0f s", done, total,
                     mb, rate, eta);
      } else {
        std::fprintf(stderr, "\r\033[K%zu/%zu+ objects (still listing), %.0f MB, %.0f MB/s", done,
                     total, mb, rate);
      }
      std::fflush(stderr);
    }
  }

  const std::atomic<size_t>& listed_;
  const std::atomic<bool>& listing_done_;
  const std::atomic<size_t>& done_;
  const std::atomic<uint64_t>& bytes_;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
};

const rules::Rule* RuleForCheck(const rules::RuleSet& rules, const std::string& check) {
  for (const rules::Rule& rule : rules.rules()) {
    if (rule.check == check) return &rule;
  }
  return nullptr;
}

findings::Finding IssueFinding(const rules::Rule& rule, const checks::Issue& issue,
                               const std::string& provenance) {
  findings::Finding f;
  f.rule = &rule;
  f.path = issue.at.path;
  f.line = f.end_line = issue.at.line;
  f.column = issue.at.column;
  f.end_column = issue.at.column + CodePoints(issue.at.value);
  f.secret = issue.at.value;
  f.context = issue.context;
  f.fingerprint = findings::Fingerprint(rule.id, f.path, f.secret);
  f.source.kind = provenance;
  return f;
}

}  // namespace

Result<ScanResult> RunScan(source::Source& source, const match::Database& database,
                           const ScanOptions& options) {
  auto started = std::chrono::steady_clock::now();
  ScanResult result;
  source::Diagnostics diagnostics;
  ItemQueue queue(kQueuedItems);
  Status listed;
  // The source lists on its own thread while the scanning threads work through what it found.
  double listing_ms = 0;
  std::thread lister([&] {
    const auto listing_started = std::chrono::steady_clock::now();
    listed = source.Enumerate([&queue](source::Item item) { queue.Push(std::move(item)); },
                              &diagnostics);
    queue.Close();
    listing_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() -
                                                           listing_started).count();
  });

  const unsigned threads =
      std::max(1u, options.threads ? options.threads : std::thread::hardware_concurrency());
  std::vector<std::vector<KeptOutcome>> kept(threads);
  std::vector<source::Diagnostics> thread_diagnostics(threads);
  std::vector<ThreadTotals> totals(threads);
  std::atomic<size_t> done{0};
  std::atomic<uint64_t> bytes_done{0};
  BlobSettings settings;
  settings.window_size = options.window_size;
  settings.overlap = database.max_match_width();
  settings.callback_key_rule = RuleForCheck(database.rules(), checks::kCheckCallbackKey);
  settings.collect_facts = options.project_checks;
  for (const std::string& marker : checks::FactMarkers()) {
    const auto& markers = database.markers();
    const auto found = std::find(markers.begin(), markers.end(), marker);
    settings.fact_marker_bits.push_back(
        found == markers.end() ? -1 : static_cast<int>(found - markers.begin()));
  }
  settings.decode = options.limits.decode;
  auto worker = [&](unsigned t) {
    std::unique_ptr<source::BlobReader> reader;
    std::unique_ptr<match::Scanner> scanner;
    std::string buffer;
    while (!CancelRequested()) {
      std::optional<std::pair<size_t, source::Item>> next = queue.Pop();
      if (!next) break;
      if (!reader) {  // created on first use: a thread that gets no item costs nothing
        reader = source.NewReader();
        scanner = std::make_unique<match::Scanner>(database, options.engine);
      }
      auto& [i, item] = *next;
      ItemOutcome outcome =
          ScanItem(*reader, *scanner, item, options, settings, &buffer, &thread_diagnostics[t]);
      bytes_done += outcome.bytes;
      totals[t].bytes += outcome.bytes;
      totals[t].blobs += outcome.scanned;
      // Only what the report needs is kept: memory follows the findings, not the items.
      if (!outcome.findings.empty() || !outcome.facts.empty() || outcome.summarised ||
          outcome.interrupted) {
        kept[t].push_back({i, std::move(item.path), std::move(outcome)});
      }
      ++done;
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker, t);
  Progress progress(options.progress, queue.listed(), queue.listing_done(), done, bytes_done);
  worker(0);
  for (std::thread& thread : pool) thread.join();
  queue.Abandon();  // cancelled: the lister may be waiting for room that will not come
  lister.join();
  progress.Stop();
  NHISCAN_RETURN_IF_ERROR(listed);

  // Back in path order (then listing order), whatever the thread that scanned each item, so that
  // everything downstream is deterministic.
  std::vector<KeptOutcome> outcomes;
  for (auto& list : kept) std::move(list.begin(), list.end(), std::back_inserter(outcomes));
  std::sort(outcomes.begin(), outcomes.end(), [](const KeptOutcome& a, const KeptOutcome& b) {
    return std::tie(a.path, a.index) < std::tie(b.path, b.index);
  });

  for (const source::Diagnostics& d : thread_diagnostics) diagnostics.Merge(d);
  findings::ScanStats& stats = result.stats;
  stats.files = queue.listed();
  stats.listing_ms = listing_ms;
  // An item no scanner took was not scanned because the run was interrupted.
  if (!queue.all_taken()) stats.interrupted = true;
  for (const ThreadTotals& t : totals) {
    stats.bytes += t.bytes;
    stats.blobs += t.blobs;
  }
  for (KeptOutcome& kept_outcome : outcomes) {
    ItemOutcome& outcome = kept_outcome.outcome;
    if (outcome.interrupted) stats.interrupted = true;
    if (outcome.summarised) {
      stats.summarised[kept_outcome.path] += outcome.summarised;
      ++stats.limits_hit[findings::ScanStats::kSummarisedLimit];
    }
    std::move(outcome.findings.begin(), outcome.findings.end(),
              std::back_inserter(result.findings));
    if (!outcome.facts.empty()) result.facts.push_back(std::move(outcome.facts));
  }
  if (options.project_checks) {
    for (const checks::Issue& issue : checks::AnalyzeProject(result.facts)) {
      const rules::Rule* rule = RuleForCheck(database.rules(), issue.check);
      if (rule) result.findings.push_back(IssueFinding(*rule, issue, options.provenance));
    }
  }
  // A signal during enumeration or after the last item still means the run was cut short.
  if (CancelRequested()) stats.interrupted = true;
  stats.skipped = diagnostics.skipped;
  for (const auto& [limit, count] : diagnostics.limits_hit) stats.limits_hit[limit] += count;
  stats.errors = diagnostics.errors;
  std::sort(stats.errors.begin(), stats.errors.end());
  stats.rules = database.rules().rules().size();
  stats.rule_cache_hit = database.info().from_cache;
  stats.rule_cache_prebuilt = database.info().prebuilt;
  findings::SortFindings(&result.findings);
  stats.duration_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() -
                                                                started).count();
  return result;
}

Status ValidateStructuredChecks(const rules::RuleSet& rules) {
  const auto& known = checks::KnownChecks();
  for (const rules::Rule& rule : rules.rules()) {
    if (!rule.check.empty() && std::find(known.begin(), known.end(), rule.check) == known.end()) {
      std::string names;
      for (const std::string& name : known) names += (names.empty() ? "" : ", ") + name;
      return Status::InvalidArgument("rule '" + rule.id + "' (" + rule.origin + "): unknown check '" +
                                     rule.check + "' (known: " + names + ")");
    }
  }
  return Status::Ok();
}

Result<std::vector<findings::Finding>> ScanText(std::string_view text, std::string_view path,
                                                const match::Database& database,
                                                match::Engine engine, size_t window_size) {
  source::MemorySource source({{std::string(path), std::string(text)}});
  ScanOptions options;
  options.threads = 1;
  options.engine = engine;
  options.window_size = window_size;
  auto result = RunScan(source, database, options);
  if (!result.ok()) return result.status();
  if (!result->stats.errors.empty()) {
    return Status::Io(result->stats.errors.front().first + ": " + result->stats.errors.front().second);
  }
  return std::move(result->findings);
}

}  // namespace nhiscan::scan
