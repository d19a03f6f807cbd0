#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace fsvc::test {

using Environment = std::vector<std::pair<std::string, std::string>>;

struct ProcessResult {
  int exit_code = -1;  // 128 + signal when killed by one
  std::string out;
  std::string err;
};

// A child process with stdout/stderr captured to files in its own temporary directory and
// `environment` added to this process's environment (a variable given twice: the later value). Never waits
// unboundedly: wait() gives up (killing the child) after `limit`, so a hung binary fails the test instead of
// hanging it.
class ChildProcess {
 public:
  ChildProcess(const std::vector<std::string>& args, const Environment& environment = {});
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  void signal(int sig) const;
  // The exit code, or nullopt if it was still running after `limit` (it is then killed).
  std::optional<int> wait(std::chrono::seconds limit = std::chrono::seconds(120));
  std::string out() const;
  std::string err() const;

 private:
  pid_t pid_ = -1;
  std::optional<int> exit_code_;
  std::filesystem::path dir_;
};

// The port from `serve`'s start-up line "feature-service: serving http://127.0.0.1:PORT ...", once
// it has been printed.
std::optional<std::uint16_t> announced_http_port(const ChildProcess& serve);

// Runs the command to completion (bounded as above).
ProcessResult run_process(const std::vector<std::string>& args, const Environment& environment = {});

}  // namespace fsvc::test
