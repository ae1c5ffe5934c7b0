// What this build of the program is: set by CMakeLists.txt from the project
// version and scripts/pins.env.
#pragma once

#ifndef RANKSENT_LLAMA_COMMIT
#define RANKSENT_LLAMA_COMMIT "unknown"
#endif
#ifndef RANKSENT_VERSION
#define RANKSENT_VERSION "unknown"
#endif
