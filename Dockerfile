# Retrofill worker image. TypeScript runs through tsx, so there is no build step.
FROM node:20-bookworm-slim

WORKDIR /app

COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

COPY . .

CMD ["npx", "retrofill", "worker", "--assets", "./examples/demo/assets.ts"]
