// IdSet: the git objects a history walk has already seen, in about 21 bytes per object.
//
// A sweep must remember every tree and blob it has listed, so that each is read once; on a
// history of ten million objects this set is most of the sweep's memory. It is one open-addressing
// table, sized up front from the repository's object count (a table that doubles as it fills
// needs up to twice its size, and three times while it doubles; this one doubles only when the
// count was too low), holding 16 bytes per id instead of 20.
//
// Why 16 bytes: an id is a SHA-1 digest, so two different objects share their first 126 bits (the
// last two bits of the 16 bytes hold the kind) with probability n²/2¹²⁷, about 10⁻²² for a
// hundred million objects. A pair made on purpose takes about 2⁶³ hashes, what SHAttered's full
// SHA-1 collision took; the second object of such a pair would be taken for the first and not
// scanned. We accept that: a leak is an accident, and whoever can afford 2⁶³ hashes to hide one
// from a scanner controls the repository anyway.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>

namespace nhiscan::source {

// Never 0: a key always has a kind bit set, so the all-zero key can mark a free slot.
enum class IdKind : uint8_t { kTree = 1, kBlob = 2, kCommit = 3 };

class IdSet {
 public:
  // Room for `expected` ids at three-quarters load; more still fit (the table doubles past 85%).
  // When that much memory cannot be had (a damaged count), it starts small and grows.
  explicit IdSet(size_t expected = 0);

  // `id` points at a 20-byte object id. True when (id, kind) was not in the set yet.
  bool Insert(const unsigned char* id, IdKind kind);
  bool Contains(const unsigned char* id, IdKind kind) const;

  size_t size() const { return size_; }
  size_t capacity() const { return slots_; }
  size_t bytes() const { return slots_ * sizeof(Key); }

 private:
  struct Key {
    uint64_t a, b;
    bool empty() const { return (a | b) == 0; }  // a free slot
    bool operator==(const Key& o) const { return a == o.a && b == o.b; }
  };
  struct Free {
    void operator()(Key* p) const { std::free(p); }
  };

  static Key KeyOf(const unsigned char* id, IdKind kind);
  static std::unique_ptr<Key[], Free> Allocate(size_t slots);
  size_t SlotOf(const Key& key) const;
  void Grow();

  // calloc'd: a large table comes zeroed from the kernel, not written by us.
  std::unique_ptr<Key[], Free> table_;
  size_t slots_ = 0;
  size_t size_ = 0;
};

}  // namespace nhiscan::source
