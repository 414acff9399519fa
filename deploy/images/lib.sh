# Shared by deploy/images/build-base, build-images and smoke. Sourced, not run.
#
# Podman here is Debian's podman 4.3, usually run as root on a CI machine. It is configured without touching
# /etc: a containers.conf under deploy/images/target/ (runtime runc, default ulimits, cgroupfs, file events) is
# passed with CONTAINERS_CONF. TALLY_IMAGES_LENIENT=1 turns "podman not available" into a skip (exit 0);
# otherwise it fails loudly.

images_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$images_dir/../.." && pwd)
work=$images_dir/target
mkdir -p "$work"

services=(write-side/ledger-service read-side/accounts-view read-side/backoffice-view read-side/audit-view)
declare -A service_port=([write-side/ledger-service]=8080 [read-side/accounts-view]=8081 [read-side/backoffice-view]=8082 [read-side/audit-view]=8083)

BASE_JRE_IMAGE=${TALLY_BASE_JRE_IMAGE:-localhost/tally-base-jre:bookworm-17}
BASE_MINIMAL_IMAGE=${TALLY_BASE_MINIMAL_IMAGE:-localhost/tally-base-minimal:bookworm}

log() { printf '%s\n' "$*"; }
die() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }

image_name() { # write-side/ledger-service -> tally-write-side, read-side/accounts-view -> tally-accounts-view
  case $1 in
    write-side/*) echo tally-write-side ;;
    *) echo "tally-${1##*/}" ;;
  esac
}

require_podman() {
  if ! command -v podman >/dev/null 2>&1; then
    if [[ ${TALLY_IMAGES_LENIENT:-0} == 1 ]]; then
      log "skipped: podman not available (TALLY_IMAGES_LENIENT=1)"
      exit 0
    fi
    die "podman not available: install podman (Debian: apt-get install podman runc buildah debootstrap uidmap fuse-overlayfs slirp4netns), or set TALLY_IMAGES_LENIENT=1 to skip"
  fi
  configure_podman
}

# Idempotent: writes the config file only when its content changes; honours a CONTAINERS_CONF the caller set.
configure_podman() {
  if [[ -n ${CONTAINERS_CONF:-} && ${TALLY_IMAGES_OWN_CONF:-} != "$CONTAINERS_CONF" ]]; then
    return 0
  fi
  local conf=$work/containers.conf runtime=runc
  # As root, podman sets nofile/nproc from its own (raised) limits, and where root lacks CAP_SYS_RESOURCE (as
  # here) runc may not set them ("error setting rlimit type 6/7: operation not permitted"). Default to values
  # well below this shell's hard limits (a JVM needs far fewer); TALLY_PODMAN_NOFILE / TALLY_PODMAN_NPROC override.
  local nofile nproc
  nofile=$(ulimit -Hn); [[ $nofile == unlimited || $nofile -ge 32768 ]] && nofile=16384 || nofile=$((nofile / 2))
  nproc=$(ulimit -Hu); [[ $nproc == unlimited || $nproc -ge 16384 ]] && nproc=8192 || nproc=$((nproc / 2))
  nofile=${TALLY_PODMAN_NOFILE:-$nofile}; nproc=${TALLY_PODMAN_NPROC:-$nproc}
  local want
  want=$(cat <<CONF
# Written by deploy/images/lib.sh; used through CONTAINERS_CONF, /etc is left alone.
[containers]
default_ulimits = ["nofile=$nofile:$nofile", "nproc=$nproc:$nproc"]
cgroupns = "host"
[engine]
runtime = "$runtime"
cgroup_manager = "cgroupfs"
events_logger = "file"
CONF
)
  if [[ ! -f $conf ]] || [[ $(cat "$conf") != "$want" ]]; then
    printf '%s\n' "$want" >"$conf"
  fi
  export CONTAINERS_CONF=$conf TALLY_IMAGES_OWN_CONF=$conf
  if ! podman info >/dev/null 2>"$work/podman-info.err"; then
    if [[ ${TALLY_IMAGES_LENIENT:-0} == 1 ]]; then
      log "skipped: podman is installed but does not work here ($(head -c 300 "$work/podman-info.err"))"
      exit 0
    fi
    die "podman info failed: $(cat "$work/podman-info.err")"
  fi
}

# The Debian mirror this machine's apt already uses (never written into a committed file): the first deb URI
# whose suites include the main bookworm suite, from sources.list (one-line format) or sources.list.d (*.list,
# *.sources deb822). TALLY_DEBIAN_MIRROR overrides.
debian_mirror() {
  if [[ -n ${TALLY_DEBIAN_MIRROR:-} ]]; then echo "$TALLY_DEBIAN_MIRROR"; return; fi
  local suite=${1:-bookworm} f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -f $f ]] || continue
    # deb [options] URI suite components
    awk -v s="$suite" '$1=="deb" { i=2; if ($2 ~ /^\[/) { while ($i !~ /\]$/) i++; i++ } if ($(i+1)==s) { print $i; exit } }' "$f"
  done | head -n1 | grep . && return
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f $f ]] || continue
    awk -v s="$suite" '
      function flush() { if (deb && uri != "" && (" " suites " ") ~ (" " s " ")) { print uri; found=1; exit } deb=0; uri=""; suites="" }
      /^[ \t]*$/ { flush(); next }
      /^#/ { next }
      tolower($1)=="types:" { deb = ($0 ~ /[ \t]deb([ \t]|$)/) }
      tolower($1)=="uris:" { uri=$2 }
      tolower($1)=="suites:" { $1=""; suites=$0 }
      END { if (!found) flush() }' "$f"
  done | head -n1 | grep . && return
  return 1
}

# Image size in MB as podman reports it (uncompressed, all layers).
image_size_mb() {
  podman image inspect --format '{{.Size}}' "$1" 2>/dev/null | awk '{printf "%.0f", $1/1000000}'
}
