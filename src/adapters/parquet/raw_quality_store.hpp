#pragma once

#include <filesystem>

#include "adapters/parquet/quality_rollups.hpp"
#include "ports/quality_store.hpp"

namespace fsvc::parquet {

// The raw store under `raw_root` as data-quality reports read it: its minute rollups
// (QualityRollups), its inventory of days, and its inputs as `rebuild` plans and reads them (a
// damaged or missing file fails the read).
class RawQualityStore final : public QualityStore {
 public:
  explicit RawQualityStore(std::filesystem::path raw_root);

  std::optional<std::string> fingerprint(const std::string& symbol, const std::string& day) const override;
  std::optional<std::vector<QualityMinute>> rollup(const std::string& symbol, const std::string& day,
                                                   const std::string& fingerprint) const override;
  void write_rollup(const std::string& symbol, const std::string& day, const std::string& fingerprint,
                    std::span<const QualityMinute> minutes) const override;
  std::vector<std::string> symbols_on(const std::string& day) const override;
  StoredInputs inputs(const Symbol& symbol, Timestamp from, Timestamp to) const override;
  std::vector<RejectedInput> refusals(const Symbol& symbol, Timestamp from, Timestamp to) const override;

 private:
  std::filesystem::path root_;
  QualityRollups rollups_;
};

}  // namespace fsvc::parquet
