# flowsim's simulator as an image: `docker build -t flowsim .`, then
# `docker run -p 4566:4566 flowsim` (or `... flowsim --clock real --no-control`).
# Settings by environment (or the same options as arguments, `flowsim serve --help`):
# FLOWSIM_PORT, FLOWSIM_CLOCK (virtual|real), FLOWSIM_SEED, FLOWSIM_FLOWS (a folder of flow
# exports inside the container, e.g. a mounted volume), FLOWSIM_NO_CONTROL=true.
# Machines that cannot pull node:20-slim pass their own base: --build-arg BASE_IMAGE=...
ARG BASE_IMAGE=node:20-slim

FROM ${BASE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
# Production dependencies only: tsx brings esbuild, which bundles the server below.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund
COPY simulators ./simulators
COPY container/entry.ts ./container/entry.ts
# ws's optional native helpers stay out: ws works without them. CommonJS dependencies in an
# ES module bundle need a `require`, which the banner provides.
RUN node node_modules/esbuild/bin/esbuild container/entry.ts --bundle --platform=node --target=node20 \
      --format=esm --outfile=/out/flowsim.mjs --external:bufferutil --external:utf-8-validate \
      "--banner:js=import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);"

FROM ${BASE_IMAGE}
ARG VERSION=0.1.0
LABEL org.opencontainers.image.title="flowsim" \
      org.opencontainers.image.description="Amazon Connect and Webex Contact Center flow simulator: the Connect and Participant APIs, chat websockets and a control plane on one port" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.licenses="Apache-2.0"
WORKDIR /app
COPY --from=build /out/flowsim.mjs /app/flowsim.mjs
ENV NODE_ENV=production \
    FLOWSIM_HOST=0.0.0.0 \
    FLOWSIM_PORT=4566
USER 1000:1000
EXPOSE 4566
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.FLOWSIM_PORT || 4566) + '/_flowsim/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "/app/flowsim.mjs", "serve"]
