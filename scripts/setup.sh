#!/usr/bin/env bash
# Installs what Bastide needs on a fresh Debian 12 machine: Debian packages, Node 24 and the npm dependencies.
# Safe to run again: it only installs what is missing or out of date.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  chromium xvfb xauth                                   # end-to-end tests, the app without Electron
  libsecret-1-dev pkg-config gnome-keyring dbus libsecret-tools   # keytar build + a real keychain in tests
  dovecot-imapd dovecot-lmtpd dovecot-submissiond opensmtpd     # real mail servers in tests
  prosody lua-unbound radicale rclone                   # real XMPP, CalDAV and WebDAV servers in tests
)
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "setup: installing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

source scripts/bootstrap-node.sh

# npm ci only when the lockfile changed since the last install (or node_modules is missing).
stamp=node_modules/.bastide-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)-$(node -v)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi
