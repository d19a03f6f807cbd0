#pragma once

#include <chrono>
#include <functional>
#include <thread>

namespace fsvc::test {

// Polls `done` until it holds or a generous bound passes, so a bug fails with the test's own
// message instead of hanging the suite. Not a speed assertion: the bound is far above what any
// wait in these tests needs.
inline bool eventually(const std::function<bool()>& done,
                       std::chrono::milliseconds bound = std::chrono::seconds(30)) {
  const auto give_up = std::chrono::steady_clock::now() + bound;
  while (!done()) {
    if (std::chrono::steady_clock::now() > give_up) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

}  // namespace fsvc::test
