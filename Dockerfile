# Retrofill worker image. TypeScript runs through tsx, so there is no build step.
FROM node:20-bookworm-slim

WORKDIR /app

COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

COPY . .

# A bounded heap: V8 otherwise sizes it from the machine and collects lazily (docs/operating.md#worker-memory).
ENV NODE_OPTIONS=--max-old-space-size=320

CMD ["npx", "retrofill", "worker", "--assets", "./examples/demo/assets.ts"]
