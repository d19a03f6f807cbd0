#include "adapters/registry/registry_versions.hpp"

#include <nlohmann/json.hpp>

#include "adapters/registry/document_json.hpp"
#include "adapters/registry/registry_loader.hpp"
#include "core/registry/builtin_registry.hpp"

namespace fsvc::registry {

namespace {

using Kind = RegistryRefusal::Kind;

std::vector<std::string> lines_of(const std::vector<RegistryProblem>& problems) {
  std::vector<std::string> lines;
  for (const RegistryProblem& problem : problems) lines.push_back(problem.to_string());
  return lines;
}

// The version a document names, even when the document is invalid (to record it with its errors).
std::optional<std::string> named_version(const std::optional<DocumentNode>& document) {
  if (!document) return std::nullopt;
  const DocumentNode* version = document->find("version");
  if (version == nullptr || version->kind != DocumentNode::Kind::scalar || version->text.empty()) {
    return std::nullopt;
  }
  return version->text;
}

std::string changes_json(const RegistryCompatibility& changes) {
  return nlohmann::json{{"breaking_changes", changes.breaking_changes},
                        {"compatibility_warnings", changes.compatibility_warnings}}
      .dump();
}

std::string problems_json(const std::vector<std::string>& errors, const std::vector<std::string>& warnings) {
  return nlohmann::json{{"validation_errors", errors}, {"warnings", warnings}}.dump();
}

RegistryRefusal not_found(const std::string& version) {
  return RegistryRefusal(Kind::not_found, "VERSION_NOT_FOUND", "no registry version " + version);
}

}  // namespace

FeatureRegistry registry_of_record(const RegistryVersionRecord& record, const RegistryLimits& limits) {
  if (!record.validation_errors.empty()) {
    throw RegistryRefusal(Kind::invalid, "INVALID_VERSION",
                          "registry version " + record.version + " was recorded with errors",
                          record.validation_errors);
  }
  LoadResult result = load_text(record.config, DocumentFormat::json, limits);
  if (!result.valid()) {
    throw RegistryRefusal(Kind::invalid, "INVALID_VERSION",
                          "registry version " + record.version + " is not valid under this service's limits",
                          lines_of(result.problems.errors));
  }
  return std::move(*result.registry);
}

// A registry document read from the file or a body: the validated registry or every error.
struct RegistryVersions::Loaded {
  LoadResult result;
  std::vector<std::string> errors;
  std::vector<std::string> warnings;
  std::optional<std::string> version;
};

RegistryVersions::RegistryVersions(MetadataStore& store, const Clock& clock, RegistryVersionsOptions options)
    : store_(store), clock_(clock), options_(std::move(options)), current_(builtin_registry()) {}

RegistryVersions::Loaded RegistryVersions::load_file() const {
  if (options_.file.empty()) {
    throw RegistryRefusal(Kind::invalid, "NO_REGISTRY_FILE",
                          "no registry file is configured (FEATURE_REGISTRY_PATH) and "
                          "config/feature_registry.yaml does not exist");
  }
  Loaded loaded{registry::load_file(options_.file, options_.limits), {}, {}, {}};
  loaded.errors = lines_of(loaded.result.problems.errors);
  loaded.warnings = lines_of(loaded.result.problems.warnings);
  loaded.version = named_version(loaded.result.document);
  return loaded;
}

FeatureRegistry RegistryVersions::registry_of(const RegistryVersionRecord& record) const {
  return registry_of_record(record, options_.limits);
}

// Stores a loaded document as a new version: a valid one with its definition, an invalid one with
// its errors (so the attempt is on record). Throws VERSION_EXISTS when the version is taken.
RegistryVersionRecord RegistryVersions::record_new(const Loaded& loaded, const RegistryRequester& requester) {
  RegistryVersionRecord record;
  record.version = *loaded.version;
  if (loaded.result.document) record.config = document_to_json(*loaded.result.document);
  record.validated_at = clock_.now();
  record.loaded_at = record.validated_at;
  record.validation_errors = loaded.errors;
  record.created_by = requester.actor;
  if (!store_.create_registry_version(record)) {
    throw RegistryRefusal(Kind::conflict, "VERSION_EXISTS",
                          "registry version " + record.version + " exists already");
  }
  write_audit("create", requester, std::nullopt, record.version,
              problems_json(loaded.errors, loaded.warnings));
  return *store_.get_registry_version(record.version);
}

RegistryStartup RegistryVersions::start(const RegistryRequester& requester) {
  const std::lock_guard lock(mutex_);
  RegistryStartup startup;
  if (!options_.file.empty()) {
    const Loaded loaded = load_file();
    startup.warnings = loaded.warnings;
    const auto stored = loaded.version ? store_.get_registry_version(*loaded.version) : std::nullopt;
    if (loaded.version && !stored) record_new(loaded, requester);
    if (!loaded.result.valid()) {
      startup.warnings.push_back(options_.file + " is invalid and was not activated");
      startup.warnings.insert(startup.warnings.end(), loaded.errors.begin(), loaded.errors.end());
    } else if (stored && registry_of(*stored) != *loaded.result.registry) {
      startup.warnings.push_back(
          options_.file + " defines version " + *loaded.version +
          " differently from the stored one, which counts: give the file a new version");
    } else if (!stored || !store_.active_registry_version()) {
      const auto active = store_.active_registry_version();
      if (active) current_ = registry_of(*active);
      const FeatureRegistry& registry = *loaded.result.registry;
      startup.breaking_changes =
          switch_to(registry, compare_registries(current_, registry), requester, "activate", std::nullopt)
              .breaking_changes;
    }
  }
  if (const auto active = store_.active_registry_version()) {
    current_ = registry_of(*active);
  } else if (!options_.file.empty()) {
    std::string why;
    for (const std::string& line : startup.warnings) why += "\n  " + line;
    throw std::runtime_error(
        "feature registry " + options_.file +
        " is invalid (FEATURE_REGISTRY_PATH) and the metadata store has no active version to "
        "run instead:" +
        why);
  }
  startup.registry = current_;
  return startup;
}

void RegistryVersions::attach(RegistrySwitch* live) {
  const std::lock_guard lock(mutex_);
  options_.live = live;
}

std::optional<RegistryVersionRecord> RegistryVersions::active_version() {
  return store_.active_registry_version();
}

RegistryLoadReport RegistryVersions::reload(const RegistryRequester& requester) {
  const std::lock_guard lock(mutex_);
  const Loaded loaded = load_file();
  if (!loaded.result.valid()) {
    if (loaded.version && !store_.get_registry_version(*loaded.version)) record_new(loaded, requester);
    write_audit("reload", requester, current_.version, std::nullopt,
                problems_json(loaded.errors, loaded.warnings));
    throw RegistryRefusal(Kind::invalid, "INVALID_REGISTRY",
                          options_.file + " is invalid; version " + current_.version + " stays active",
                          loaded.errors);
  }
  const FeatureRegistry& registry = *loaded.result.registry;
  auto stored = store_.get_registry_version(registry.version);
  if (stored && registry_of(*stored) != registry) {
    throw RegistryRefusal(Kind::conflict, "VERSION_CHANGED",
                          options_.file + " defines version " + registry.version +
                              " differently from the stored one: give the file a new version");
  }
  if (!stored) record_new(loaded, requester);
  RegistryLoadReport report;
  report.warnings = loaded.warnings;
  const auto active = store_.active_registry_version();
  report.activated = !active || active->version != registry.version;
  if (report.activated) {
    report.live =
        switch_to(registry, compare_registries(current_, registry), requester, "reload", std::nullopt).live;
  }
  report.record = *store_.get_registry_version(registry.version);
  return report;
}

RegistryValidationReport RegistryVersions::validate_file(const RegistryRequester& requester) {
  const Loaded loaded = load_file();
  write_audit("validate", requester, std::nullopt, loaded.version,
              problems_json(loaded.errors, loaded.warnings));
  return {loaded.version, loaded.errors, loaded.warnings};
}

std::vector<RegistryVersionSummary> RegistryVersions::versions() {
  std::vector<RegistryVersionSummary> out;
  for (RegistryVersionRecord& record : store_.list_registry_versions()) {
    const std::int64_t datasets = store_.registry_version_usage(record.version).datasets;
    out.push_back({std::move(record), datasets});
  }
  return out;
}

std::optional<RegistryVersionRecord> RegistryVersions::version(const std::string& version) {
  return store_.get_registry_version(version);
}

RegistryLoadReport RegistryVersions::create(std::string_view text, bool json,
                                            const RegistryRequester& requester) {
  Loaded loaded{
      load_text(text, json ? DocumentFormat::json : DocumentFormat::yaml, options_.limits), {}, {}, {}};
  loaded.errors = lines_of(loaded.result.problems.errors);
  loaded.warnings = lines_of(loaded.result.problems.warnings);
  if (!loaded.result.valid()) {
    throw RegistryRefusal(Kind::invalid, "INVALID_REGISTRY",
                          "the registry has " + std::to_string(loaded.errors.size()) + " error(s)",
                          loaded.errors);
  }
  loaded.version = loaded.result.registry->version;
  const std::lock_guard lock(mutex_);
  return {record_new(loaded, requester), loaded.warnings, false};
}

RegistryActivationReport RegistryVersions::activate(const std::string& version,
                                                    bool acknowledge_breaking_changes,
                                                    const RegistryRequester& requester) {
  const std::lock_guard lock(mutex_);
  const auto record = store_.get_registry_version(version);
  if (!record) throw not_found(version);
  const FeatureRegistry registry = registry_of(*record);
  const RegistryCompatibility changes = compare_registries(current_, registry);
  if (changes.is_breaking() && !acknowledge_breaking_changes) {
    throw RegistryRefusal(Kind::conflict, "BREAKING_CHANGES",
                          "activating " + version + " breaks consumers of " + current_.version +
                              ": repeat with {\"acknowledge_breaking_changes\": true}",
                          changes.breaking_changes);
  }
  return switch_to(registry, changes, requester, "activate", std::nullopt);
}

// Store first (so a database that is away refuses before anything moves), then the engine; an
// engine that cannot switch puts the store back on the version it kept.
RegistryActivationReport RegistryVersions::switch_to(const FeatureRegistry& registry,
                                                     const RegistryCompatibility& changes,
                                                     const RegistryRequester& requester,
                                                     const std::string& action,
                                                     const std::optional<std::string>& rollback_from) {
  const std::string before = current_.version;
  const auto outcome = store_.activate_registry_version(
      registry.version, {requester.actor, requester.reason, rollback_from, changes.compatibility_warnings,
                         changes.breaking_changes});
  if (!outcome) throw not_found(registry.version);
  const bool live = options_.live != nullptr;
  if (live && registry != current_) {
    try {
      options_.live->switch_to(registry);
    } catch (const std::exception& e) {
      const std::string why =
          std::string("the live engine could not switch to ") + registry.version + ": " + e.what();
      store_.activate_registry_version(before, {requester.actor, why, registry.version, {}, {}});
      write_audit(action, requester, before, before,
                  nlohmann::json{{"failed", registry.version}, {"error", why}}.dump());
      throw RegistryRefusal(Kind::conflict, "SWITCH_FAILED", why + "; " + before + " stays active");
    }
  }
  if (live) current_ = registry;
  write_audit(action, requester, outcome->previous_version, registry.version, changes_json(changes));
  return {registry.version, live, outcome->previous_version, changes.compatibility_warnings,
          changes.breaking_changes};
}

RegistryUsageReport RegistryVersions::usage(const std::string& version) {
  const auto record = store_.get_registry_version(version);
  if (!record) throw not_found(version);
  const RegistryVersionUsage datasets = store_.registry_version_usage(version);
  RegistryUsageReport report;
  report.version = version;
  report.is_active = record->is_active;
  report.datasets = datasets.datasets;
  report.active_datasets = datasets.unfinished_datasets;
  report.feature_computations_24h = options_.computations ? options_.computations(version) : 0;
  report.can_delete = !record->is_active && datasets.datasets == 0;
  return report;
}

void RegistryVersions::remove(const std::string& version, const RegistryRequester& requester) {
  const std::lock_guard lock(mutex_);
  switch (store_.delete_registry_version(version)) {
    case RegistryDeletion::deleted:
      write_audit("delete", requester, version, std::nullopt, "{}");
      return;
    case RegistryDeletion::not_found:
      throw not_found(version);
    case RegistryDeletion::active:
      throw RegistryRefusal(Kind::invalid, "VERSION_ACTIVE",
                            "registry version " + version + " is active: activate another one first");
    case RegistryDeletion::in_use:
      throw RegistryRefusal(Kind::invalid, "VERSION_IN_USE",
                            "registry version " + version + " is referenced by datasets (see its usage)");
  }
}

RegistryRollbackReport RegistryVersions::rollback(const RegistryRequester& requester) {
  const std::lock_guard lock(mutex_);
  const auto active = store_.active_registry_version();
  if (!active || !active->previous_version) {
    throw RegistryRefusal(Kind::invalid, "NOTHING_TO_ROLL_BACK",
                          "the active version has no previous version");
  }
  const auto previous = store_.get_registry_version(*active->previous_version);
  if (!previous) {
    throw RegistryRefusal(Kind::invalid, "NOTHING_TO_ROLL_BACK",
                          "the previous version " + *active->previous_version + " no longer exists");
  }
  const FeatureRegistry registry = registry_of(*previous);
  switch_to(registry, compare_registries(current_, registry), requester, "rollback", active->version);
  return {active->version, previous->version, requester.reason, clock_.now()};
}

std::vector<RegistryAuditEntry> RegistryVersions::audit(const RegistryAuditFilter& filter) {
  return store_.list_registry_audit(filter);
}

FeatureRegistry RegistryVersions::current() const {
  const std::lock_guard lock(mutex_);
  return current_;
}

void RegistryVersions::write_audit(const std::string& action, const RegistryRequester& requester,
                                   std::optional<std::string> before, std::optional<std::string> after,
                                   std::string details) {
  RegistryAuditEntry entry;
  entry.action = action;
  entry.actor = requester.actor;
  entry.reason = requester.reason;
  entry.version_before = std::move(before);
  entry.version_after = std::move(after);
  entry.details = std::move(details);
  store_.append_registry_audit(entry);
}

}  // namespace fsvc::registry
