// Process-wide cancellation of a scan. The CLI's SIGINT/SIGTERM handler requests it (one
// lock-free atomic store: async-signal-safe); the pipeline and the git walk poll it between items
// and pieces, stop early, and the run is reported as interrupted (incomplete, exit 2).
// Process-wide on purpose: signals are.
#pragma once

namespace nhiscan {

void RequestCancel();     // async-signal-safe
bool CancelRequested();
void ResetCancel();       // for tests that cancel more than once in one process

}  // namespace nhiscan
