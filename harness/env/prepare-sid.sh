#!/bin/sh
# Prepare a Debian unstable (sid) root filesystem holding the *current* releases of the
# servers under test, so datasets are not recorded on Debian 12's 2022-era versions.
# Idempotent: an existing, complete rootfs is only refreshed (apt-get install is a no-op
# when everything is present). The rootfs lives outside the repo; it is a cache.
#
# Usage: sh harness/env/prepare-sid.sh [ROOTFS_DIR]   (default /var/cache/worker-models/sid)
set -eu

ROOTFS="${1:-/var/cache/worker-models/sid}"
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
# Everything the apps import plus the server packages; python3-psycopg-c is psycopg's C build,
# which production installs use (pip's psycopg[c] or psycopg[binary]; without it psycopg runs its
# pure-Python implementation). python3-uvicorn-worker is optional:
# it exists only where Debian packages the split-out uvicorn-worker project.
PACKAGES="python3 python3-gunicorn python3-uvicorn python3-gevent python3-greenlet python3-uvloop python3-httptools python3-gunicorn-h1c postgresql-18 python3-psycopg python3-psycopg-c python3-psycopg-pool python3-asyncpg python3-psycogreen pgbouncer python3-flask python3-django python3-fastapi python3-starlette python3-hypercorn python3-daphne"
OPTIONAL_PACKAGES="python3-uvicorn-worker python3-setproctitle austin"

if [ "$(id -u)" -ne 0 ]; then
  echo "prepare-sid: must run as root (debootstrap and chroot need it)" >&2
  exit 1
fi
command -v debootstrap >/dev/null || { echo "prepare-sid: debootstrap missing: apt-get install -y debootstrap" >&2; exit 1; }

if [ ! -x "$ROOTFS/usr/bin/apt-get" ] || [ ! -f "$ROOTFS/.debootstrap-complete" ]; then
  rm -rf "$ROOTFS"
  mkdir -p "$(dirname "$ROOTFS")"
  # minbase keeps the tree small; --include is avoided because it trips on alternatives.
  debootstrap --variant=minbase sid "$ROOTFS" "$MIRROR"
  touch "$ROOTFS/.debootstrap-complete"
fi

# The chroot needs name resolution to reach the mirror.
cp /etc/resolv.conf "$ROOTFS/etc/resolv.conf"

mounted_proc=0
if ! mountpoint -q "$ROOTFS/proc"; then
  mount -t proc proc "$ROOTFS/proc"
  mounted_proc=1
fi
cleanup() { if [ "$mounted_proc" = 1 ]; then umount "$ROOTFS/proc" || true; fi; }
trap cleanup EXIT INT TERM

# The mirror reachable here can serve a Release file past its Valid-Until date; apt would then
# refuse the index altogether. The packages are still signed, so only the freshness check is relaxed.
APT_OPTS="-o Acquire::Check-Valid-Until=false"
# shellcheck disable=SC2086
chroot "$ROOTFS" env DEBIAN_FRONTEND=noninteractive apt-get $APT_OPTS update -q
# shellcheck disable=SC2086
chroot "$ROOTFS" env DEBIAN_FRONTEND=noninteractive apt-get $APT_OPTS install -y -q --no-install-recommends $PACKAGES
for pkg in $OPTIONAL_PACKAGES; do
  if chroot "$ROOTFS" apt-cache show "$pkg" >/dev/null 2>&1; then
    # shellcheck disable=SC2086
    chroot "$ROOTFS" env DEBIAN_FRONTEND=noninteractive apt-get $APT_OPTS install -y -q --no-install-recommends "$pkg" ||
      echo "prepare-sid: $pkg is packaged in sid but cannot be installed there (dependencies); skipping"
  else
    echo "prepare-sid: $pkg is not packaged in sid; skipping"
  fi
done

chroot "$ROOTFS" /usr/bin/python3 - <<'PY'
import importlib.metadata as md
for name in ("gunicorn", "gunicorn-h1c", "uvicorn", "gevent", "greenlet", "uvloop", "httptools", "uvicorn-worker",
             "psycopg", "psycopg-c", "psycopg-pool", "asyncpg", "psycogreen", "flask", "django", "fastapi", "starlette",
             "hypercorn", "daphne"):
    try:
        print(f"{name}=={md.version(name)}")
    except md.PackageNotFoundError:
        print(f"{name}: not installed")
PY
echo "prepare-sid: ready at $ROOTFS"
