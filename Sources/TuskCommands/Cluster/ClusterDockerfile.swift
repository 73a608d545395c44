/// The Dockerfile of the images the exported pipelines run in: tusk built from a checkout by the
/// Swift toolchain image, then copied alone onto a slim Ubuntu with the two system libraries it
/// links (libedit, SQLite). The Swift runtime and Foundation are linked in statically
/// (`--static-swift-stdlib`): what is left is libedit, libsqlite3, libstdc++ and libc, and the
/// stripped binary weighs about 68 MB. A third stage, `deploy`, adds what a deploy step runs
/// beside tusk: `kubectl` (a pinned release, checked against its published SHA-256) and `rclone`.
enum ClusterDockerfile {
    static let text = """
        # The images tusk's exported pipelines run in (their transform.image). Written by 'tusk export k8s'.
        #   --target tusk    the tusk binary at /usr/local/bin/tusk on a slim Ubuntu: every step but deploy steps
        #   --target deploy  the same, with kubectl and rclone: the deploy steps
        #
        # Build them from the root of a tusk checkout (the build context is the project, not this folder):
        #   docker build -f EXPORT_DIR/Dockerfile --target tusk -t REGISTRY/tusk:TAG .
        #   docker build -f EXPORT_DIR/Dockerfile --target deploy -t REGISTRY/tusk-deploy:TAG .
        # BuildKit (docker's default builder) reads EXPORT_DIR/Dockerfile.dockerignore, which keeps
        # .build and everything else the build does not need out of the context.
        # The toolchain matches the one tusk is developed with; change it with
        #   --build-arg SWIFT_VERSION=6.x
        ARG SWIFT_VERSION=6.3

        FROM swift:${SWIFT_VERSION}-noble AS build
        RUN apt-get update \\
            && apt-get install -y --no-install-recommends libedit-dev libsqlite3-dev pkg-config \\
            && rm -rf /var/lib/apt/lists/*
        WORKDIR /src
        # The manifest names every target, tests included, so all of them must be present. A checkout
        # has no Package.resolved (it is not committed): the pattern copies it only when it exists.
        COPY Package.swift Package.resolve[d] ./
        COPY Sources ./Sources
        COPY Tests ./Tests
        RUN swift build -c release --product tusk --static-swift-stdlib \\
            && install -D -s "$(swift build -c release --product tusk --show-bin-path)/tusk" /usr/local/bin/tusk

        FROM ubuntu:24.04 AS tusk
        RUN apt-get update \\
            && apt-get install -y --no-install-recommends libedit2 libsqlite3-0 \\
            && rm -rf /var/lib/apt/lists/*
        COPY --from=build /usr/local/bin/tusk /usr/local/bin/tusk
        # Pachyderm runs each pipeline's transform.cmd; this is only what a bare 'docker run' does.
        CMD ["tusk", "--help"]

        # A deploy step: 'tusk export seldon-model', then rclone uploads the model folder and kubectl
        # applies the Model (see the pipeline's transform.cmd).
        FROM tusk AS deploy
        ARG KUBECTL_VERSION=v1.32.4
        ARG TARGETARCH=amd64
        RUN apt-get update \\
            && apt-get install -y --no-install-recommends ca-certificates curl rclone \\
            && curl -fsSLo /tmp/kubectl "https://dl.k8s.io/release/${KUBECTL_VERSION}/bin/linux/${TARGETARCH}/kubectl" \\
            && echo "$(curl -fsSL "https://dl.k8s.io/release/${KUBECTL_VERSION}/bin/linux/${TARGETARCH}/kubectl.sha256")  /tmp/kubectl" \\
                | sha256sum --check \\
            && install -m 0755 /tmp/kubectl /usr/local/bin/kubectl \\
            && rm /tmp/kubectl \\
            && apt-get purge -y curl && apt-get autoremove -y \\
            && rm -rf /var/lib/apt/lists/*

        """

    /// What the build context keeps: an allow-list, so the export's own models and data (which
    /// may sit inside the project), `.build` and a store never reach docker.
    static let ignore = """
        # The build context docker sends, for 'docker build -f EXPORT_DIR/Dockerfile .' from a tusk
        # checkout: BuildKit reads this file beside the Dockerfile, in preference to the context's
        # .dockerignore. Only what the build needs; never .build (gigabytes of another machine's build).
        *
        !Package.swift
        !Package.resolved
        !Sources
        !Tests
        **/.build

        """
}
