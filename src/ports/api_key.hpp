#pragma once

#include <string>

namespace fsvc {

// A credential that clients present to the API, known by its name. The name identifies the caller
// in logs and audit records (the "actor"); the secret is never logged or echoed.
struct ApiKey {
  std::string name;
  std::string secret;
};

}  // namespace fsvc
