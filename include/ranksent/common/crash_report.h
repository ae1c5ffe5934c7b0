// A crash (SIGILL, SIGSEGV, SIGBUS, SIGFPE) prints one line saying what
// happened and a short backtrace on stderr before the process dies by the
// same signal, so its parent (and the user) still sees the signal.
#pragma once

namespace ranksent {

// Installs the handlers once; later calls do nothing.
void install_crash_report();

}  // namespace ranksent
