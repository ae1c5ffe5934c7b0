// `train --nproc N`: this program started N times over loopback, one rank
// each (RANK, WORLD_SIZE, MASTER_ADDR, MASTER_PORT, as torchrun sets them).
#pragma once

namespace ranksent::cli {

// Runs this process's own command line N times as ranks 0..N-1 and waits
// for all of them; a rank that fails stops the others. Returns the exit
// status to use: 0, or the first failing rank's.
int launch_ranks(int n);

}  // namespace ranksent::cli
