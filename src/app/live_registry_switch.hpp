#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "adapters/observability/json_logger.hpp"
#include "adapters/registry/registry_versions.hpp"
#include "driver/online_driver.hpp"
#include "ports/clock.hpp"
#include "ports/registry_switch.hpp"

namespace fsvc::app {

// `serve`'s RegistrySwitch (registry.md §4): the online driver replaces its engine by one computing
// the new registry at the next grid boundary of every symbol, warmed first by the same journal
// replay as the warm restart (raw_store_journal, over the new registry's longest lookback), and the
// switch is journaled in the raw store (parquet::append_registry_switch) before it takes effect, so
// that `rebuild` computes each version where it was live. Any failure (the store cannot be read
// back, the journal cannot be written) leaves the running engine as it was and is thrown as
// RegistrySwitchFailed, which the registry's activation turns into its rollback and 409.
class LiveRegistrySwitch final : public RegistrySwitch {
 public:
  // `engine`: the driver's configuration but for the registry; `symbols`: the configured ones.
  LiveRegistrySwitch(OnlineDriver& driver, EngineConfig engine, std::filesystem::path raw_root,
                     std::vector<std::string> symbols, const Clock& clock, const obs::JsonLogger& logger);

  void switch_to(const FeatureRegistry& registry) override;

  // Journals that the engine computes `version` from its next boundaries on without replacing it:
  // a start-up whose registry no record names yet (a fresh store, or the first start of this
  // binary), so that the journal says which version was live from the first input on.
  void record_running(const std::string& version, const std::vector<OnlineSymbolStatus>& symbols);

 private:
  OnlineDriver& driver_;
  EngineConfig engine_;
  std::filesystem::path raw_root_;
  std::vector<std::string> symbols_;
  const Clock& clock_;
  const obs::JsonLogger& logger_;
};

// The registry a warm start restores the engine with (issue 14: the one in force at the last
// durable input): the version the raw store's registry journal names last, when the metadata store
// still holds it; `active` when the journal names none (or only `active`) or cannot be used, logged.
FeatureRegistry registry_in_force(const std::filesystem::path& raw_root, const FeatureRegistry& active,
                                  registry::RegistryVersions& versions, const obs::JsonLogger& logger);

// After the warm start with `restored`: an engine restored under another version than the store's
// `active` one switches to it at its next boundaries (journaled, as an activation would); one
// already on it journals that it runs it, if the journal does not say so yet.
void run_active_registry(LiveRegistrySwitch& live, OnlineDriver& driver, const FeatureRegistry& restored,
                         const FeatureRegistry& active);

}  // namespace fsvc::app
