# Redis from Debian's packages (7.0), for the redis StatefulSet when no registry image is
# reachable: uid 999, data in /data, `redis-server` and `redis-cli` on PATH like the official image.
#   podman build -f deploy/docker/data/redis.Dockerfile -t localhost/emporium-data/redis:7.0 deploy/docker/data
ARG DEBIAN_IMAGE=debian:bookworm-slim
FROM ${DEBIAN_IMAGE}
RUN groupadd --system --gid 999 redis \
 && useradd --system --uid 999 --gid 999 --home-dir /data --shell /usr/sbin/nologin redis \
 && apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends redis-server \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /data && chown 999:999 /data
# Without a config file Redis listens on every interface and writes to its working directory.
WORKDIR /data
USER 999:999
EXPOSE 6379
CMD ["redis-server"]
