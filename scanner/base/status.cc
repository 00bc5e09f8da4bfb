#include "scanner/base/status.h"

namespace nhiscan {

std::string Status::ToString() const { return ok() ? "ok" : message_; }

Status Status::WithContext(const std::string& context) const {
  if (ok()) return *this;
  return Status(code_, context + ": " + message_);
}

}  // namespace nhiscan
