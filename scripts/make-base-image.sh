#!/usr/bin/env bash
# Make a local stand-in for docker.io/library/python:3.11-slim when no registry can be reached.
#
# Debian bookworm's python3 is 3.11, so a minimal bookworm root file system with python3, venv,
# pip and the machine's CA certificates, imported into podman under the official name, lets an
# unchanged `FROM python:3.11-slim` build with `podman build --pull=never`.
#
# Idempotent: does nothing when podman already has the image.  Needs root, podman and
# debootstrap (scripts/container-test.sh installs them).  See docs/container.md.
#
# Environment:
#   BASE_IMAGE     image name to create (default docker.io/library/python:3.11-slim)
#   DEBIAN_MIRROR  mirror for debootstrap (default: the one apt already uses)
#   DEBIAN_SUITE   suite (default bookworm: its python3 is 3.11)
set -euo pipefail

BASE_IMAGE="${BASE_IMAGE:-docker.io/library/python:3.11-slim}"
DEBIAN_SUITE="${DEBIAN_SUITE:-bookworm}"
PACKAGES="python3,python3-venv,python3-pip,python-is-python3,ca-certificates"

say() { printf 'make-base-image: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

# The mirror apt already uses (deb822 sources first, then the one-line format), not security.
apt_mirror() {
  local uri
  uri="$(grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null \
    | awk '{print $2}' | grep -v -- '-security' | head -n 1 || true)"
  if [ -z "$uri" ]; then
    uri="$(grep -hs '^deb ' /etc/apt/sources.list 2>/dev/null \
      | awk '{print $2}' | grep -v -- '-security' | head -n 1 || true)"
  fi
  printf '%s\n' "${uri:-http://deb.debian.org/debian}"
}

command -v podman >/dev/null || die "podman is not installed (apt-get install -y podman runc)"

if podman image exists "$BASE_IMAGE"; then
  say "$BASE_IMAGE already present: nothing to do"
  exit 0
fi

[ "$(id -u)" -eq 0 ] || die "debootstrap and chroot need root"
command -v debootstrap >/dev/null || die "debootstrap is not installed (apt-get install -y debootstrap)"

MIRROR="${DEBIAN_MIRROR:-$(apt_mirror)}"
ROOTFS="$(mktemp -d /var/tmp/python-slim-rootfs.XXXXXX)"
trap 'rm -rf --one-file-system "$ROOTFS"' EXIT

say "debootstrap $DEBIAN_SUITE from $MIRROR into $ROOTFS (about a minute)"
debootstrap --variant=minbase --include="$PACKAGES" "$DEBIAN_SUITE" "$ROOTFS" "$MIRROR" \
  >"$ROOTFS.log" 2>&1 || { tail -n 30 "$ROOTFS.log" >&2; rm -f "$ROOTFS.log"; die "debootstrap failed"; }
rm -f "$ROOTFS.log"

# A global pip works in the official image; Debian marks its Python as externally managed.
rm -f "$ROOTFS"/usr/lib/python3*/EXTERNALLY-MANAGED

# Outbound TLS may be re-signed by a local CA: give the image the machine's extra certificates.
shopt -s nullglob
extra_certs=(/usr/local/share/ca-certificates/*.crt)
shopt -u nullglob
if [ ${#extra_certs[@]} -gt 0 ]; then
  mkdir -p "$ROOTFS/usr/local/share/ca-certificates"
  cp "${extra_certs[@]}" "$ROOTFS/usr/local/share/ca-certificates/"
fi
chroot "$ROOTFS" update-ca-certificates >/dev/null

# Slim it as the official image is slimmed.
rm -rf "$ROOTFS"/var/lib/apt/lists/* "$ROOTFS"/var/cache/apt/*.bin \
  "$ROOTFS"/var/cache/apt/archives/*.deb "$ROOTFS"/usr/share/doc/* "$ROOTFS"/usr/share/man/*

say "importing as $BASE_IMAGE"
tar --numeric-owner -C "$ROOTFS" -c . \
  | podman import --quiet \
    --change 'ENV LANG=C.UTF-8' \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["python3"]' \
    - "$BASE_IMAGE" >/dev/null
say "$BASE_IMAGE ready (python $(chroot "$ROOTFS" python3 -c 'import sys; print(sys.version.split()[0])'))"
