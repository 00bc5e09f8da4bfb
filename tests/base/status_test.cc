#include "scanner/base/status.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace nhiscan {
namespace {

TEST(StatusTest, DefaultIsOk) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.code(), Status::Code::kOk);
  EXPECT_EQ(s.ToString(), "ok");
  EXPECT_TRUE(Status::Ok().ok());
}

TEST(StatusTest, ErrorsCarryCodeAndMessage) {
  struct Case {
    Status status;
    Status::Code code;
  };
  const Case cases[] = {
      {Status::InvalidArgument("a"), Status::Code::kInvalidArgument},
      {Status::NotFound("b"), Status::Code::kNotFound},
      {Status::Io("c"), Status::Code::kIo},
      {Status::Parse("d"), Status::Code::kParse},
      {Status::Unsupported("e"), Status::Code::kUnsupported},
      {Status::Internal("f"), Status::Code::kInternal},
  };
  for (const Case& c : cases) {
    EXPECT_FALSE(c.status.ok());
    EXPECT_EQ(c.status.code(), c.code);
    EXPECT_EQ(c.status.ToString(), c.status.message());
    EXPECT_EQ(c.status.message().size(), 1u);
  }
}

TEST(StatusTest, WithContextPrefixesErrorsOnly) {
  Status error = Status::Io("disk full").WithContext("writing report.json");
  EXPECT_EQ(error.code(), Status::Code::kIo);
  EXPECT_EQ(error.message(), "writing report.json: disk full");
  Status ok = Status::Ok().WithContext("anything");
  EXPECT_TRUE(ok.ok());
  EXPECT_EQ(ok.message(), "");
}

Status FailsAt(int step, int* reached) {
  NHISCAN_RETURN_IF_ERROR(step == 1 ? Status::NotFound("one") : Status::Ok());
  *reached = 2;
  NHISCAN_RETURN_IF_ERROR(step == 2 ? Status::Parse("two") : Status::Ok());
  *reached = 3;
  return Status::Ok();
}

TEST(StatusTest, ReturnIfErrorStopsAtFirstError) {
  int reached = 0;
  EXPECT_EQ(FailsAt(1, &reached).message(), "one");
  EXPECT_EQ(reached, 0);
  EXPECT_EQ(FailsAt(2, &reached).message(), "two");
  EXPECT_EQ(reached, 2);
  EXPECT_TRUE(FailsAt(3, &reached).ok());
  EXPECT_EQ(reached, 3);
}

Result<int> Half(int n) {
  if (n % 2) return Status::InvalidArgument("odd");
  return n / 2;
}

TEST(ResultTest, HoldsValueOrStatus) {
  Result<int> good = Half(8);
  ASSERT_TRUE(good.ok());
  EXPECT_TRUE(good.status().ok());
  EXPECT_EQ(good.value(), 4);
  EXPECT_EQ(*good, 4);

  Result<int> bad = Half(7);
  EXPECT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(bad.status().message(), "odd");
}

TEST(ResultTest, MoveOnlyValuesCanBeTakenOut) {
  Result<std::unique_ptr<std::string>> r(std::make_unique<std::string>("payload"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->get()->size(), 7u);
  std::unique_ptr<std::string> taken = std::move(r).value();
  ASSERT_NE(taken, nullptr);
  EXPECT_EQ(*taken, "payload");
}

TEST(ResultTest, ArrowReachesMembers) {
  Result<std::string> r(std::string("abc"));
  EXPECT_EQ(r->size(), 3u);
  r.value() += "d";
  EXPECT_EQ(r.value(), "abcd");
}

}  // namespace
}  // namespace nhiscan
