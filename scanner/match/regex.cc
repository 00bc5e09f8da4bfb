#include "scanner/match/regex.h"

#include <re2/re2.h>

namespace nhiscan::match {

struct Regex::Impl {
  explicit Impl(const std::string& pattern) : regex(pattern, RE2::Quiet) {}
  RE2 regex;
};

Result<Regex> Regex::Compile(const std::string& pattern) {
  auto impl = std::make_shared<const Impl>(pattern);
  if (!impl->regex.ok()) return Status::InvalidArgument(impl->regex.error());
  Regex compiled;
  compiled.impl_ = std::move(impl);
  return compiled;
}

bool Regex::PartialMatch(std::string_view text) const {
  return RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), impl_->regex);
}

const std::string& Regex::pattern() const { return impl_->regex.pattern(); }

}  // namespace nhiscan::match
