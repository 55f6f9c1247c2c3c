# Build stage: every dependency (the compiler included), the patches applied, src/ compiled to
# dist/; then the development tools pruned, leaving what the runtime stage copies.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
# Applied by the install script (see README, Known issues).
COPY patches ./patches
COPY scripts/apply-patches.mjs ./scripts/apply-patches.mjs
COPY src ./src
# `npm ci` applies the patches (postinstall) and compiles (prepare). Pruning runs no script, so
# the patched dependencies stay patched.
RUN npm ci --no-audit --no-fund \
 && npm prune --omit=dev --ignore-scripts --no-audit --no-fund

# Runtime stage: Node, Chromium, the compiled code and the production dependencies only.
FROM node:20-bookworm-slim
# Debian's Chromium renders JavaScript-only profile pages; Playwright's own browser download is not used.
RUN apt-get update \
 && apt-get install -y --no-install-recommends chromium ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY bin/sleepwatch.mjs ./bin/sleepwatch.mjs
ENV SLEEPWATCH_CHROMIUM_PATH=/usr/bin/chromium
USER node
ENTRYPOINT ["node", "bin/sleepwatch.mjs"]
CMD ["--help"]
