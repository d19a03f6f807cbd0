#pragma once

#include <filesystem>
#include <string>

namespace fsvc::storage {

// The bytes of a small file (a journal, a kept request), read at once. Throws std::runtime_error
// naming the file and the system's reason when it cannot be opened or read.
std::string read_whole_file(const std::filesystem::path& path);

}  // namespace fsvc::storage
