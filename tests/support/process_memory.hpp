#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace fsvc::test {

// A kB field of /proc/self/status ("VmHWM", "RssAnon", ...); nullopt where /proc cannot say.
std::optional<std::uint64_t> proc_status_kib(std::string_view field);

// Resets the process's peak resident set (VmHWM) to the current one and returns it; nullopt where
// the kernel does not allow it.
std::optional<std::uint64_t> reset_peak_rss_kib();

}  // namespace fsvc::test
