#!/usr/bin/env bash
# Starts one Spark Standalone node, master or worker, from environment variables.
# The same script runs in the container image (ECS task definitions set the variables) and on this
# machine in local mode (SPARK_HOME = a folder holding jars/ and conf/ assembled from Maven jars).
#
#   SPARK_ROLE               master | worker (required)
#   SPARK_HOME               Spark installation; only jars/ (and optionally conf/) are used
#   SPARK_LOCAL_IP           address to bind; also the default advertised host
#   SPARK_MASTER_HOST        master: bind/advertise host (default: SPARK_LOCAL_IP, else this host's IP)
#   SPARK_MASTER_PORT        master RPC port (7077)
#   SPARK_MASTER_REST_PORT   REST submission port (6066)
#   SPARK_MASTER_WEBUI_PORT  master UI port (8080)
#   SPARK_MASTER_URL         worker: spark://host:port of the master (required)
#   SPARK_WORKER_CORES       worker cores (default: nproc)
#   SPARK_WORKER_MEMORY      worker memory for executors and drivers, e.g. 2g
#                            (default: container memory limit minus daemon overhead)
#   SPARK_WORKER_WEBUI_PORT  worker UI port (8081)
#   SPARK_WORKER_PORT        worker RPC port (0 = any)
#   SPARK_WORKER_DIR         worker work dir (default: ./work)
#   SPARK_REST_JWS_KEY       base64url HS256 key (>= 256 bits) for the REST server's JWSFilter, or
#   SPARK_REST_JWS_KEY_FILE  a file holding it (local mode)
#   SPARK_EXTRA_CONF         newline-separated spark.key=value lines added to the node's properties
#                            and to its JVM as -D (the worker fetches s3a:// jars with them)
#   SPARK_DAEMON_MEMORY      heap of the master/worker JVM itself (512m)
#   SPARK_MAX_DRIVERS        master: spark.deploy.maxDrivers (cap on running drivers)
#   SPARK_NODE_TMP           where the node's generated properties go (default: mktemp -d under TMPDIR)
#   SPARK_WORKER_DRIVER_SLOTS worker: drivers this worker may host (the `driverSlot` resource every submission
#                            asks for); unset = none, so the master places no driver here (Spot workers)
set -euo pipefail

readonly MIN_KEY_BYTES=32

die() {
  echo "spark-burst entrypoint: $*" >&2
  exit 64
}

log() {
  echo "spark-burst entrypoint: $*" >&2
}

# First IPv4 address of this host that is not loopback: the task's ENI address on ECS (awsvpc).
host_ip() {
  local candidate
  for candidate in $(hostname -i 2>/dev/null || true) $(hostname -I 2>/dev/null || true); do
    if [[ "$candidate" =~ ^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$ && "$candidate" != 127.* ]]; then
      echo "$candidate"
      return 0
    fi
  done
  die "cannot find this host's IPv4 address (hostname -i); set SPARK_MASTER_HOST or SPARK_LOCAL_IP"
}

# Memory for executors/drivers: the container limit (cgroup v2, then v1, then the machine) minus the
# daemon's heap and ~300 MB for its JVM overhead and the OS, in MB.
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
  local mb=$(( limit / 1048576 - daemon_mb - 300 ))
  (( mb >= 512 )) || die "only ${mb} MB left for executors after the daemon's ${daemon_mb} MB; set SPARK_WORKER_MEMORY"
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

  local -a args
  if [[ "$role" == master ]]; then
    local host="${SPARK_MASTER_HOST:-${SPARK_LOCAL_IP:-}}"
    [[ -n "$host" ]] || host="$(host_ip)"
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
    local host="${SPARK_LOCAL_IP:-}"
    [[ -n "$host" ]] || host="$(host_ip)"
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
    {
      echo "spark.worker.cleanup.enabled=true"
    } >> "$properties"
    add_driver_slots "$properties" "$tmp"
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

  local java="java"
  [[ -n "${JAVA_HOME:-}" && -x "${JAVA_HOME}/bin/java" ]] && java="${JAVA_HOME}/bin/java"
  # exec: the JVM becomes this process, so SIGTERM from ECS or local mode reaches Spark directly.
  # -D options go through an argfile so that s3a credentials stay out of `ps`.
  exec "$java" -Xmx"${SPARK_DAEMON_MEMORY}" -cp "${SPARK_CONF_DIR}:${SPARK_HOME}/jars/*" \
    @"$argfile" "${args[@]}"
}

main "$@"
