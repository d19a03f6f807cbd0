#include "support/process_memory.hpp"

#include <fstream>
#include <string>

namespace fsvc::test {

std::optional<std::uint64_t> proc_status_kib(std::string_view field) {
  std::ifstream status("/proc/self/status");
  std::string key;
  while (status >> key) {
    if (key.size() == field.size() + 1 && key.starts_with(field) && key.back() == ':') {
      std::uint64_t kib = 0;
      if (status >> kib) return kib;
      return std::nullopt;
    }
  }
  return std::nullopt;
}

std::optional<std::uint64_t> reset_peak_rss_kib() {
  std::ofstream clear("/proc/self/clear_refs");
  clear << "5";  // resets VmHWM to the current resident set
  if (!clear.flush()) return std::nullopt;
  return proc_status_kib("VmHWM");
}

}  // namespace fsvc::test
