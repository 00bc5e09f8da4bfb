// Where blobs come from. A Source lists the items to scan on one thread, handing each over as soon
// as it is known so that scanning overlaps listing (a history walk costs as much as reading the
// blobs it finds), and hands each scanning thread its own BlobReader, which streams an item's
// bytes in order. Two kinds exist: the
// filesystem walk (filesystem.h) and git (history and the staged index).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "scanner/base/status.h"

namespace nhiscan::source {

struct Item {
  std::string path;      // as reported: relative to the scanned folder or the repository root
  std::string locator;   // how the reader finds it: a filesystem path, an object id…
  uint64_t size = 0;     // bytes, when known before reading
  std::string commit;    // git: the commit that introduced this content at `path`
};

// What enumeration and reading could not do. Skips are expected (binaries, size limits, excludes)
// and only counted; errors mean less was scanned than asked and make the scan incomplete.
struct Diagnostics {
  std::map<std::string, uint64_t> skipped;  // reason -> count
  std::vector<std::pair<std::string, std::string>> errors;  // (path, message)
  std::map<std::string, uint64_t> limits_hit;  // resource limit -> times reached (stats.h)

  void Skip(const std::string& reason) { ++skipped[reason]; }
  void LimitHit(const std::string& limit, uint64_t times = 1) {
    if (times) limits_hit[limit] += times;
  }
  void Error(std::string path, std::string message) {
    errors.emplace_back(std::move(path), std::move(message));
  }
  void Merge(const Diagnostics& other);
};

// Receives each listed item; called on the enumerating thread only.
using ItemSink = std::function<void(Item item)>;

// Receives successive pieces of an item's bytes; a non-ok status stops the read. `last` is true
// for the piece that ends the item (a reader that cannot tell passes false throughout). A piece's
// bytes are valid only during the call: a blob that arrives whole in one last piece can be
// scanned where it lies, without a copy.
using PieceSink = std::function<Status(std::string_view piece, bool last)>;

class BlobReader {
 public:
  virtual ~BlobReader() = default;
  // Streams the whole item to `sink` in order. Not thread-safe: one reader per thread.
  virtual Status Read(const Item& item, const PieceSink& sink) = 0;
};

class Source {
 public:
  virtual ~Source() = default;
  // Lists the items to scan, each once, in an order of the source's choosing. Skips and errors go
  // to `diagnostics`.
  virtual Status Enumerate(const ItemSink& sink, Diagnostics* diagnostics) = 0;
  // The same, collected and sorted by path.
  Status Enumerate(std::vector<Item>* items, Diagnostics* diagnostics);
  // A reader for one scanning thread. Thread-safe.
  virtual std::unique_ptr<BlobReader> NewReader() const = 0;
};

}  // namespace nhiscan::source
