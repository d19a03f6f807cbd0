#pragma once

#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "core/registry/feature_spec.hpp"
#include "core/registry/registry_compatibility.hpp"
#include "core/registry/registry_limits.hpp"
#include "ports/clock.hpp"
#include "ports/metadata_store.hpp"
#include "ports/registry_admin.hpp"
#include "ports/registry_switch.hpp"

namespace fsvc::registry {

struct RegistryVersionsOptions {
  std::string file;  // FEATURE_REGISTRY_PATH; empty: reload and validate are refused
  RegistryLimits limits;
  RegistrySwitch* live = nullptr;  // the live engine; null: activation changes the store only
  // Vectors computed under a version in the last 24 h (usage); empty: 0.
  std::function<std::int64_t(const std::string& version)> computations;
};

// What start-up runs and what it found on the way (for the log).
struct RegistryStartup {
  FeatureRegistry registry;
  std::vector<std::string> warnings;          // of the file, and why the file was not used if it was not
  std::vector<std::string> breaking_changes;  // a changed file activated at start-up
};

// The validated registry of a stored version. Throws RegistryRefusal (INVALID_VERSION) for a
// version recorded with errors or one these limits refuse.
FeatureRegistry registry_of_record(const RegistryVersionRecord& record, const RegistryLimits& limits);

// The registry's versions, activation, rollback and audit (registry.md §4) on the metadata store,
// and the live engine's switch. Every change is serialized by one lock, so the engine's registry
// and the store's active version move together; a failed switch re-activates the version the
// engine kept (`rollback_from` names the one that failed) and is refused with SWITCH_FAILED.
class RegistryVersions final : public RegistryAdmin {
 public:
  RegistryVersions(MetadataStore& store, const Clock& clock, RegistryVersionsOptions options);

  // At start-up, before the engine exists: a valid file whose version the store does not know is
  // recorded and activated (the operator changed the file), an invalid one is recorded with its
  // errors; then the store's active version is what runs (the file's registry when the store has
  // none, the built-in 1.0.0 without either). Throws when nothing valid can run.
  RegistryStartup start(const RegistryRequester& requester);
  // The live engine, once it exists (built from start()'s registry); null detaches it.
  void attach(RegistrySwitch* live);

  std::optional<RegistryVersionRecord> active_version() override;
  RegistryLoadReport reload(const RegistryRequester& requester) override;
  RegistryValidationReport validate_file(const RegistryRequester& requester) override;
  std::vector<RegistryVersionSummary> versions() override;
  std::optional<RegistryVersionRecord> version(const std::string& version) override;
  RegistryLoadReport create(std::string_view text, bool json, const RegistryRequester& requester) override;
  RegistryActivationReport activate(const std::string& version, bool acknowledge_breaking_changes,
                                    const RegistryRequester& requester) override;
  RegistryUsageReport usage(const std::string& version) override;
  void remove(const std::string& version, const RegistryRequester& requester) override;
  RegistryRollbackReport rollback(const RegistryRequester& requester) override;
  std::vector<RegistryAuditEntry> audit(const RegistryAuditFilter& filter) override;

  // The registry the engine computes now.
  FeatureRegistry current() const;
  // A stored version's registry under this service's limits (registry_of_record).
  FeatureRegistry registry_of(const RegistryVersionRecord& record) const;

 private:
  struct Loaded;
  Loaded load_file() const;
  RegistryVersionRecord record_new(const Loaded& loaded, const RegistryRequester& requester);
  RegistryActivationReport switch_to(const FeatureRegistry& registry, const RegistryCompatibility& changes,
                                     const RegistryRequester& requester, const std::string& action,
                                     const std::optional<std::string>& rollback_from);
  void write_audit(const std::string& action, const RegistryRequester& requester,
                   std::optional<std::string> before, std::optional<std::string> after, std::string details);

  MetadataStore& store_;
  const Clock& clock_;
  RegistryVersionsOptions options_;
  mutable std::mutex mutex_;
  FeatureRegistry current_;
};

}  // namespace fsvc::registry
