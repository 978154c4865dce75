# ogi's image for crawl shards and builds (deploy/k8s, deploy/slurm with
# Apptainer). Build: docker build -t ogi:latest .
# DuckDB's Go binding needs cgo, so the binary is built on Debian with gcc
# and run on Debian slim with pdftotext (poppler-utils) for PDF reports.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=1 go build -trimpath -o /out/ogi ./cmd/ogi

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates poppler-utils libstdc++6 \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /out/ogi /usr/local/bin/ogi
# Shards share nothing but the output folder, mounted here.
VOLUME /data
WORKDIR /data
USER 65532:65532
ENTRYPOINT ["/usr/local/bin/ogi"]
