#include "adapters/parquet/history_import.hpp"

#include "adapters/parquet/raw_layout.hpp"

namespace fsvc::parquet {

HistoryImport::HistoryImport(RawStore& store) : store_(store), seq_(store.recovery().max_ingest_seq) {}

bool HistoryImport::append(MarketEvent& event) {
  EventHeader& header = header_of(event);
  const std::string day = utc_day(header.ts_event);
  if (seeded_days_.insert(day).second) store_.remember_stored_ids(day);
  if (store_.is_duplicate(event)) return false;
  header.ts_init = 0;
  header.ingest_seq = ++seq_;
  if (first_seq_ == 0) first_seq_ = seq_;
  last_seq_ = seq_;
  store_.append(event);
  return true;
}

}  // namespace fsvc::parquet
