#include "adapters/parquet/raw_quality_store.hpp"

#include <memory>
#include <utility>

#include "adapters/parquet/raw_reader.hpp"
#include "adapters/parquet/rebuild_plan.hpp"
#include "adapters/parquet/rejected_store.hpp"
#include "adapters/parquet/store_inventory.hpp"

namespace fsvc::parquet {

RawQualityStore::RawQualityStore(std::filesystem::path raw_root)
    : root_(std::move(raw_root)), rollups_(root_) {}

std::optional<std::string> RawQualityStore::fingerprint(const std::string& symbol,
                                                        const std::string& day) const {
  return rollups_.fingerprint(symbol, day);
}

std::optional<std::vector<QualityMinute>> RawQualityStore::rollup(const std::string& symbol,
                                                                  const std::string& day,
                                                                  const std::string& fingerprint) const {
  return rollups_.read(symbol, day, fingerprint);
}

void RawQualityStore::write_rollup(const std::string& symbol, const std::string& day,
                                   const std::string& fingerprint,
                                   std::span<const QualityMinute> minutes) const {
  rollups_.write(symbol, day, fingerprint, minutes);
}

std::vector<std::string> RawQualityStore::symbols_on(const std::string& day) const {
  std::vector<std::string> symbols;
  for (const auto& [symbol, days] : take_inventory(root_).days_by_symbol) {
    if (days.contains(day)) symbols.push_back(symbol);
  }
  return symbols;
}

StoredInputs RawQualityStore::inputs(const Symbol& symbol, Timestamp from, Timestamp to) const {
  // Shared by the plan and the read that follows it, which may outlive this call.
  auto reader = std::make_shared<RawReader>(root_, DamagePolicy::fail);
  const RebuildPlan plan = plan_rebuild(*reader, std::string(symbol.view()), from, to);
  return {plan.journal, [reader, query = plan.query](const std::function<void(EngineInput &&)>& deliver,
                                                     const std::function<void(const DataGap&)>& gap) {
            reader->read(query, deliver, gap);
          }};
}

std::vector<RejectedInput> RawQualityStore::refusals(const Symbol& symbol, Timestamp from,
                                                     Timestamp to) const {
  return read_rejected(root_, symbol.view(), from, to);
}

}  // namespace fsvc::parquet
