# syntax=docker/dockerfile:1
# The web app (apps/web): built by Vite, served as static files by nginx from Debian as uid 1000.
#   docker build -f deploy/docker/web.Dockerfile -t emporium/web:<tag> .
# `npm run images:build` builds it with podman on locally made NODE_IMAGE and DEBIAN_IMAGE.
ARG NODE_IMAGE=node:20-slim
ARG DEBIAN_IMAGE=debian:bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY . .
# Dev dependencies are needed here: Vite and TypeScript build the bundle.
RUN --mount=type=cache,target=/root/.npm \
    npm ci --no-audit --no-fund -w apps/web --include-workspace-root
RUN npm run build -w apps/web

FROM ${DEBIAN_IMAGE} AS runtime
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nginx-light \
 && rm -rf /var/lib/apt/lists/* /etc/nginx/sites-enabled /etc/nginx/conf.d/* /var/log/nginx
COPY deploy/docker/web-nginx-main.conf /etc/nginx/nginx.conf
COPY deploy/docker/web-nginx.conf /etc/nginx/conf.d/default.conf
COPY --from=build /app/apps/web/dist/ /usr/share/nginx/html/
# No root, no privileged port (8080); nginx writes only below /tmp (a tmpfs or emptyDir), so the
# root filesystem can be read-only.
USER 1000:1000
EXPOSE 8080
CMD ["nginx", "-e", "stderr", "-g", "daemon off;"]
