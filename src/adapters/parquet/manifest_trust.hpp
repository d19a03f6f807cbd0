#pragma once

#include <filesystem>
#include <string>

#include "adapters/parquet/raw_file_check.hpp"
#include "adapters/parquet/store_manifest.hpp"

namespace fsvc::parquet {

// Why a day's manifest cannot vouch for a file that its own check found intact (empty: it can).
//   - The manifest has damaged lines (complete lines failing their CRC; a torn tail is a crash and
//     harmless): what it lists, or no longer lists, cannot be trusted, so no file of that day is.
//   - The file is present but not listed although the store has finished with it: a part whose
//     WAL segment is gone (the line is written before the segment is deleted), or a compacted day
//     file with no part of its symbol listed beside it. The manifest lost lines (cut short, or
//     replaced), and a file lost with its line would go unnoticed.
// A read treats such a file as damaged (it fails naming the file and the manifest, or tolerates a
// gap); `store check` reports it as a problem of the manifest and `store repair` moves nothing for it.
std::string manifest_distrust(const std::filesystem::path& root, const DayManifest& manifest,
                              const FileVerdict& verdict);

}  // namespace fsvc::parquet
