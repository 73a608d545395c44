# Tusk: the two commands after cloning are `make demo` and `make test`.
SWIFT ?= swift
# The story without `tusk serve`'s HTTP server (Package.swift's TUSK_SERVER): SwiftNIO is most
# of a clean build, and only `tusk-serve` uses it. `make serve` builds it,
# `make test-serve` tests it, `make check` (what CI runs) does everything.
STORY := TUSK_SERVER=0 TUSK_BENCHES=0 $(SWIFT)
# `make bench`: the story and the benches (Package.swift's TUSK_BENCHES), which `make test` leaves out.
BENCHES := TUSK_SERVER=0 $(SWIFT)
# The binary people use is optimized: a debug build trains boosted trees ten times slower.
# One build configuration serves everything: the binary, the unit tests (-enable-testing, for
# `@testable import`) and the benches share .build/release, so a clean clone compiles each
# dependency once. `swift test` is told not to add its own testable flag, which would differ
# from the binary's and rebuild every module. Without debug information (-gnone): SwiftPM's release
# build writes it by default, and it was a sixth of a clean build (250 → 207 s to the story); a crash
# still names its functions, not its lines.
RELEASE := -c release -Xswiftc -enable-testing -Xswiftc -gnone
TUSK  := .build/release/tusk
SYSTEM_PACKAGES := libedit-dev libsqlite3-dev pkg-config
# What `tusk serve`'s server adds: jemalloc, its allocator (Package.swift says why).
SERVER_PACKAGES := libjemalloc-dev

.PHONY: all deps deps-serve build serve demo test test-serve check lint test-unit test-scenarios bench datasets clean bench-serve bench-width

all: build

# Installs the system packages the build needs, when they are missing: $(call install,PACKAGES).
define install
	@missing=""; \
	for p in $(1); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "installing system packages:$$missing"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO=sudo; else \
			echo "error: need$$missing; install them as root (apt-get install$$missing)" >&2; exit 1; fi; \
		if ! command -v apt-get >/dev/null; then \
			echo "error: need$$missing and apt-get is not available; install them with your package manager" >&2; exit 1; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi
endef

deps:
	$(call install,$(SYSTEM_PACKAGES))

deps-serve:
	$(call install,$(SERVER_PACKAGES))

build: deps
	$(STORY) build $(RELEASE) --product tusk

# `tusk serve`'s server, beside tusk in .build/release (tusk itself is not rebuilt).
serve: deps deps-serve
	$(SWIFT) build $(RELEASE) --product tusk-serve

demo: build
	$(TUSK) run scenarios/creditco.md

# The unit tests and the scenarios run at once, the scenarios' report printed after the unit tests'
# own: tests that wait on a child process or a terminal leave a core idle that the scenarios fill
# (72 s at once beside 83–102 s one after the other, twice each, on 2 cores). Only the test product
# is built: `--build-tests` would also build every product of every package (ArgumentParser's
# manual and DocC tools, and then GRDB's dynamic library), a third of a fresh clone's test build.
test: build lint
	$(STORY) build $(RELEASE) --product tuskPackageTests
	@$(MAKE) --no-print-directory test-scenarios > .build/test-scenarios.log 2>&1 & scenarios=$$!; \
	$(STORY) test $(RELEASE) --disable-testable-imports --skip-build; unit=$$?; \
	wait $$scenarios; replayed=$$?; cat .build/test-scenarios.log; \
	[ $$unit = 0 ] && [ $$replayed = 0 ]

# Everything, as CI runs it: the story's tests, then the HTTP server's.
check: test test-serve

# The toolchain's formatter, with the checked-in .swift-format (fix with `swift format -i -r Sources Tests`).
lint:
	$(SWIFT) format lint --strict --parallel -r Sources Tests Package.swift

# The REPL's terminal tests drive the tusk built beside the tests through a pseudo-terminal:
# build it first.
test-unit:
	$(STORY) build $(RELEASE) --product tusk
	$(STORY) test $(RELEASE) --disable-testable-imports

# The HTTP server's tests (TuskServeTests), with the whole package. They run the server in the test
# process, its handlers on Swift's cooperative pool, which has a thread per core: beside suites that
# block those threads for seconds (the pseudo-terminal tests wait on a child), a loopback request
# could wait past its client's timeout on 2 cores. So they run on their own, after the rest.
test-serve: serve
	$(SWIFT) test $(RELEASE) --disable-testable-imports --filter TuskServeTests

