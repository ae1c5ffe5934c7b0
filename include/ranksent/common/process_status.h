// How a child process ended, said in words a user can act on: a stage killed
// by SIGILL reads "killed by signal 4 (SIGILL, illegal instruction)", not
// "exit 1" (a crash in a CPU kernel and a bad option are different problems).
#pragma once
#include <string>

namespace ranksent {

// "SIGILL, illegal instruction" for 4; "signal 77" for a number with no name.
std::string signal_description(int signal);

// A wait status (waitpid's) in words: "exit 0", "exit 2",
// "killed by signal 11 (SIGSEGV, segmentation fault)".
std::string describe_wait_status(int wait_status);

// The shell's convention: the exit code, or 128 + the signal's number.
int shell_exit_code(int wait_status);

}  // namespace ranksent
