# shellcheck shell=bash
# Sourced by scripts/test.sh: servers_start brings up a private RabbitMQ node and a throwaway
# PostgreSQL cluster on loopback under one temp dir, exports their ports for the integration tests
# (FS_TEST_RABBITMQ_PORT, FS_TEST_POSTGRES_PORT), and servers_stop stops exactly those two.
# Nothing here touches a system-wide node or cluster. No ws-gateway queue is created: tests declare
# them the way ws-gateway does.

_servers_log() { echo "servers.sh: $*" >&2; }

# A port the kernel just handed out is free now; the tiny race until the server binds is acceptable
# for a test machine.
_servers_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# PostgreSQL refuses to run as root, so root runs it as postgres.
_servers_as() {
  local user=$1
  shift
  if [[ -n "$user" && "$(id -u)" == 0 ]]; then
    runuser -u "$user" -- env "$@"
  else
    env "$@"
  fi
}

_servers_rabbit_env() {
  echo "RABBITMQ_NODENAME=$FS_TEST_RABBITMQ_NODE" \
    "RABBITMQ_NODE_IP_ADDRESS=127.0.0.1" \
    "RABBITMQ_NODE_PORT=$FS_TEST_RABBITMQ_PORT" \
    "RABBITMQ_DIST_PORT=$SERVERS_RABBITMQ_DIST_PORT" \
    "RABBITMQ_MNESIA_BASE=$SERVERS_DIR/rabbitmq/mnesia" \
    "RABBITMQ_LOG_BASE=$SERVERS_DIR/rabbitmq/log" \
    "RABBITMQ_PID_FILE=$SERVERS_DIR/rabbitmq/node.pid" \
    "RABBITMQ_CONFIG_FILE=$SERVERS_DIR/rabbitmq/rabbitmq" \
    "RABBITMQ_ENABLED_PLUGINS_FILE=$SERVERS_DIR/rabbitmq/enabled_plugins" \
    "RABBITMQ_CONF_ENV_FILE=$SERVERS_DIR/rabbitmq/rabbitmq-env.conf"
}

# await_startup gives up at once while the Erlang node is not yet reachable, so it is retried
# until the deadline or until the broker process has died.
_servers_await_rabbitmq() {
  local deadline=$((SECONDS + $1))
  while ((SECONDS < deadline)) && kill -0 "$SERVERS_RABBITMQ_PID" 2>/dev/null; do
    # shellcheck disable=SC2046
    env $(_servers_rabbit_env) timeout 30 rabbitmqctl -n "$FS_TEST_RABBITMQ_NODE" await_startup \
      --timeout 20 >/dev/null 2>&1 && return 0
    sleep 1
  done
  return 1
}

_servers_start_rabbitmq() {
  local dir="$SERVERS_DIR/rabbitmq"
  mkdir -p "$dir/mnesia" "$dir/log"
  : >"$dir/rabbitmq-env.conf"
  echo "loopback_users = none" >"$dir/rabbitmq.conf"
  echo "[]." >"$dir/enabled_plugins"
  FS_TEST_RABBITMQ_PORT=$(_servers_free_port)
  SERVERS_RABBITMQ_DIST_PORT=$(_servers_free_port)
  FS_TEST_RABBITMQ_NODE="fs-test-$$@localhost"
  # Debian's rabbitmq-server and rabbitmqctl drop from root to the rabbitmq user (and its cookie),
  # so the node's directories must belong to that user.
  [[ "$(id -u)" == 0 ]] && chown -R rabbitmq "$dir"
  # shellcheck disable=SC2046
  env $(_servers_rabbit_env) rabbitmq-server >"$dir/log/console.log" 2>&1 &
  SERVERS_RABBITMQ_PID=$!
  if ! _servers_await_rabbitmq 90; then
    _servers_log "RabbitMQ node $FS_TEST_RABBITMQ_NODE did not start within 90 s on port" \
      "$FS_TEST_RABBITMQ_PORT; see $dir/log"
    tail -n 20 "$dir/log/console.log" >&2
    return 1
  fi
  _servers_write_rabbitmqctl
  export FS_TEST_RABBITMQ_PORT FS_TEST_RABBITMQ_NODE FS_TEST_RABBITMQCTL
  _servers_log "RabbitMQ $FS_TEST_RABBITMQ_NODE on 127.0.0.1:$FS_TEST_RABBITMQ_PORT"
}

