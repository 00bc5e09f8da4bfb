#include "scanner/source/id_set.h"

#include <algorithm>
#include <cstring>
#include <new>
#include <utility>

namespace nhiscan::source {

namespace {

constexpr size_t kMinSlots = 1024;

// Slots for `expected` ids at three-quarters load.
size_t SlotsFor(size_t expected) {
  return expected > SIZE_MAX / 2 ? SIZE_MAX / 2 : std::max(kMinSlots, expected / 3 * 4 + 4);
}

// `hash` mapped onto [0, n) by its high bits: a multiplication where the compiler has 128-bit
// integers (GCC and clang on 64-bit targets), a division elsewhere.
size_t Scale(uint64_t hash, size_t n) {
#ifdef __SIZEOF_INT128__
  __extension__ typedef unsigned __int128 Uint128;
  return static_cast<size_t>((static_cast<Uint128>(hash) * n) >> 64);
#else
  return static_cast<size_t>(hash % n);
#endif
}

}  // namespace

IdSet::IdSet(size_t expected) {
  slots_ = SlotsFor(expected);
  try {
    table_ = Allocate(slots_);
  } catch (const std::bad_alloc&) {
    slots_ = kMinSlots;
    table_ = Allocate(slots_);
  }
}

IdSet::Key IdSet::KeyOf(const unsigned char* id, IdKind kind) {
  unsigned char bytes[sizeof(Key)];
  std::memcpy(bytes, id, sizeof(bytes));
  bytes[sizeof(bytes) - 1] = (bytes[sizeof(bytes) - 1] & ~3) | static_cast<unsigned char>(kind);
  Key key;
  std::memcpy(&key, bytes, sizeof(key));
  return key;
}

std::unique_ptr<IdSet::Key[], IdSet::Free> IdSet::Allocate(size_t slots) {
  if (slots > SIZE_MAX / sizeof(Key)) throw std::bad_alloc();  // not even addressable
  auto* table = static_cast<Key*>(std::calloc(slots, sizeof(Key)));
  if (table == nullptr) throw std::bad_alloc();
  return std::unique_ptr<Key[], Free>(table);
}

// The slot holding `key`, or the free slot where it belongs. The id's first 64 bits are
// uniformly distributed already; Scale maps them onto any table size, not only powers of two.
size_t IdSet::SlotOf(const Key& key) const {
  size_t i = Scale(key.a, slots_);
  while (!table_[i].empty() && !(table_[i] == key)) {
    if (++i == slots_) i = 0;
  }
  return i;
}

bool IdSet::Insert(const unsigned char* id, IdKind kind) {
  const Key key = KeyOf(id, kind);
  if ((size_ + 1) * 20 > slots_ * 17) Grow();  // past 85% full
  Key& slot = table_[SlotOf(key)];
  if (!slot.empty()) return false;
  slot = key;
  ++size_;
  return true;
}

bool IdSet::Contains(const unsigned char* id, IdKind kind) const {
  return !table_[SlotOf(KeyOf(id, kind))].empty();
}

void IdSet::Grow() {
  const size_t old_slots = slots_;
  auto old = std::exchange(table_, Allocate(old_slots * 2));
  slots_ = old_slots * 2;
  for (size_t i = 0; i < old_slots; ++i) {
    if (!old[i].empty()) table_[SlotOf(old[i])] = old[i];
  }
}

}  // namespace nhiscan::source
