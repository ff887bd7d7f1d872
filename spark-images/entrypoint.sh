#!/usr/bin/env bash
# Starts one Spark Standalone node, master or worker, from environment variables.
# The same script runs in the container image (ECS task definitions set the variables) and on this
# machine in local mode (SPARK_HOME = a folder holding jars/ and conf/ assembled from Maven jars).
#
#   SPARK_ROLE               master | worker (required)
#   SPARK_HOME               Spark installation; only jars/ (and optionally conf/) are used
#   SPARK_LOCAL_IP           address to bind and advertise (default: the task's private IPv4 address
#                            from ECS_CONTAINER_METADATA_URI_V4, else the first one of the interfaces
#                            that is neither loopback nor link-local); exported to drivers/executors
#   ECS_CONTAINER_METADATA_URI_V4  set by ECS: the task metadata endpoint v4
#   SPARK_MASTER_HOST        master: bind/advertise host (default: SPARK_LOCAL_IP)
#   SPARK_MASTER_PORT        master RPC port (7077)
#   SPARK_MASTER_REST_PORT   REST submission port (6066)
#   SPARK_MASTER_WEBUI_PORT  master UI port (8080)
#   SPARK_MASTER_URL         worker: spark://host:port of the master (required)
#   SPARK_WORKER_CORES       worker cores (default: nproc)
#   SPARK_WORKER_MEMORY      worker memory for executors and drivers, e.g. 2g
#                            (default: container memory limit minus what docs/sizing.md keeps back)
#   SPARK_WORKER_WEBUI_PORT  worker UI port (8081)
#   SPARK_WORKER_PORT        worker RPC port (0 = any)
#   SPARK_WORKER_DIR         worker work dir (default: ./work)
#   SPARK_REST_JWS_KEY       base64url HS256 key (>= 256 bits) for the REST server's JWSFilter, or
#   SPARK_REST_JWS_KEY_FILE  a file holding it (local mode)
#   SPARK_EXTRA_CONF         newline-separated spark.key=value lines added to the node's properties
#                            and to its JVM as -D (the worker fetches s3a:// jars with them)
#   SPARK_DAEMON_MEMORY      heap of the master/worker JVM itself (512m)
#   SPARK_DAEMON_JAVA_OPTS   more options for the master/worker JVM itself, not its drivers or executors,
#                            split at white space (default -XX:TieredStopAtLevel=1; set it, even empty, to replace it)
#   SPARK_MAX_DRIVERS        master: spark.deploy.maxDrivers (cap on running drivers)
#   SPARK_NODE_TMP           where the node's generated properties go (default: mktemp -d under TMPDIR)
#   SPARK_WORKER_DRIVER_SLOTS worker: drivers this worker may host (the `driverSlot` resource every submission
#                            asks for); unset = none, so the master places no driver here (Spot workers)
#   PYSPARK_PYTHON           worker: the Python of Python drivers and executors (default: python3; the image
#                            sets /usr/bin/python3, local mode its venv); drivers start through python-driver.sh
#   SPARK_MASTER_WAIT_SECONDS worker: how long to wait for the master's RPC port before starting the worker JVM
#                            (default 120; then the worker starts anyway and Spark's own retries take over)
#   SPARK_CLASS_ARCHIVE      the class-data archive every JVM of the node maps (default: ${SPARK_HOME}/cds/spark.jsa
#                            when it exists; off = none); the worker passes it on to its drivers and executors
#                            through JAVA_TOOL_OPTIONS. Used only while SPARK_CONF_DIR is empty (docs/image.md)
#   JAVA_HOME                the JVM (default: java on the PATH); the image sets its runtime, /opt/java/openjdk
#   SPARK_WORKER_DECOMMISSION_SECONDS  worker: how long a SIGTERM'd worker may decommission before it is stopped
#                            (default 110: under the worker container's 120 s stop timeout, a Spot reclaim's notice)
set -euo pipefail

readonly MIN_KEY_BYTES=32
readonly DEFAULT_DAEMON_JAVA_OPTS="-XX:TieredStopAtLevel=1"

die() {
  echo "spark-burst entrypoint: $*" >&2
  exit 64
}

log() {
  echo "spark-burst entrypoint: $*" >&2
}

