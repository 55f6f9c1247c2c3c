FROM node:20-bookworm-slim
# Debian's Chromium renders JavaScript-only profile pages; Playwright's own browser download is not used.
RUN apt-get update \
 && apt-get install -y --no-install-recommends chromium ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
# Applied by patch-package after the install (see README, Known issues).
COPY patches ./patches
RUN npm ci --omit=dev --no-audit --no-fund
COPY bin ./bin
COPY src ./src
ENV SLEEPWATCH_CHROMIUM_PATH=/usr/bin/chromium
USER node
ENTRYPOINT ["node", "bin/sleepwatch.mjs"]
CMD ["--help"]
