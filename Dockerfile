# landform's container image, for machines that build images from a
# Dockerfile. scripts/image.sh makes the same image with no runtime and no
# registry (internal/image), and the tests inspect that one.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -o /out/landform ./cmd/landform && mkdir /out/work

FROM scratch
LABEL org.opencontainers.image.title="landform" \
      org.opencontainers.image.source="https://github.com/landform/landform"
COPY --from=build /out/landform /landform
COPY --from=build --chown=1000:1000 /out/work /work
USER 1000:1000
WORKDIR /work
ENTRYPOINT ["/landform"]
