#!/usr/bin/env bash
# Gets Podman ready to stand in for Docker on a machine like CI's (Debian, root, no Docker
# engine, no registry): installs podman and runc, configures them for a container-in-a-VM
# (no default ulimits, cgroupfs, runc), starts Podman's Docker-compatible API socket, and
# builds the local base image the Dockerfile is given instead of node:20-slim.
#
# Source it, so the settings testcontainers reads stay in your shell:
#   source container/podman-setup.sh
set -euo pipefail

if ! command -v podman >/dev/null || ! command -v runc >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq podman runc >/dev/null
fi

conf_dir="${FLOWSIM_PODMAN_DIR:-/tmp/flowsim-podman}"
mkdir -p "$conf_dir" /run/podman
cat >"$conf_dir/containers.conf" <<'CONF'
[containers]
default_ulimits = []

[engine]
cgroup_manager = "cgroupfs"
runtime = "runc"
CONF
export CONTAINERS_CONF="$conf_dir/containers.conf"

socket=/run/podman/podman.sock
if ! curl -s --unix-socket "$socket" http://d/_ping >/dev/null 2>&1; then
  nohup podman system service --time=0 "unix://$socket" >"$conf_dir/service.log" 2>&1 &
  for _ in $(seq 1 50); do
    curl -s --unix-socket "$socket" http://d/_ping >/dev/null 2>&1 && break
    sleep 0.2
  done
fi

export DOCKER_HOST="unix://$socket"
export TESTCONTAINERS_RYUK_DISABLED=true
export TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1
FLOWSIM_BASE_IMAGE="${FLOWSIM_BASE_IMAGE:-localhost/flowsim-node-base:20}"
podman image exists "$FLOWSIM_BASE_IMAGE" || "$(dirname "${BASH_SOURCE[0]}")/local-base-image.sh" "$FLOWSIM_BASE_IMAGE" >/dev/null
export FLOWSIM_BASE_IMAGE
echo "podman: $(podman --version), API at $DOCKER_HOST, base image $FLOWSIM_BASE_IMAGE"