# Every scenario checks its recorded outputs, then replays twice (at once) to the same bytes.
test-scenarios:
	$(TUSK) test scenarios/
	@for f in scenarios/*.md; do \
		$(TUSK) run $$f > .build/replay-1.md & first=$$!; \
		$(TUSK) run $$f > .build/replay-2.md && wait $$first && \
		cmp -s .build/replay-1.md .build/replay-2.md || { echo "error: $$f does not replay byte-identically" >&2; exit 1; }; \
	done; echo "scenarios replay byte-identically"

# The trainer's speed on the real UCI Adult file (medians; `tusk train logistic` also as a whole
# process), then scikit-learn's on the same split when it is installed (pip install scikit-learn
# pandas), in the same run. Then the store's: STORE_COMMITS one-file commits, a commit of
# STORE_FILES files, a STORE_LARGE_MB MiB local file. The router's bench ends with `monitor` and
# `why` on logs of LOG_SIZES requests (LOG_SIZES=100000,1000000 skips the 10 M log's 700 MB).
ADULT ?= ../shared/datasets/adult/adult.data
# The Python with onnx and onnxruntime (.ci/run makes .build/venv-onnx), for the ONNX figures and tests.
PYTHON ?= $(or $(TUSK_PYTHON),$(wildcard .build/venv-onnx/bin/python3),python3)
STORE_COMMITS ?= 10000
STORE_FILES ?= 10000
STORE_LARGE_MB ?= 500
bench: build
	$(BENCHES) build $(RELEASE) --product TuskBench
	$(BENCHES) build $(RELEASE) --product TuskStoreBench
	.build/release/TuskBench $(ADULT) 11 $(TUSK)
	@python3 bench/reference.py $(ADULT) 11 || echo "reference skipped: python3 or scikit-learn is missing"
	@for kind in logistic boosted; do \
		$(PYTHON) bench/onnx_score.py bench .build/bench/adult-$$kind.onnx $(ADULT) 11 \
			|| echo "onnxruntime skipped: $(PYTHON) lacks onnx or onnxruntime (.ci/run installs them into .build/venv-onnx)"; \
	done
	.build/release/TuskStoreBench $(STORE_COMMITS) $(STORE_FILES) $(STORE_LARGE_MB)
	$(BENCHES) build $(RELEASE) --product TuskPipelineBench
	.build/release/TuskPipelineBench datasets 11
	$(BENCHES) build $(RELEASE) --product TuskServingBench
	.build/release/TuskServingBench datasets 11
	@python3 bench/serving_reference.py datasets 11 || echo "serving reference skipped: python3, scikit-learn or pandas is missing"
	$(MAKE) --no-print-directory bench-width
	$(MAKE) --no-print-directory bench-serve

# `tusk train` against the width: 300 rows of 100, 1,000 and 10,000 numeric columns, time and
# model size, beside scikit-learn's LogisticRegression and HistGradientBoostingClassifier when the
# Python that runs it has scikit-learn and pandas (SKLEARN_PYTHON, e.g. a venv's; it says so and
# skips them when not).
SKLEARN_PYTHON ?= python3
bench-width: build
	$(SKLEARN_PYTHON) bench/width.py $(TUSK) 100 1000 10000

# Regenerates datasets/ (deterministic: a test checks the committed files are what this writes).
datasets: build
	$(TUSK) datasets --output datasets

clean:
	rm -rf .build

# `tusk serve` under load: wrk on loopback for BENCH_SERVE_SECONDS with BENCH_SERVE_THREADS threads
# and BENCH_SERVE_CONNECTIONS connections, one Seldon row per request, the census model live and
# the vendor model as a shadow, every request logged; then bench/serve_reference.py (scikit-learn
# and sqlite3 behind Python's http.server) under the same load. wrk and the server share this
# machine's cores. wrk is installed (apt-get) when it is missing.
BENCH_SERVE_SECONDS ?= 10
BENCH_SERVE_THREADS ?= 2
BENCH_SERVE_CONNECTIONS ?= 32
bench-serve: build serve
	@command -v wrk >/dev/null || { \
		if [ "$$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO=sudo; else \
			echo "error: need wrk; install it as root (apt-get install wrk)" >&2; exit 1; fi; \
		if ! command -v apt-get >/dev/null; then \
			echo "error: need wrk and apt-get is not available; install it with your package manager" >&2; exit 1; fi; \
		echo "installing wrk"; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq wrk; \
	}
	bench/serve.sh $(TUSK) $(BENCH_SERVE_SECONDS) $(BENCH_SERVE_CONNECTIONS) $(BENCH_SERVE_THREADS)
