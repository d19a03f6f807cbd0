#pragma once

#include <cstddef>
#include <list>
#include <memory>
#include <mutex>

namespace fsvc::http {

// A connection as the table sees it.
class Connection {
 public:
  virtual ~Connection() = default;
  // True while the connection waits for (the rest of) a request's header, or lingers before its
  // close: closing it now loses no work, only a client that was idle or slow.
  virtual bool idle() const = 0;
  // Asks the connection to close from its own executor; returns at once, never blocks.
  virtual void evict() = 0;
};

// The open connections of a server, oldest first, capped. A full server makes room for a new
// client by closing the connection that has waited longest for a request (an idle keep-alive or a
// slow sender) rather than refusing the newcomer, so idle sockets cannot lock everyone out; it
// refuses only when every connection is busy with a request. Thread safe.
class ConnectionTable {
 public:
  using Slot = std::list<std::weak_ptr<Connection>>::iterator;

  explicit ConnectionTable(std::size_t capacity) : capacity_(capacity) {}

  // True when one more connection may be added: under the cap, or the oldest idle connection was
  // asked to close. An evicted connection leaves the table when it has closed, so the table can
  // hold a few more than the cap for the moment that takes.
  bool make_room();
  // Asks the oldest idle connection to close; false when none is idle.
  bool evict_oldest_idle();
  Slot add(std::weak_ptr<Connection> connection);
  void remove(Slot slot);
  std::size_t size() const;
  std::size_t capacity() const { return capacity_; }

 private:
  mutable std::mutex mutex_;
  std::list<std::weak_ptr<Connection>> connections_;
  std::size_t capacity_;
};

}  // namespace fsvc::http
