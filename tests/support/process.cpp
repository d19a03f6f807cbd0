#include "support/process.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "support/paths.hpp"

namespace fsvc::test {

namespace {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

int exit_code_of(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

// The child's environment: this process's, with `overrides` replacing or adding variables (of a
// variable overridden twice, the later value). Built before fork, because only async-signal-safe
// calls may run between fork and exec.
std::vector<std::string> child_environment(const Environment& overrides) {
  std::vector<std::string> out;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string entry(*e);
    const std::string name = entry.substr(0, entry.find('='));
    bool replaced = false;
    for (const auto& o : overrides) replaced = replaced || o.first == name;
    if (!replaced) out.push_back(entry);
  }
  for (auto o = overrides.begin(); o != overrides.end(); ++o) {
    const bool overridden_later =
        std::any_of(o + 1, overrides.end(), [&](const auto& later) { return later.first == o->first; });
    if (!overridden_later) out.push_back(o->first + "=" + o->second);
  }
  return out;
}

std::vector<char*> pointers_to(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (std::string& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

[[noreturn]] void exec_child(char* const* argv, char* const* envp, const std::filesystem::path& dir) {
  const int out = ::open((dir / "stdout").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  const int err = ::open((dir / "stderr").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  const int in = ::open("/dev/null", O_RDONLY);
  ::dup2(in, STDIN_FILENO);
  ::dup2(out, STDOUT_FILENO);
  ::dup2(err, STDERR_FILENO);
  ::execve(argv[0], argv, envp);
  ::_exit(127);
}

}  // namespace

ChildProcess::ChildProcess(const std::vector<std::string>& args, const Environment& environment)
    : dir_(make_temp_dir("fs-process-")) {
  if (args.empty()) throw std::invalid_argument("ChildProcess: no command");
  std::vector<std::string> arg_strings = args;
  std::vector<std::string> env_strings = child_environment(environment);
  const std::vector<char*> argv = pointers_to(arg_strings);
  const std::vector<char*> envp = pointers_to(env_strings);
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork failed for " + args.front());
  if (pid_ == 0) exec_child(argv.data(), envp.data(), dir_);
}

ChildProcess::~ChildProcess() {
  if (!exit_code_) {
    signal(SIGKILL);
    wait(std::chrono::seconds(10));
  }
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

void ChildProcess::signal(int sig) const {
  if (!exit_code_) ::kill(pid_, sig);
}

std::optional<int> ChildProcess::wait(std::chrono::seconds limit) {
  if (exit_code_) return exit_code_;
  const auto give_up = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < give_up) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      exit_code_ = exit_code_of(status);
      return exit_code_;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ::kill(pid_, SIGKILL);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  exit_code_ = exit_code_of(status);
  return std::nullopt;
}

std::string ChildProcess::out() const {
  return read_file(dir_ / "stdout");
}
std::string ChildProcess::err() const {
  return read_file(dir_ / "stderr");
}

std::optional<std::uint16_t> announced_http_port(const ChildProcess& serve) {
  static const std::regex serving(R"(serving http://[0-9.]+:([0-9]+))");
  std::smatch match;
  const std::string out = serve.out();
  if (!std::regex_search(out, match, serving)) return std::nullopt;
  return static_cast<std::uint16_t>(std::stoi(match[1]));
}

ProcessResult run_process(const std::vector<std::string>& args, const Environment& environment) {
  ChildProcess child(args, environment);
  const auto code = child.wait();
  return {code.value_or(-1), child.out(), child.err()};
}

}  // namespace fsvc::test
