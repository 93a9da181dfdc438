# intune-mock as a container image.
#
#   docker build -t intune-mock .
#   docker run --rm -p 8080:8080 -p 8443:8443 -v intune-mock-data:/data intune-mock
#
# Base image: node:24-alpine, the current Node LTS on the smallest official Node image. The mock is
# pure JavaScript (no native addons: the only package with an install script is esbuild, a dev
# dependency), so musl instead of glibc changes nothing for it. node:24-slim (Debian, glibc) is a
# drop-in alternative if you prefer it: only the two FROM lines change; both images have the `node`
# user (uid 1000) used below. Pin a digest (node:24-alpine@sha256:…) for reproducible builds.
#
# Every RUN step works relative to WORKDIR (no absolute paths): test/docker/dockerfile-replay.test.ts
# replays this file without a Docker engine, in a temporary directory per stage, and relies on it.

# ---- build: all dependencies, compile TypeScript, then drop the dev dependencies -------------------
FROM node:24-alpine AS build
WORKDIR /app
# The lockfile first, so that the dependency layer is reused while only sources change.
COPY package.json package-lock.json ./
# --ignore-scripts: no lifecycle script runs at all. The build needs tsc and esbuild (it bundles the CLI:
# scripts/bundle-cli.mjs); esbuild's binary comes with its platform package (@esbuild/linux-x64, an optional
# dependency), its install script would only check it.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/bundle-cli.mjs scripts/bundle-console.mjs ./scripts/
COPY src ./src
COPY console ./console
COPY fixtures ./fixtures
# tsc's build info (tsconfig.build.json is composite, for npm test's type check) is no part of the image, as it is none of the package.
RUN npm run build && rm -f dist/.tsbuildinfo && npm prune --omit=dev --ignore-scripts --no-audit --no-fund && mkdir -p data

# ---- runtime: production dependencies, compiled code and the fixtures; nothing else ----------------
FROM node:24-alpine
ENV NODE_ENV=production \
    INTUNE_MOCK_HOST=0.0.0.0 \
    INTUNE_MOCK_HTTP_PORT=8080 \
    INTUNE_MOCK_HTTPS_PORT=8443 \
    INTUNE_MOCK_PROXY_PORT=8888 \
    INTUNE_MOCK_DATA=/data
WORKDIR /app
# Owned by root and read-only for the user that runs the mock.
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/fixtures ./fixtures
# The data directory (db.json, and keys/ with the CA behind HTTPS) must be writable by `node`; a named
# volume mounted here starts as a copy of it, ownership included. Declared as a VOLUME only after this.
COPY --from=build --chown=node:node /app/data /data
USER node
# 8888: the proxy for clients that cannot change their URL (README: Use it as a proxy); INTUNE_MOCK_PROXY_PORT= turns it off.
EXPOSE 8080 8443 8888
VOLUME /data
# No curl in the image: Node's own fetch. Follows INTUNE_MOCK_HTTP_PORT if you change the port.
HEALTHCHECK --interval=5s --timeout=3s --start-period=15s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.INTUNE_MOCK_HTTP_PORT || 8080) + '/_mock/health', { signal: AbortSignal.timeout(2500) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The mock listens on 0.0.0.0 here, so its default --control-auth auto asks for the control key on /_mock
# (README.md#control-key): the banner (`docker logs`) prints the one generated into /data/control-key, or set
# INTUNE_MOCK_CONTROL_KEY. The HEALTHCHECK's /_mock/health needs no key.
# Exec form: node is PID 1 and receives SIGTERM from `docker stop`; the CLI then closes its listeners,
# flushes db.json and exits 0 (a second signal exits at once). Configure with INTUNE_MOCK_* variables,
# or append flags: docker run … intune-mock node dist/cli.js --ruleset 2025
CMD ["node", "dist/cli.js"]