# FS_TEST_RABBITMQCTL is a script that runs rabbitmqctl against the private node only, so tests
# can stop and restart the broker mid-stream (`$FS_TEST_RABBITMQCTL stop_app`, `... start_app`,
# `... await_startup`) without knowing the node's environment.
_servers_write_rabbitmqctl() {
  FS_TEST_RABBITMQCTL="$SERVERS_DIR/rabbitmqctl"
  {
    echo '#!/usr/bin/env bash'
    # shellcheck disable=SC2046
    echo "exec env $(_servers_rabbit_env) timeout 60 rabbitmqctl -n '$FS_TEST_RABBITMQ_NODE' \"\$@\""
  } >"$FS_TEST_RABBITMQCTL"
  chmod 755 "$FS_TEST_RABBITMQCTL"
}

_servers_stop_rabbitmq() {
  [[ -n "${SERVERS_RABBITMQ_PID:-}" ]] || return 0
  # The node pid file names the Erlang VM exactly; it is read first because a stopping node deletes it.
  local vm_pid
  vm_pid=$(cat "$SERVERS_DIR/rabbitmq/node.pid" 2>/dev/null || true)
  # shellcheck disable=SC2046
  env $(_servers_rabbit_env) \
    timeout 30 rabbitmqctl -n "$FS_TEST_RABBITMQ_NODE" stop >/dev/null 2>&1 || true
  if [[ -n "$vm_pid" ]]; then
    local waited=0
    while kill -0 "$vm_pid" 2>/dev/null && ((waited < 15)); do
      sleep 1
      waited=$((waited + 1))
    done
    kill "$vm_pid" 2>/dev/null || true
  fi
  kill "$SERVERS_RABBITMQ_PID" 2>/dev/null || true
  wait "$SERVERS_RABBITMQ_PID" 2>/dev/null || true
  SERVERS_RABBITMQ_PID=
}

_servers_start_postgres() {
  local dir="$SERVERS_DIR/postgres" user=""
  [[ "$(id -u)" == 0 ]] && user=postgres
  mkdir -p "$dir"
  [[ -n "$user" ]] && chown "$user" "$dir"
  FS_TEST_POSTGRES_PORT=$(_servers_free_port)
  if ! _servers_as "$user" PATH="$PATH" initdb -D "$dir/data" -U postgres --auth=trust \
    >"$dir/initdb.log" 2>&1; then
    _servers_log "initdb failed; see $dir/initdb.log"
    return 1
  fi
  if ! _servers_as "$user" PATH="$PATH" pg_ctl -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-p $FS_TEST_POSTGRES_PORT -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" \
    start >/dev/null; then
    _servers_log "PostgreSQL did not start on port $FS_TEST_POSTGRES_PORT; see $dir/server.log"
    return 1
  fi
  SERVERS_POSTGRES_STARTED=1
  export FS_TEST_POSTGRES_PORT
  _servers_log "PostgreSQL on 127.0.0.1:$FS_TEST_POSTGRES_PORT"
}

_servers_stop_postgres() {
  [[ -n "${SERVERS_POSTGRES_STARTED:-}" ]] || return 0
  local user=""
  [[ "$(id -u)" == 0 ]] && user=postgres
  _servers_as "$user" PATH="$PATH" pg_ctl -D "$SERVERS_DIR/postgres/data" -m fast -w stop \
    >/dev/null 2>&1 || true
  SERVERS_POSTGRES_STARTED=
}

servers_start() {
  SERVERS_DIR=$(mktemp -d /tmp/fs-servers.XXXXXX)
  chmod 755 "$SERVERS_DIR"
  # A half-started set is stopped here because the caller installs its trap only after success.
  if ! _servers_start_rabbitmq || ! _servers_start_postgres; then
    servers_stop
    return 1
  fi
}

servers_stop() {
  [[ -n "${SERVERS_DIR:-}" ]] || return 0
  _servers_stop_rabbitmq
  _servers_stop_postgres
  rm -rf "$SERVERS_DIR"
  SERVERS_DIR=
}
