# FerretDB (the MongoDB wire protocol) on SQLite, for the mongodb StatefulSet when no registry
# image is reachable: one static binary, built from the Go module proxy by
# scripts/images/data-images.sh and copied in; data in /data/db (the StatefulSet's volume).
# The product service's login comes from the same Secret the MongoDB init script reads.
ARG DEBIAN_IMAGE=debian:bookworm-slim
FROM ${DEBIAN_IMAGE}
RUN groupadd --system --gid 999 mongodb \
 && useradd --system --uid 999 --gid 999 --home-dir /data/db --shell /usr/sbin/nologin mongodb \
 && mkdir -p /data/db && chown 999:999 /data/db
COPY ferretdb /usr/local/bin/ferretdb
COPY ferretdb-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
USER 999:999
EXPOSE 27017
ENTRYPOINT ["docker-entrypoint.sh"]
