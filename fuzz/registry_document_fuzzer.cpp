// libFuzzer target: any bytes as a Feature Registry document, as FEATURE_REGISTRY_PATH (YAML) or a
// registry API body (JSON) would bring it. Loading answers with a registry or with problems; an
// exception escaping it, or unbounded memory, is a finding. The first byte picks the format.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "adapters/registry/registry_loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto format =
      (data[0] & 1U) != 0 ? fsvc::registry::DocumentFormat::json : fsvc::registry::DocumentFormat::yaml;
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  fsvc::registry::load_text(text, format, fsvc::RegistryLimits{});
  return 0;
}
