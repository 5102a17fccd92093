# syntax=docker/dockerfile:1
#
# bantin in a container: a static binary (pure Go, no cgo) on a distroless
# base, running as non-root, its database on a volume.
#
#   docker build -t bantin .
#   docker run -d --name bantin -p 8080:8080 -v bantin-data:/var/lib/bantin bantin
#
# Use your own feeds.yaml by mounting it over the shipped one:
#   -v /srv/bantin/feeds.yaml:/etc/bantin/feeds.yaml:ro
# and reload it with `docker kill -s HUP bantin`. On SIGTERM the fetches in
# flight are finished first: `docker stop -t 70` leaves them the 60s a
# request may take. Other commands run with
# the same flags, e.g.:
#   docker run --rm -v bantin-data:/var/lib/bantin bantin \
#     check -config /etc/bantin/feeds.yaml

FROM golang:1.26-bookworm AS build
WORKDIR /src

# Modules first, in their own layer: it is rebuilt only when go.mod or
# go.sum change, not on every edit of the code.
COPY go.mod go.sum ./
RUN go mod download && go mod verify

COPY . .
RUN --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/bantin ./cmd/bantin

# The final image has no shell to make directories with: make the state
# directory here so that it exists owned by the non-root user, and a new
# volume mounted on it inherits that owner.
RUN mkdir -p /out/state

FROM gcr.io/distroless/static-debian12:nonroot

# distroless/static carries CA certificates (portals are fetched over
# HTTPS) and the nonroot user, uid 65532.
COPY --from=build /out/bantin /usr/local/bin/bantin
COPY feeds.yaml /etc/bantin/feeds.yaml
COPY --from=build --chown=65532:65532 /out/state /var/lib/bantin

USER 65532:65532
VOLUME /var/lib/bantin
EXPOSE 8080

# No curl in the image: the binary checks its own /healthz.
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD ["/usr/local/bin/bantin", "healthcheck", "-url", "http://127.0.0.1:8080/healthz"]

ENTRYPOINT ["/usr/local/bin/bantin"]
CMD ["serve", "-config", "/etc/bantin/feeds.yaml", "-db", "/var/lib/bantin/bantin.db", "-addr", "0.0.0.0:8080"]
