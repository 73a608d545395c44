/// The Dockerfile of the image the exported pipelines run in: tusk built from a checkout by the
/// Swift toolchain image, then copied alone onto a slim Ubuntu with the two system libraries it
/// links (libedit, SQLite). The Swift runtime and Foundation are linked in statically
/// (`--static-swift-stdlib`): what is left is libedit, libsqlite3, libstdc++ and libc, and the
/// stripped binary weighs about 68 MB.
enum ClusterDockerfile {
    static let text = """
        # The image tusk's exported pipelines run in (their transform.image): the tusk binary at
        # /usr/local/bin/tusk on a slim Ubuntu. Written by 'tusk export k8s'.
        #
        # Build it from a tusk checkout; the build context is the project, not this folder:
        #   docker build -f EXPORT_DIR/Dockerfile -t tusk:latest .
        # The toolchain matches the one tusk is developed with; change it with
        #   --build-arg SWIFT_VERSION=6.x
        ARG SWIFT_VERSION=6.3

        FROM swift:${SWIFT_VERSION}-noble AS build
        RUN apt-get update \\
            && apt-get install -y --no-install-recommends libedit-dev libsqlite3-dev pkg-config \\
            && rm -rf /var/lib/apt/lists/*
        WORKDIR /src
        # The manifest names every target, tests included, so all of them must be present.
        COPY Package.swift Package.resolved ./
        COPY Sources ./Sources
        COPY Tests ./Tests
        RUN swift build -c release --product tusk --static-swift-stdlib \\
            && install -D -s "$(swift build -c release --product tusk --show-bin-path)/tusk" /usr/local/bin/tusk

        FROM ubuntu:24.04
        RUN apt-get update \\
            && apt-get install -y --no-install-recommends libedit2 libsqlite3-0 \\
            && rm -rf /var/lib/apt/lists/*
        COPY --from=build /usr/local/bin/tusk /usr/local/bin/tusk
        # Pachyderm runs each pipeline's transform.cmd; this is only what a bare 'docker run' does.
        CMD ["tusk", "--help"]

        """
}
