# The suite binaries of `make dist` in a small image that runs as a non-root
# user. VENDOR picks the suite (default edfi); arguments are suite flags:
#   docker build --build-arg VERSION=$(git describe --tags --always) -t edconform .
#   docker run --rm --user "$(id -u)" -v "$PWD:/work" -e VENDOR=edfi edconform --profile=acme.yaml
# Reports land in ./reports of the mounted folder.

FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN make dist VERSION="$VERSION" DIST=/src/dist

FROM debian:stable-slim
# CA certificates, for targets served over HTTPS.
RUN apt-get update \
	&& apt-get install -y --no-install-recommends ca-certificates \
	&& rm -rf /var/lib/apt/lists/* \
	&& useradd --system --uid 10001 --user-group --create-home edconform \
	&& mkdir /work && chown edconform:edconform /work
COPY --from=build /src/dist/ /opt/edconform/
COPY scripts/docker-entrypoint.sh /opt/edconform/edconform
USER edconform
WORKDIR /work
ENV VENDOR=edfi
ENTRYPOINT ["/opt/edconform/edconform"]
