# Source this file: starts a private D-Bus session and an unlocked gnome-keyring (Secret Service),
# so keytar works headless. `keyring_down` stops both. Used by the test command and CI.
keyring_up() {
  export XDG_RUNTIME_DIR=$(mktemp -d /tmp/bastide-xdg-XXXXXX)
  chmod 700 "$XDG_RUNTIME_DIR"
  export XDG_DATA_HOME=$XDG_RUNTIME_DIR/data
  mkdir -p "$XDG_DATA_HOME"
  export DBUS_SESSION_BUS_ADDRESS=unix:path=$XDG_RUNTIME_DIR/bus
  BASTIDE_DBUS_PID=$(dbus-daemon --session --address="$DBUS_SESSION_BUS_ADDRESS" --fork --print-pid 2>/dev/null)
  # --unlock creates the login keyring with this password when none exists.
  eval "$(printf '%s' 'bastide-test-keyring' | gnome-keyring-daemon --unlock --components=secrets --daemonize)"
  export GNOME_KEYRING_CONTROL
}
keyring_down() {
  # gnome-keyring-daemon exits with its bus.
  [ -n "${BASTIDE_DBUS_PID:-}" ] && kill "$BASTIDE_DBUS_PID" 2>/dev/null
  [ -n "${XDG_RUNTIME_DIR:-}" ] && rm -rf "$XDG_RUNTIME_DIR"
  unset DBUS_SESSION_BUS_ADDRESS GNOME_KEYRING_CONTROL BASTIDE_DBUS_PID
}
