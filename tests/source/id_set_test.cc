// IdSet against std::set on random ids: what was inserted is found, what was not is not, each
// kind apart, through growth and with a table sized up front; and the ids that share the 126 bits
// the set keeps.
#include "scanner/source/id_set.h"

#include <gtest/gtest.h>

#include <array>
#include <random>
#include <set>

namespace nhiscan::testing {
namespace {

using source::IdKind;
using source::IdSet;
using Id = std::array<unsigned char, 20>;

Id RandomId(std::mt19937_64& rng) {
  Id id;
  for (unsigned char& b : id) b = static_cast<unsigned char>(rng());
  return id;
}

TEST(IdSetTest, AgreesWithStdSetThroughGrowth) {
  std::mt19937_64 rng(7);
  IdSet set;  // the smallest table: grows many times
  const size_t initial_capacity = set.capacity();
  std::set<std::pair<Id, IdKind>> reference;
  std::vector<Id> ids;
  for (int i = 0; i < 200000; ++i) {
    // Half new ids, half repeats, in all three kinds.
    const Id id = (i % 2 || ids.empty()) ? RandomId(rng) : ids[rng() % ids.size()];
    ids.push_back(id);
    const IdKind kind = std::array{IdKind::kTree, IdKind::kBlob, IdKind::kCommit}[rng() % 3];
    const bool fresh = reference.emplace(id, kind).second;
    ASSERT_EQ(set.Insert(id.data(), kind), fresh) << "insert " << i;
  }
  EXPECT_EQ(set.size(), reference.size());
  EXPECT_GT(set.capacity(), initial_capacity);
  for (const Id& id : ids) {
    for (IdKind kind : {IdKind::kTree, IdKind::kBlob, IdKind::kCommit}) {
      ASSERT_EQ(set.Contains(id.data(), kind), reference.count({id, kind}) == 1);
    }
  }
  for (int i = 0; i < 100000; ++i) {
    const Id stranger = RandomId(rng);
    ASSERT_FALSE(set.Contains(stranger.data(), IdKind::kBlob));
  }
}

TEST(IdSetTest, SizedUpFrontItNeverGrowsAndTakesUnder22BytesPerId) {
  constexpr size_t kExpected = 500000;
  IdSet set(kExpected);
  const size_t capacity = set.capacity();
  EXPECT_LT(set.bytes(), kExpected * 22);
  std::mt19937_64 rng(11);
  std::vector<Id> ids;
  for (size_t i = 0; i < kExpected; ++i) {
    ids.push_back(RandomId(rng));
    ASSERT_TRUE(set.Insert(ids.back().data(), IdKind::kTree));
  }
  EXPECT_EQ(set.capacity(), capacity);
  for (const Id& id : ids) {
    ASSERT_FALSE(set.Insert(id.data(), IdKind::kTree));
    ASSERT_TRUE(set.Contains(id.data(), IdKind::kTree));
    ASSERT_FALSE(set.Contains(id.data(), IdKind::kBlob));
  }
  // Past 85% full it doubles rather than slowing to a crawl.
  for (size_t i = 0; i < kExpected / 4; ++i) {
    const Id id = RandomId(rng);
    ASSERT_TRUE(set.Insert(id.data(), IdKind::kBlob));
  }
  EXPECT_EQ(set.capacity(), 2 * capacity);
  for (const Id& id : ids) ASSERT_TRUE(set.Contains(id.data(), IdKind::kTree));
}

TEST(IdSetTest, TheAllZeroKeyIsAnIdLikeAnyOther) {
  // The free-slot marker is an all-zero key; an id whose first 16 bytes are zero is not one, as
  // its kind bits are never 0.
  IdSet set;
  Id zero{};
  Id zero_prefix{};
  zero_prefix[19] = 1;  // differs only beyond the 16 kept bytes
  EXPECT_FALSE(set.Contains(zero.data(), IdKind::kTree));
  EXPECT_TRUE(set.Insert(zero.data(), IdKind::kTree));
  EXPECT_FALSE(set.Insert(zero.data(), IdKind::kTree));
  EXPECT_TRUE(set.Contains(zero.data(), IdKind::kTree));
  EXPECT_FALSE(set.Contains(zero.data(), IdKind::kBlob));
  EXPECT_TRUE(set.Contains(zero_prefix.data(), IdKind::kTree));
  EXPECT_EQ(set.size(), 1u);  // in the table, like any other id
  EXPECT_TRUE(set.Insert(zero.data(), IdKind::kBlob));
  EXPECT_TRUE(set.Contains(zero_prefix.data(), IdKind::kBlob));
  EXPECT_FALSE(set.Insert(zero_prefix.data(), IdKind::kBlob));
}

TEST(IdSetTest, KeepsTheFirst126BitsOfAnId) {
  // What the header documents: ids that differ only in their last 34 bits are one key.
  std::mt19937_64 rng(3);
  IdSet set;
  Id id = RandomId(rng);
  ASSERT_TRUE(set.Insert(id.data(), IdKind::kBlob));
  Id tail = id;
  tail[19] ^= 0xff;
  tail[16] ^= 0x01;
  tail[15] ^= 0x03;
  EXPECT_TRUE(set.Contains(tail.data(), IdKind::kBlob));
  Id kept = id;
  kept[15] ^= 0x04;
  EXPECT_FALSE(set.Contains(kept.data(), IdKind::kBlob));
  kept = id;
  kept[0] ^= 0x80;
  EXPECT_FALSE(set.Contains(kept.data(), IdKind::kBlob));
}

}  // namespace
}  // namespace nhiscan::testing

namespace nhiscan::testing {
namespace {

// A count no memory can hold (a damaged repository's) is not fatal: the table starts small.
TEST(IdSetTest, AnImpossibleSizeStartsSmall) {
  source::IdSet set(SIZE_MAX / 4);
  EXPECT_EQ(set.capacity(), 1024u);
  std::mt19937_64 rng(5);
  for (int i = 0; i < 5000; ++i) {
    const Id id = RandomId(rng);
    ASSERT_TRUE(set.Insert(id.data(), source::IdKind::kBlob));
    ASSERT_TRUE(set.Contains(id.data(), source::IdKind::kBlob));
  }
}

}  // namespace
}  // namespace nhiscan::testing
