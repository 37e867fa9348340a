# syntax=docker/dockerfile:1
#
# actionplan in a container: a static build on an empty base image, with no
# shell and nothing else in it. Build and run it from the repository:
#
#   docker build -t actionplan .
#   docker run --rm -v "$PWD:/records" -u "$(id -u):$(id -g)" actionplan check
#
# The records repository is mounted at /records, the working folder. The
# image has no git, so `diff` and `build --history` cannot run in it, and
# `serve` listens on the container's own 127.0.0.1. See docs/install.md.

# The build stage: Alpine's C library is musl, so the build is static.
FROM rust:1.92-alpine3.22 AS build
# A C compiler and musl's headers, for the allocator (mimalloc, which is C).
# hadolint ignore=DL3018
RUN apk add --no-cache gcc musl-dev
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
COPY src ./src
COPY templates ./templates
COPY assets ./assets
COPY .github/workflows ./.github/workflows
COPY .github/ISSUE_TEMPLATE ./.github/ISSUE_TEMPLATE
COPY benches ./benches
COPY bench/floor.rs ./bench/floor.rs
ENV RUSTFLAGS="-C target-feature=+crt-static"
RUN cargo build --release --locked \
 && cp target/release/actionplan /actionplan

# The image: the program alone. It brings its own copy of the time zone
# database, so `time_zone` in actionplan.toml works without one here.
FROM scratch
COPY --from=build /actionplan /usr/local/bin/actionplan
WORKDIR /records
USER 65532:65532
ENTRYPOINT ["/usr/local/bin/actionplan"]
CMD ["check"]