# --- Node address ------------------------------------------------------------------------------
# A Fargate task (awsvpc) has a link-local interface (169.254.172.x/22, the route to the task metadata
# endpoint) that may be listed before the task's private one, and an /etc/hosts without the host's
# name. The address to bind and advertise is the task's private IPv4 address: from the task metadata
# endpoint v4 when ECS provides one, else from the interfaces; never loopback or link-local.

# 0 when $1 is a dotted IPv4 address other nodes can reach (not loopback, link-local or unspecified).
routable_ipv4() {
  [[ "$1" =~ ^[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}$ && "$1" != 127.* && "$1" != 169.254.* && "$1" != 0.* ]]
}

# GET http://host[:port]/path with bash alone (the image need not have curl); prints the body.
http_get() {
  local url="$1" rest host port path fd response
  [[ "$url" =~ ^http://([^/:]+)(:([0-9]+))?(/.*)?$ ]] || return 1
  host="${BASH_REMATCH[1]}"
  port="${BASH_REMATCH[3]:-80}"
  path="${BASH_REMATCH[4]:-/}"
  exec {fd}<>"/dev/tcp/${host}/${port}" || return 1
  printf 'GET %s HTTP/1.0\r\nHost: %s\r\nAccept: application/json\r\nConnection: close\r\n\r\n' "$path" "$host" >&"$fd"
  response="$(cat <&"$fd")"
  exec {fd}>&-
  [[ "$response" =~ ^HTTP/1\.[01]\ 200 ]] || return 1
  rest="${response#*$'\r\n\r\n'}"
  printf '%s' "$rest"
}

# The container's first routable IPv4 address from the task metadata endpoint v4
# (${ECS_CONTAINER_METADATA_URI_V4} answers {"Networks": [{"IPv4Addresses": ["10.0.1.5"], ...}], ...}).
metadata_address() {
  local body list candidate
  # Bounded: a connect to an address nobody answers would otherwise wait for the kernel's SYN retries.
  export -f http_get
  # shellcheck disable=SC2016 # $1 is the child bash's argument, expanded there
  body="$(timeout 5 bash -c 'http_get "$1"' _ "$ECS_CONTAINER_METADATA_URI_V4" 2>/dev/null)" || return 1
  list="$(grep -o '"IPv4Addresses"[[:space:]]*:[[:space:]]*\[[^]]*\]' <<< "$body" || true)"
  for candidate in $(grep -oE '[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+' <<< "$list" || true); do
    if routable_ipv4 "$candidate"; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

# The first routable IPv4 address of this host's interfaces (hostname -I lists them all, link-local
# included), then of its name (hostname -i).
interface_address() {
  local candidate
  for candidate in $(hostname -I 2>/dev/null || true) $(hostname -i 2>/dev/null || true); do
    if routable_ipv4 "$candidate"; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

# The address this node binds and advertises: SPARK_LOCAL_IP when set, else the task metadata's,
# else the interfaces'. Sets NODE_ADDRESS and NODE_ADDRESS_SOURCE (no subshell, so the log says where
# the address came from).
resolve_node_address() {
  if [[ -n "${SPARK_LOCAL_IP:-}" ]]; then
    NODE_ADDRESS="$SPARK_LOCAL_IP"
    NODE_ADDRESS_SOURCE="SPARK_LOCAL_IP"
    return 0
  fi
  if [[ -n "${ECS_CONTAINER_METADATA_URI_V4:-}" ]]; then
    if NODE_ADDRESS="$(metadata_address)"; then
      NODE_ADDRESS_SOURCE="the task metadata endpoint"
      return 0
    fi
    log "no routable IPv4 address from the task metadata endpoint ${ECS_CONTAINER_METADATA_URI_V4}; using the interfaces'"
  fi
  if NODE_ADDRESS="$(interface_address)"; then
    NODE_ADDRESS_SOURCE="the interfaces"
    return 0
  fi
  die "cannot find a routable IPv4 address (not loopback, not link-local) for this node; set SPARK_LOCAL_IP"
}

# --- Worker memory --------------------------------------------------------------------------------
# Standalone mode adds no memory overhead to drivers and executors: a JVM with -Xmx H uses H plus its
# own native memory (metaspace, code cache, threads, GC, direct buffers). docs/sizing.md measures it.
# Kept back from the container: the worker daemon's heap and overhead, and for the drivers and
# executors the worker starts, JVM_OVERHEAD_FACTOR of their heaps plus JVM_OVERHEAD_MIN_MB for each of
# WORKER_JVMS of them. The same arithmetic as dev.sparkburst.core.config.WorkerMemory (compared by
# WorkerMemoryTest over every Fargate size).
readonly JVM_OVERHEAD_MIN_MB=384
readonly JVM_OVERHEAD_PERCENT=10
readonly WORKER_JVMS=2

# Overhead of one JVM with a heap of $1 MB: max(384, 10 % of the heap), in MB.
jvm_overhead_mb() {
  local percent=$(( ($1 * JVM_OVERHEAD_PERCENT + 99) / 100 ))
  echo $(( percent > JVM_OVERHEAD_MIN_MB ? percent : JVM_OVERHEAD_MIN_MB ))
}

# SPARK_WORKER_MEMORY in MB for a container of $1 MB whose worker daemon has a heap of $2 MB.
worker_memory_mb() {
  local limit_mb="$1" daemon_mb="$2" left
  left=$(( limit_mb - daemon_mb - $(jvm_overhead_mb "$daemon_mb") - WORKER_JVMS * JVM_OVERHEAD_MIN_MB ))
  echo $(( left > 0 ? left * 100 / (100 + JVM_OVERHEAD_PERCENT) : 0 ))
}

# Memory for executors/drivers from the container limit (cgroup v2, then v1, then the machine), in MB.
derived_worker_memory() {
  local limit="" daemon_mb
  if [[ -r /sys/fs/cgroup/memory.max ]]; then
    limit="$(cat /sys/fs/cgroup/memory.max)"
  elif [[ -r /sys/fs/cgroup/memory/memory.limit_in_bytes ]]; then
    limit="$(cat /sys/fs/cgroup/memory/memory.limit_in_bytes)"
  fi
  # "max" or a near-2^63 value mean "no limit": use the machine's memory.
  if [[ ! "$limit" =~ ^[0-9]+$ ]] || (( limit > 1099511627776 )); then
    limit=$(( $(awk '/^MemTotal:/ {print $2}' /proc/meminfo) * 1024 ))
  fi
  daemon_mb="$(to_mb "$SPARK_DAEMON_MEMORY")"
  local mb
  mb="$(worker_memory_mb $(( limit / 1048576 )) "$daemon_mb")"
  (( mb >= 512 )) || die "only ${mb} MB left for executors of a $(( limit / 1048576 )) MB container after the daemon's ${daemon_mb} MB heap and the JVMs' overhead; set SPARK_WORKER_MEMORY"
  echo "${mb}m"
}

# 512m / 2g / 1024 (MB) -> MB
to_mb() {
  local value="${1,,}"
  case "$value" in
    *[0-9]g) echo $(( ${value%g} * 1024 )) ;;
    *[0-9]m) echo "${value%m}" ;;
    *[0-9]) echo "$value" ;;
    *) die "memory size must look like 512m or 2g, was '$1'" ;;
  esac
}

