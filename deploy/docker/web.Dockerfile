# syntax=docker/dockerfile:1
# The web app (apps/web): built by Vite, served as static files by unprivileged nginx.
#   docker build -f deploy/docker/web.Dockerfile -t emporium/web:<tag> .
ARG NODE_IMAGE=node:20-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY . .
# Dev dependencies are needed here: Vite and TypeScript build the bundle.
RUN --mount=type=cache,target=/root/.npm \
    npm ci --no-audit --no-fund -w apps/web --include-workspace-root
RUN npm run build -w apps/web

# Runs as uid 101 and listens on 8080: no root, no privileged port.
FROM nginxinc/nginx-unprivileged:1.27-alpine AS runtime
COPY deploy/docker/web-nginx.conf /etc/nginx/conf.d/default.conf
COPY --from=build /app/apps/web/dist/ /usr/share/nginx/html/
