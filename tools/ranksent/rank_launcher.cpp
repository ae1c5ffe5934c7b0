#include "rank_launcher.h"

#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/core.h>

#include "ranksent/common/process_status.h"

extern char** environ;

namespace ranksent::cli {

namespace {

std::vector<std::string> own_command_line() {
  std::ifstream in("/proc/self/cmdline", std::ios::binary);
  std::string all((std::istreambuf_iterator<char>(in)), {});
  std::vector<std::string> args;
  for (std::size_t start = 0; start < all.size();) {
    const auto end = all.find('\0', start);
    args.push_back(all.substr(start, end - start));
    start = end == std::string::npos ? all.size() : end + 1;
  }
  return args;
}

// A port nobody listens on now (bound to port 0, then released).
int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0)
    throw std::runtime_error(std::string("no free port for the ranks: ") + std::strerror(errno));
  const int port = ntohs(a.sin_port);
  ::close(fd);
  return port;
}

}  // namespace

int launch_ranks(int n) {
  const auto args = own_command_line();
  const int port = free_port();
  // The terminal's Ctrl-C reaches every rank (one process group): each saves
  // its state; this process only waits for them.
  ::signal(SIGINT, SIG_IGN);
  std::vector<pid_t> pids;
  for (int rank = 0; rank < n; ++rank) {
    std::vector<std::string> env;
    for (char** e = environ; *e; ++e) env.emplace_back(*e);
    env.push_back("RANK=" + std::to_string(rank));
    env.push_back("WORLD_SIZE=" + std::to_string(n));
    env.push_back("MASTER_ADDR=127.0.0.1");
    env.push_back("MASTER_PORT=" + std::to_string(port));
    std::vector<char*> argv, envp;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    for (const auto& e : env) envp.push_back(const_cast<char*>(e.c_str()));
    argv.push_back(nullptr);
    envp.push_back(nullptr);
    pid_t pid = 0;
    if (::posix_spawn(&pid, "/proc/self/exe", nullptr, nullptr, argv.data(), envp.data()) != 0)
      throw std::runtime_error(std::string("could not start rank ") + std::to_string(rank) + ": " +
                               std::strerror(errno));
    pids.push_back(pid);
  }
  int status_out = 0;
  for (std::size_t left = pids.size(); left > 0; --left) {
    int status = 0;
    const pid_t pid = ::wait(&status);
    if (pid < 0) break;
    const int code = shell_exit_code(status);
    if (code != 0 && status_out == 0) {
      status_out = code;
      for (pid_t other : pids)
        if (other != pid) ::kill(other, SIGTERM);  // the others would only wait for it
      fmt::print(stderr, "ranksent: a rank ended with {}; the others were stopped\n", describe_wait_status(status));
    }
  }
  return status_out;
}

}  // namespace ranksent::cli
