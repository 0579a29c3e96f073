# PostgreSQL from Debian's packages, for the postgres StatefulSet when no registry image is
# reachable. Behaves like the official image as far as deploy/k8s uses it: uid 999, PGDATA,
# POSTGRES_PASSWORD/POSTGRES_USER, and /docker-entrypoint-initdb.d run once on an empty folder.
#   podman build -f deploy/docker/data/postgres.Dockerfile -t localhost/emporium-data/postgres:15 deploy/docker/data
ARG DEBIAN_IMAGE=debian:bookworm-slim
FROM ${DEBIAN_IMAGE}
# The user first, so the package keeps uid 999 (what the manifests' securityContext names);
# no default cluster: the entrypoint runs initdb on the volume.
RUN groupadd --system --gid 999 postgres \
 && useradd --system --uid 999 --gid 999 --home-dir /var/lib/postgresql --shell /bin/bash postgres \
 && mkdir -p /etc/postgresql-common \
 && echo 'create_main_cluster = false' >/etc/postgresql-common/createcluster.conf \
 && apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql-15 \
 && rm -rf /var/lib/apt/lists/*
ENV PATH=/usr/lib/postgresql/15/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    PGDATA=/var/lib/postgresql/data \
    LANG=C.UTF-8
COPY postgres-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
USER 999:999
EXPOSE 5432
ENTRYPOINT ["docker-entrypoint.sh"]
