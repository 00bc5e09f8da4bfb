#include "scanner/source/source.h"

#include <algorithm>

namespace nhiscan::source {

void Diagnostics::Merge(const Diagnostics& other) {
  for (const auto& [reason, count] : other.skipped) skipped[reason] += count;
  errors.insert(errors.end(), other.errors.begin(), other.errors.end());
  for (const auto& [limit, count] : other.limits_hit) limits_hit[limit] += count;
}

Status Source::Enumerate(std::vector<Item>* items, Diagnostics* diagnostics) {
  Status status = Enumerate([items](Item item) { items->push_back(std::move(item)); }, diagnostics);
  std::stable_sort(items->begin(), items->end(),
                   [](const Item& a, const Item& b) { return a.path < b.path; });
  return status;
}

}  // namespace nhiscan::source