# Reads the JWS key from SPARK_REST_JWS_KEY or SPARK_REST_JWS_KEY_FILE and checks it the way Spark's
# JWSFilter will: base64url, >= 256 bits. Spark itself only logs a WeakKeyException and silently runs
# without its REST server, so the check happens here, before Java starts.
read_jws_key() {
  local key=""
  if [[ -n "${SPARK_REST_JWS_KEY:-}" && -n "${SPARK_REST_JWS_KEY_FILE:-}" ]]; then
    die "set SPARK_REST_JWS_KEY or SPARK_REST_JWS_KEY_FILE, not both"
  fi
  if [[ -n "${SPARK_REST_JWS_KEY:-}" ]]; then
    key="$SPARK_REST_JWS_KEY"
  elif [[ -n "${SPARK_REST_JWS_KEY_FILE:-}" ]]; then
    [[ -r "$SPARK_REST_JWS_KEY_FILE" ]] || die "SPARK_REST_JWS_KEY_FILE $SPARK_REST_JWS_KEY_FILE is not readable"
    key="$(tr -d ' \t\r\n' < "$SPARK_REST_JWS_KEY_FILE")"
  else
    return 0
  fi
  [[ "$key" =~ ^[A-Za-z0-9_-]+={0,2}$ ]] \
    || die "the JWS key must be base64url (A-Z a-z 0-9 - _), it contains other characters"
  local unpadded="${key%%=*}" bytes
  bytes=$(( ${#unpadded} * 3 / 4 ))
  (( bytes >= MIN_KEY_BYTES )) \
    || die "the JWS key decodes to ${bytes} bytes; HS256 needs at least ${MIN_KEY_BYTES} bytes (256 bits). Spark would silently run without its REST server. Make one with: head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '='"
  JWS_KEY="$key"
}

# Appends SPARK_EXTRA_CONF to the properties file and to the JVM's -D options (argfile).
add_extra_conf() {
  local properties="$1" argfile="$2" line key number=0
  while IFS= read -r line || [[ -n "$line" ]]; do
    number=$(( number + 1 ))
    line="${line%$'\r'}"
    [[ -z "${line//[[:space:]]/}" || "$line" =~ ^[[:space:]]*# ]] && continue
    [[ "$line" == *=* ]] || die "SPARK_EXTRA_CONF line ${number}: expected key=value"
    key="${line%%=*}"
    key="${key//[[:space:]]/}"
    [[ "$key" =~ ^spark\.[A-Za-z0-9._-]+$ ]] \
      || die "SPARK_EXTRA_CONF line ${number}: key '${key}' must be a spark.* property name"
    printf '%s=%s\n' "$key" "${line#*=}" >> "$properties"
    printf '"-D%s=%s"\n' "$key" "$(escape_argfile "${line#*=}")" >> "$argfile"
  done <<< "${SPARK_EXTRA_CONF:-}"
}

# Driver placement (DriverPlacement in core): a worker that may host drivers offers SPARK_WORKER_DRIVER_SLOTS
# units of the custom resource `driverSlot`, through a worker resources file; every submission asks for one,
# so Spark's master starts drivers only on such workers (on-demand ones when the others run on Fargate Spot).
add_driver_slots() {
  local properties="$1" tmp="$2" slots="${SPARK_WORKER_DRIVER_SLOTS:-}"
  [[ -n "$slots" ]] || return 0
  [[ "$slots" =~ ^[1-9][0-9]{0,2}$ ]] \
    || die "SPARK_WORKER_DRIVER_SLOTS must be a positive integer (at most 999), was '${slots}'"
  local file="${tmp}/worker-resources.json" addresses="" i
  for (( i = 0; i < slots; i++ )); do
    addresses+="${addresses:+,}\"${i}\""
  done
  printf '[{"id":{"componentName":"spark.worker","resourceName":"driverSlot"},"addresses":[%s]}]\n' \
    "$addresses" > "$file"
  {
    echo "spark.worker.resource.driverSlot.amount=${slots}"
    echo "spark.worker.resourcesFile=${file}"
  } >> "$properties"
  log "worker hosts drivers: ${slots} driverSlot(s)"
}

# Java @argfile quoting: backslash and double quote are escaped inside "..."
escape_argfile() {
  local value="${1//\\/\\\\}"
  printf '%s' "${value//\"/\\\"}"
}

# Properties of both roles. The master UI's kill links (applications, drivers) would let anyone who
# reaches the UI port stop a run; runs are stopped through the REST API (JWS) or the state machine.
common_properties() {
  echo "spark.ui.killEnabled=false"
}

worker_properties() {
  echo "spark.worker.cleanup.enabled=true"
  # Graceful decommissioning (Fargate Spot's SIGTERM, see supervise_worker). SPARK_EXTRA_CONF may turn it off.
  echo "spark.decommission.enabled=true"
  echo "spark.worker.decommission.signal=${DEFAULT_DECOMMISSION_SIGNAL}"
  # After the master task is replaced (new address), reconnect to SPARK_MASTER_URL (the Cloud Map
  # name, which then resolves to the new task) rather than to the address of the master that died.
  echo "spark.worker.preferConfiguredMasterAddress=true"
}

# --- Worker decommissioning ---------------------------------------------------------------------
# ECS stops a task with SIGTERM and kills it after the container's stop timeout; a Fargate Spot reclaim gives two
# minutes' notice (ClusterStack sets the worker's stop timeout to 120 s). Spark's worker decommissions on its own
# signal (spark.worker.decommission.signal): it takes no new executors or drivers and tells the master, which tells
# each driver; their executors on this worker stop taking tasks, migrate their shuffle and cached blocks to peers
# (spark.storage.decommission.*, set by the orchestrator for every run) and exit when done. The worker itself does
# not exit, so on SIGTERM the entrypoint sends the decommission signal, waits until the worker's children
# (executors, drivers) are gone or SPARK_WORKER_DECOMMISSION_SECONDS have passed, then stops the worker with
# SIGTERM (which kills whatever is left) and exits with it. The master keeps plain SIGTERM (exec, no wrapper).
readonly DEFAULT_DECOMMISSION_SIGNAL=PWR
readonly DEFAULT_DECOMMISSION_SECONDS=110

# The last value of property $2 in properties file $1 (later lines win, as in Spark's reading), or $3.
property_value() {
  local line value="$3"
  while IFS= read -r line || [[ -n "$line" ]]; do
    [[ "$line" == "$2="* ]] && value="${line#*=}"
  done < "$1"
  printf '%s' "$value"
}

# The ids of the processes whose parent is $1, one a line (from /proc: the image has no procps).
child_pids() {
  local stat line rest ppid
  for stat in /proc/[0-9]*/stat; do
    { IFS= read -r line < "$stat"; } 2>/dev/null || continue
    # Fields after the command name (which may hold spaces and parentheses): state ppid ...
    rest="${line##*) }"
    read -r _ ppid _ <<< "$rest"
    if [[ "$ppid" == "$1" ]]; then
      stat="${stat#/proc/}"
      echo "${stat%/stat}"
    fi
  done
}

# On SIGTERM: decommission worker $1 with signal $2, wait up to $3 s for its children, stop it, exit with its status.
decommission_and_exit() {
  local pid="$1" signal="$2" seconds="$3" deadline left status=0
  deadline=$(( SECONDS + seconds ))
  log "SIGTERM: decommissioning the worker (SIG${signal} to ${pid}); its executors migrate their blocks and" \
    "exit; waiting up to ${seconds} s"
  kill -s "$signal" "$pid" 2> /dev/null || true
  # A moment for the worker to tell the master (no new executors here), even when it runs none now; none when the
  # JVM is stopping anyway (local mode's scale-down signals the whole process tree).
  for _ in 1 2 3 4 5; do
    kill -0 "$pid" 2> /dev/null || break
    sleep 0.2
  done
  left="$(child_pids "$pid")"
  while [[ -n "$left" ]] && (( SECONDS < deadline )); do
    sleep 1
    left="$(child_pids "$pid")"
  done
  if [[ -n "$left" ]]; then
    log "decommissioning not finished after ${seconds} s (still running: $(echo "$left" | tr '\n' ' '));" \
      "stopping the worker and what it started"
  else
    log "worker decommissioned after $(( seconds - (deadline - SECONDS) )) s: no executor or driver left; stopping it"
  fi
  kill -TERM "$pid" 2> /dev/null || true
  wait "$pid" || status=$?
  exit "$status"
}

# Spark's worker retries a failed first registration only after round(10 x U[0.5, 1.5)) = 5-15 s
# (deploy/worker/Worker.scala, INITIAL_REGISTRATION_RETRY_INTERVAL_SECONDS). A run's master and workers start at
# once, and a worker's JVM is up before the master's (on Fargate the master's name resolves only once its task
# runs), so its first attempt fails and the cluster is ready 5-15 s after the master. Waiting for the master's RPC
# port first and then starting the JVM registers on the first attempt (docs/image.md, cold start).
# Waits up to $2 s for a TCP connection to the master of spark:// URL $1; returns 0 either way.
await_master() {
  local url="$1" seconds="$2" address host port deadline started="$SECONDS"
  address="${url#spark://}"
  host="${address%:*}"
  port="${address##*:}"
  deadline=$(( SECONDS + seconds ))
  log "waiting for the master at ${host}:${port} (up to ${seconds} s) before starting the worker"
  # timeout: a connection to an address that drops packets would otherwise hang for the kernel's SYN retries.
  # shellcheck disable=SC2016 # the inner shell expands $1 and $2, its arguments
  until timeout 2 bash -c 'exec 3<>"/dev/tcp/$1/$2"' _ "$host" "$port" 2>/dev/null; do
    if (( SECONDS >= deadline )); then
      log "master ${host}:${port} did not answer in ${seconds} s; starting the worker anyway (Spark retries)"
      return 0
    fi
    sleep 0.2
  done
  log "master ${host}:${port} answers (waited $(( SECONDS - started )) s); starting the worker"
}

# --- Class-data archive ----------------------------------------------------------------------------
# Every JVM of a run (master, worker, driver, executors) loads 7,000-19,000 classes from ~220 jars; mapping them
# from one archive, written when the image is built (spark-images' ClassArchiveBuild, the Dockerfile), halves each
# start (docs/image.md, cold start). The JVM uses an archive only with the class path it was written for, and only
# while every folder on it is empty: so the nodes use the very class path Spark's launcher builds for the drivers and
# executors a worker starts, and conf/ holds nothing (log4j2.properties is in jars/spark-burst-conf.jar).

# The class path of the node's JVMs: Spark's launcher's for drivers and executors (AbstractCommandBuilder:
# the conf folder with a trailing slash, the slf4j-api jars, then jars/*).
spark_class_path() {
  local path="${SPARK_CONF_DIR%/}/" jar
  for jar in "${SPARK_HOME}"/jars/slf4j-api-*.jar; do
    [[ -e "$jar" ]] && path+=":${jar}"
  done
  printf '%s' "${path}:${SPARK_HOME}/jars/*"
}

# Sets CLASS_ARCHIVE_OPTS to the options that map the archive, or to none (with the reason in the log).
class_archive_options() {
  local archive="${SPARK_CLASS_ARCHIVE:-${SPARK_HOME}/cds/spark.jsa}"
  CLASS_ARCHIVE_OPTS=()
  if [[ "$archive" == off ]]; then
    log "class archive off (SPARK_CLASS_ARCHIVE=off)"
    return 0
  fi
  if [[ "$archive" =~ [[:space:]] ]]; then
    # JAVA_TOOL_OPTIONS splits at white space: drivers and executors would get a broken option.
    log "the class archive path '${archive}' contains white space: the JVMs start without it"
    return 0
  fi
  if [[ ! -r "$archive" ]]; then
    log "no class archive at ${archive}: the JVMs start without one"
    return 0
  fi
  if [[ -d "$SPARK_CONF_DIR" && -n "$(ls -A "$SPARK_CONF_DIR" 2> /dev/null)" ]]; then
    log "SPARK_CONF_DIR ${SPARK_CONF_DIR} is not empty: the JVMs cannot use the class archive ${archive}"
    return 0
  fi
  CLASS_ARCHIVE_OPTS=("-XX:SharedArchiveFile=${archive}")
  log "class archive ${archive}"
}

# Sets DAEMON_JAVA_OPTS to the options of the master or worker JVM itself (never its drivers' or executors').
# C1 only by default: a daemon answers a few RPCs and serves a UI, so C2's compiling at start cost it about half of
# its start-up CPU (2.6-3.3 against 1.4-1.7 CPU-s on one CPU, docs/image.md) and would never pay back.
daemon_java_options() {
  DAEMON_JAVA_OPTS=()
  local options="${SPARK_DAEMON_JAVA_OPTS-${DEFAULT_DAEMON_JAVA_OPTS}}"
  [[ -n "${options//[[:space:]]/}" ]] && read -r -a DAEMON_JAVA_OPTS <<< "$options"
  return 0
}

# Runs the worker JVM (the command in "$@") as a child, so that SIGTERM can become a decommission first.
supervise_worker() {
  local properties="$1" seconds="${SPARK_WORKER_DECOMMISSION_SECONDS:-${DEFAULT_DECOMMISSION_SECONDS}}" enabled signal
  shift
  [[ "$seconds" =~ ^[1-9][0-9]{0,3}$ ]] \
    || die "SPARK_WORKER_DECOMMISSION_SECONDS must be a positive number of seconds (at most 9999), was '${seconds}'"
  enabled="$(property_value "$properties" spark.decommission.enabled false)"
  signal="$(property_value "$properties" spark.worker.decommission.signal "$DEFAULT_DECOMMISSION_SIGNAL")"
  "$@" &
  local pid=$! status=0
  if [[ "$enabled" == true ]]; then
    # shellcheck disable=SC2064 # the values are fixed now
    trap "decommission_and_exit ${pid} ${signal@Q} ${seconds}" TERM
    log "worker JVM ${pid}: SIGTERM decommissions it (SIG${signal}, up to ${seconds} s)"
  else
    # shellcheck disable=SC2064
    trap "kill -TERM ${pid} 2> /dev/null || true" TERM
    log "worker JVM ${pid}: decommissioning is off; SIGTERM stops it"
  fi
  # A background job of a script ignores SIGINT: pass it on as a plain stop.
  # shellcheck disable=SC2064
  trap "kill -TERM ${pid} 2> /dev/null || true" INT
  # wait returns early when a trapped signal arrives; go on waiting until the JVM itself has ended.
  while true; do
    status=0
    wait "$pid" || status=$?
    kill -0 "$pid" 2> /dev/null || break
  done
  exit "$status"
}

# Inherited by the drivers and executors the worker starts: Spark's PythonRunner starts a Python driver with
# PYSPARK_DRIVER_PYTHON, executors start their Python workers with PYSPARK_PYTHON.
export_python() {
  export PYSPARK_PYTHON="${PYSPARK_PYTHON:-python3}"
  export PYSPARK_DRIVER_PYTHON
  PYSPARK_DRIVER_PYTHON="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/python-driver.sh"
  [[ -x "$PYSPARK_DRIVER_PYTHON" ]] || die "python-driver.sh not found beside the entrypoint at ${PYSPARK_DRIVER_PYTHON}"
}

main() {
  local role="${SPARK_ROLE:-}"
  [[ "$role" == master || "$role" == worker ]] || die "SPARK_ROLE must be master or worker, was '${role}'"
  [[ -n "${SPARK_HOME:-}" ]] || die "SPARK_HOME must be set"
  compgen -G "${SPARK_HOME}/jars/*.jar" > /dev/null || die "no jars in ${SPARK_HOME}/jars"

  # Spark's worker builds driver/executor command lines itself and needs these.
  export SPARK_HOME
  export SPARK_SCALA_VERSION=2.13
  export SPARK_CONF_DIR="${SPARK_CONF_DIR:-${SPARK_HOME}/conf}"
  SPARK_DAEMON_MEMORY="${SPARK_DAEMON_MEMORY:-512m}"
  to_mb "$SPARK_DAEMON_MEMORY" > /dev/null

  JWS_KEY=""
  if [[ "$role" == master ]]; then
    read_jws_key
  fi
  # Neither the key nor its file name may reach the JVM's environment: the REST server replaces
  # {{NAME}} in submitted properties with the master's environment variable NAME.
  unset SPARK_REST_JWS_KEY SPARK_REST_JWS_KEY_FILE

  local tmp="${SPARK_NODE_TMP:-}"
  umask 077
  if [[ -z "$tmp" ]]; then
    tmp="$(mktemp -d "${TMPDIR:-/tmp}/spark-node.XXXXXX")"
  else
    mkdir -p "$tmp"
    chmod 700 "$tmp"
  fi
  local properties="${tmp}/spark-${role}.properties" argfile="${tmp}/spark-${role}.jvm"
  : > "$properties"
  : > "$argfile"
  chmod 600 "$properties" "$argfile"

  # Exported: the drivers and executors a worker starts inherit it, so they bind and advertise the
  # same private address (Spark's REST server drops SPARK_LOCAL_IP from submitted environments).
  resolve_node_address
  export SPARK_LOCAL_IP="$NODE_ADDRESS"
  log "node address ${SPARK_LOCAL_IP} (from ${NODE_ADDRESS_SOURCE})"
  common_properties >> "$properties"

  local -a args
  if [[ "$role" == master ]]; then
    local host="${SPARK_MASTER_HOST:-${SPARK_LOCAL_IP}}"
    {
      echo "spark.master.rest.enabled=true"
      echo "spark.master.rest.port=${SPARK_MASTER_REST_PORT:-6066}"
      if [[ -n "$JWS_KEY" ]]; then
        echo "spark.master.rest.filters=org.apache.spark.ui.JWSFilter"
        echo "spark.org.apache.spark.ui.JWSFilter.param.secretKey=${JWS_KEY}"
      fi
      if [[ -n "${SPARK_MAX_DRIVERS:-}" ]]; then
        [[ "$SPARK_MAX_DRIVERS" =~ ^[1-9][0-9]*$ ]] || die "SPARK_MAX_DRIVERS must be a positive integer, was '${SPARK_MAX_DRIVERS}'"
        echo "spark.deploy.maxDrivers=${SPARK_MAX_DRIVERS}"
      fi
    } >> "$properties"
    args=(org.apache.spark.deploy.master.Master
      --host "$host"
      --port "${SPARK_MASTER_PORT:-7077}"
      --webui-port "${SPARK_MASTER_WEBUI_PORT:-8080}"
      --properties-file "$properties")
    log "master on ${host}:${SPARK_MASTER_PORT:-7077}, REST ${SPARK_MASTER_REST_PORT:-6066} ($([[ -n "$JWS_KEY" ]] && echo "JWS filter on" || echo "no JWS filter")), UI ${SPARK_MASTER_WEBUI_PORT:-8080}"
  else
    [[ "${SPARK_MASTER_URL:-}" =~ ^spark://[^/]+:[0-9]+$ ]] \
      || die "SPARK_MASTER_URL must look like spark://host:7077, was '${SPARK_MASTER_URL:-}'"
    local host="$SPARK_LOCAL_IP"
    local cores="${SPARK_WORKER_CORES:-$(nproc)}"
    [[ "$cores" =~ ^[1-9][0-9]*$ ]] || die "SPARK_WORKER_CORES must be a positive integer, was '${cores}'"
    local memory="${SPARK_WORKER_MEMORY:-}"
    if [[ -z "$memory" ]]; then
      memory="$(derived_worker_memory)"
    else
      to_mb "$memory" > /dev/null
    fi
    local work_dir="${SPARK_WORKER_DIR:-${PWD}/work}"
    mkdir -p "$work_dir"
    worker_properties >> "$properties"
    add_driver_slots "$properties" "$tmp"
    export_python
    args=(org.apache.spark.deploy.worker.Worker "$SPARK_MASTER_URL"
      --host "$host"
      --port "${SPARK_WORKER_PORT:-0}"
      --cores "$cores"
      --memory "$memory"
      --webui-port "${SPARK_WORKER_WEBUI_PORT:-8081}"
      --work-dir "$work_dir"
      --properties-file "$properties")
    log "worker on ${host} for ${SPARK_MASTER_URL}: ${cores} cores, ${memory}, UI ${SPARK_WORKER_WEBUI_PORT:-8081}"
  fi
  add_extra_conf "$properties" "$argfile"
  class_archive_options
  daemon_java_options
  if [[ "$role" == worker && ${#CLASS_ARCHIVE_OPTS[@]} -gt 0 ]]; then
    # The drivers and executors the worker starts inherit it (Spark offers no node-level option for their JVMs).
    export JAVA_TOOL_OPTIONS="${JAVA_TOOL_OPTIONS:+${JAVA_TOOL_OPTIONS} }${CLASS_ARCHIVE_OPTS[*]}"
  fi

  local java="java"
  [[ -n "${JAVA_HOME:-}" && -x "${JAVA_HOME}/bin/java" ]] && java="${JAVA_HOME}/bin/java"
  # -D options go through an argfile so that s3a credentials stay out of `ps`.
  local -a command=("$java" -Xmx"${SPARK_DAEMON_MEMORY}" "${CLASS_ARCHIVE_OPTS[@]}" "${DAEMON_JAVA_OPTS[@]}" -cp "$(spark_class_path)" \
    @"$argfile" "${args[@]}")
  if [[ "$role" == worker ]]; then
    local wait_seconds="${SPARK_MASTER_WAIT_SECONDS:-120}"
    [[ "$wait_seconds" =~ ^[0-9]+$ ]] || die "SPARK_MASTER_WAIT_SECONDS must be a whole number of seconds, was '${wait_seconds}'"
    await_master "$SPARK_MASTER_URL" "$wait_seconds"
    supervise_worker "$properties" "${command[@]}"
  fi
  # exec: the master JVM becomes this process, so SIGTERM from ECS or local mode reaches Spark directly.
  exec "${command[@]}"
}

# Sourced (tests call the functions), the script only defines them.
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  main "$@"
fi
