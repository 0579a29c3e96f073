# RabbitMQ from Debian's packages (3.10 on Erlang 25), for the rabbitmq StatefulSet when no
# registry image is reachable: uid 999, state in /var/lib/rabbitmq, config from /etc/rabbitmq.
#   podman build -f deploy/docker/data/rabbitmq.Dockerfile -t localhost/emporium-data/rabbitmq:3.10 deploy/docker/data
ARG DEBIAN_IMAGE=debian:bookworm-slim
FROM ${DEBIAN_IMAGE}
RUN groupadd --system --gid 999 rabbitmq \
 && useradd --system --uid 999 --gid 999 --home-dir /var/lib/rabbitmq --shell /bin/sh rabbitmq \
 && apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends rabbitmq-server \
 && rm -rf /var/lib/apt/lists/* \
 && chown -R 999:999 /var/lib/rabbitmq
ENV HOME=/var/lib/rabbitmq \
    RABBITMQ_LOGS=- \
    ERL_CRASH_DUMP=/tmp/erl_crash.dump \
    LANG=C.UTF-8
COPY rabbitmq-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
WORKDIR /var/lib/rabbitmq
USER 999:999
EXPOSE 5672 15672 15692
ENTRYPOINT ["docker-entrypoint.sh"]
