#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/types/timestamp.hpp"
#include "ports/metadata_store.hpp"

namespace fsvc {

// Who changes the registry and why, for the audit trail: the X-Actor header, else the name of the
// API key (never the key), else "anonymous"; "file" for a reload, "startup" at start-up.
struct RegistryRequester {
  std::string actor;
  std::optional<std::string> reason;
};

// Why a registry request is refused. The HTTP adapter maps the kind to a status (400, 404, 409)
// and answers with the code, the message and every problem.
class RegistryRefusal : public std::runtime_error {
 public:
  enum class Kind { invalid, not_found, conflict };
  RegistryRefusal(Kind kind, std::string code, const std::string& message,
                  std::vector<std::string> problems = {})
      : std::runtime_error(message), kind_(kind), code_(std::move(code)), problems_(std::move(problems)) {}
  Kind kind() const { return kind_; }
  const std::string& code() const { return code_; }
  const std::vector<std::string>& problems() const { return problems_; }

 private:
  Kind kind_;
  std::string code_;
  std::vector<std::string> problems_;
};

struct RegistryValidationReport {
  std::optional<std::string> version;  // when the document names one
  std::vector<std::string> errors;
  std::vector<std::string> warnings;
  bool is_valid() const { return errors.empty(); }
};

struct RegistryVersionSummary {
  RegistryVersionRecord record;
  std::int64_t usage_count = 0;  // datasets that reference the version
};

// A version as stored, with the warnings its definition raised when it was loaded.
struct RegistryLoadReport {
  RegistryVersionRecord record;
  std::vector<std::string> warnings;
  bool activated = false;  // a reload activated it (it was not the active version already)
  bool live = false;       // ... and the live engine switched to it (see RegistryActivationReport)
};

struct RegistryActivationReport {
  std::string version;
  // The live engine switched (at its next grid boundary); false: the store's active version runs
  // from the next start-up (an instance without a live switch).
  bool live = false;
  std::optional<std::string> previous_version;
  std::vector<std::string> compatibility_warnings;
  std::vector<std::string> breaking_changes;
};

struct RegistryUsageReport {
  std::string version;
  bool is_active = false;
  std::int64_t datasets = 0;                  // every dataset that references the version
  std::int64_t active_datasets = 0;           // of those, queued or building
  std::int64_t feature_computations_24h = 0;  // vectors this instance computed under it, last 24 h
  bool can_delete = false;
};

struct RegistryRollbackReport {
  std::string rolled_back_from;
  std::string rolled_back_to;
  std::optional<std::string> reason;
  Timestamp at = 0;
};

// The registry endpoints of contracts.md §4 (plus create and the audit listing). Throws
// RegistryRefusal for a request it refuses and MetadataUnavailable while the database is away.
// Thread safe.
class RegistryAdmin {
 public:
  virtual ~RegistryAdmin() = default;
  virtual std::optional<RegistryVersionRecord> active_version() = 0;
  // Re-reads the registry file; an invalid file changes nothing (RegistryRefusal::invalid).
  virtual RegistryLoadReport reload(const RegistryRequester& requester) = 0;
  // Checks the registry file without activating it.
  virtual RegistryValidationReport validate_file(const RegistryRequester& requester) = 0;
  virtual std::vector<RegistryVersionSummary> versions() = 0;
  virtual std::optional<RegistryVersionRecord> version(const std::string& version) = 0;
  // A new version from a YAML or JSON document (not activated).
  virtual RegistryLoadReport create(std::string_view text, bool json, const RegistryRequester& requester) = 0;
  virtual RegistryActivationReport activate(const std::string& version, bool acknowledge_breaking_changes,
                                            const RegistryRequester& requester) = 0;
  virtual RegistryUsageReport usage(const std::string& version) = 0;
  virtual void remove(const std::string& version, const RegistryRequester& requester) = 0;
  virtual RegistryRollbackReport rollback(const RegistryRequester& requester) = 0;
  virtual std::vector<RegistryAuditEntry> audit(const RegistryAuditFilter& filter) = 0;
};

}  // namespace fsvc
