#!/usr/bin/env bash
# Builds a stand-in for node:20-slim from this machine's own Node.js, for machines that
# cannot pull images (no registry reachable): the node binary, npm, a shell and `env` (npm's
# shebang needs it), the shared libraries `ldd` lists for them, CA certificates and a `node`
# user. Imported with `podman import` (or `docker import`) under the name given.
#
# Usage: container/local-base-image.sh [image-name]   (default localhost/flowsim-node-base:20)
set -euo pipefail
name="${1:-localhost/flowsim-node-base:20}"
engine="${CONTAINER_ENGINE:-podman}"
root="$(mktemp -d)"
trap 'rm -rf "$root"' EXIT

node_bin="$(readlink -f "$(command -v node)")"
npm_dir="$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")"
sh_bin="$(readlink -f /bin/sh)"
env_bin="$(readlink -f /usr/bin/env)"

copy() { mkdir -p "$root$(dirname "$2")"; cp -L "$1" "$root$2"; }
copy "$node_bin" /usr/local/bin/node
copy "$sh_bin" /bin/sh
copy "$env_bin" /usr/bin/env
for bin in "$node_bin" "$sh_bin" "$env_bin"; do
  ldd "$bin" | grep -o '/[^ ]*' | while read -r lib; do copy "$lib" "$lib"; done
done
mkdir -p "$root/usr/local/lib/node_modules"
cp -a "$npm_dir" "$root/usr/local/lib/node_modules/npm"
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/local/bin/npm"
copy /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
mkdir -p "$root/etc" "$root/tmp" "$root/home/node" "$root/root"
chmod 1777 "$root/tmp"
printf 'root:x:0:0:root:/root:/bin/sh\nnode:x:1000:1000::/home/node:/bin/sh\n' > "$root/etc/passwd"
printf 'root:x:0:\nnode:x:1000:\n' > "$root/etc/group"
printf 'cafile=/etc/ssl/certs/ca-certificates.crt\n' > "$root/etc/npmrc"
chown -R 1000:1000 "$root/home/node"

tar -C "$root" -c . | "$engine" import \
  --change 'ENV PATH=/usr/local/bin:/usr/bin:/bin' \
  --change 'ENV NPM_CONFIG_GLOBALCONFIG=/etc/npmrc' \
  --change 'CMD ["node"]' \
  - "$name" >/dev/null
echo "$name"
