// Status and Result<T>: errors as values at module boundaries.
// A Status is either ok or carries a code and a human-readable message; a Result<T> holds a value or
// a non-ok Status. Both are cheap to move and safe to use from any thread (they own their data).
#pragma once

#include <optional>
#include <string>
#include <utility>

namespace nhiscan {

class Status {
 public:
  enum class Code {
    kOk, kInvalidArgument, kNotFound, kIo, kParse, kUnsupported, kInternal,
    kResourceExhausted,  // a configured resource limit (e.g. --max-memory) was reached
  };

  Status() = default;
  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string msg) { return {Code::kInvalidArgument, std::move(msg)}; }
  static Status NotFound(std::string msg) { return {Code::kNotFound, std::move(msg)}; }
  static Status Io(std::string msg) { return {Code::kIo, std::move(msg)}; }
  static Status Parse(std::string msg) { return {Code::kParse, std::move(msg)}; }
  static Status Unsupported(std::string msg) { return {Code::kUnsupported, std::move(msg)}; }
  static Status Internal(std::string msg) { return {Code::kInternal, std::move(msg)}; }
  static Status ResourceExhausted(std::string msg) {
    return {Code::kResourceExhausted, std::move(msg)};
  }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  // "message" for errors, "ok" otherwise.
  std::string ToString() const;
  // The same status with "context: " in front of the message.
  Status WithContext(const std::string& context) const;

 private:
  Status(Code code, std::string msg) : code_(code), message_(std::move(msg)) {}
  Code code_ = Code::kOk;
  std::string message_;
};

template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}           // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {}   // NOLINT: implicit by design

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& operator*() & { return *value_; }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace nhiscan

// Returns the Status of `expr` from the enclosing function when it is not ok.
#define NHISCAN_RETURN_IF_ERROR(expr)          \
  do {                                         \
    ::nhiscan::Status nhiscan_status_ = (expr); \
    if (!nhiscan_status_.ok()) return nhiscan_status_; \
  } while (0)
