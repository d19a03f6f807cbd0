#pragma once

#include <cstddef>
#include <mutex>
#include <optional>
#include <utility>

namespace fsvc {

// At most `limit` holders at a time. A caller that finds every slot taken is told so at once
// (try_take answers nullopt) instead of waiting, so a request thread is never parked behind a long
// computation. Thread safe.
class ConcurrencyLimit {
 public:
  explicit ConcurrencyLimit(std::size_t limit) : free_(limit) {}
  ConcurrencyLimit(const ConcurrencyLimit&) = delete;
  ConcurrencyLimit& operator=(const ConcurrencyLimit&) = delete;

  // A taken slot, given back when it is destroyed.
  class Slot {
   public:
    Slot(Slot&& other) noexcept : limit_(std::exchange(other.limit_, nullptr)) {}
    Slot& operator=(Slot&& other) noexcept {
      if (this != &other) {
        release();
        limit_ = std::exchange(other.limit_, nullptr);
      }
      return *this;
    }
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;
    ~Slot() { release(); }

   private:
    friend class ConcurrencyLimit;
    explicit Slot(ConcurrencyLimit* limit) : limit_(limit) {}
    void release() {
      if (limit_ != nullptr) limit_->give_back();
      limit_ = nullptr;
    }
    ConcurrencyLimit* limit_;
  };

  std::optional<Slot> try_take() {
    const std::lock_guard lock(mutex_);
    if (free_ == 0) return std::nullopt;
    --free_;
    return Slot(this);
  }

 private:
  void give_back() {
    const std::lock_guard lock(mutex_);
    ++free_;
  }

  std::mutex mutex_;
  std::size_t free_;
};

}  // namespace fsvc
