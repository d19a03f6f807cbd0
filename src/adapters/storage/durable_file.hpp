#pragma once

#include <filesystem>

// What makes a file survive a crash, for every store that writes files (the WAL, Parquet parts,
// manifests, vector files).
namespace fsvc::storage {

// Makes the entries of a folder (files created, renamed or removed in it) durable.
void fsync_folder(const std::filesystem::path& dir);

// Makes `tmp` durable under the name `final`: fsync the file, rename, fsync the folder. A crash
// leaves either no `final` or a complete one.
void publish_durably(const std::filesystem::path& tmp, const std::filesystem::path& final);

}  // namespace fsvc::storage
