# The service image: the API (`node dist/src/server.js`, the default) or a
# queue worker (`node dist/src/worker.js`) against an external PostgreSQL.
FROM node:22-bookworm-slim AS build
WORKDIR /app

COPY package.json package-lock.json prisma.config.ts ./
# The postinstall step generates the Prisma client from prisma/schema.prisma.
COPY prisma ./prisma
RUN npm ci --no-audit --no-fund

COPY . .
RUN npm run build && npm prune --omit=dev --no-audit --no-fund


FROM node:22-bookworm-slim
WORKDIR /app

# The prisma CLI stays (a dependency): the service applies its migrations at start-up.
COPY --from=build /app/package.json /app/package-lock.json /app/prisma.config.ts ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/prisma ./prisma
COPY --from=build /app/dist ./dist

USER node
ENV HOST=0.0.0.0 PORT=4000
EXPOSE 4000
CMD ["node", "dist/src/server.js"]
