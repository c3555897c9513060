# pinn-solve: build, run and test. `make run` and `make test` do all set-up on a
# fresh Debian machine that has the Swift 6.3 toolchain on PATH.

SWIFT        ?= swift
CONFIG       ?= release
# On x86-64, generate AVX2/FMA code (any x86-64 processor since 2013-2015); CPU= (empty)
# gives the baseline x86-64 instead. Docs/design.md explains the choice.
ifeq ($(shell uname -m),x86_64)
CPU          ?= haswell
endif
CPUFLAGS     := $(if $(CPU),-Xswiftc -target-cpu -Xswiftc $(CPU))
SWIFTFLAGS   ?= -c $(CONFIG) $(CPUFLAGS)
TESTFLAGS    ?= -c release -Xswiftc -enable-testing $(CPUFLAGS)
# Debian packages that provide the system libraries, and the pkg-config module each provides.
APT_PACKAGES := pkg-config libopenblas-dev libfftw3-dev libnetcdf-dev netcdf-bin libopenmpi-dev openmpi-bin libcairo2-dev
PC_MODULES   := openblas fftw3 fftw3f netcdf ompi cairo
SUDO         := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all deps build run test example bench clean

all: build

# Install whatever is missing: pkg-config itself, any of the libraries pkg-config cannot
# find, and ncgen/ncdump (used by the interoperability tests).
deps:
	@missing=0; \
	command -v pkg-config >/dev/null 2>&1 || missing=1; \
	for m in $(PC_MODULES); do pkg-config --exists $$m 2>/dev/null || missing=1; done; \
	command -v ncgen >/dev/null 2>&1 || missing=1; \
	if [ $$missing = 1 ]; then \
	  echo "make deps: installing $(APT_PACKAGES)"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $(APT_PACKAGES); \
	else echo "make deps: system libraries present"; fi

build: deps
	$(SWIFT) build $(SWIFTFLAGS) --product pinn-solve

# The default problem (poisson-2d, about a minute on 2 cores), writing result.nc.
run: build
	$(SWIFT) run $(SWIFTFLAGS) pinn-solve run poisson-2d --output result.nc --log

# The whole test suite: the example package first (a user's own problem with the full command
# line, Examples/custom-problem), then every test target (its closing line is the last one).
test: deps example
	$(SWIFT) test $(TESTFLAGS)

# Builds Examples/custom-problem against this checkout and runs its command line end to end.
example: deps
	bash Examples/custom-problem/check.sh

bench: deps
	$(SWIFT) run $(SWIFTFLAGS) pinn-bench

clean:
	rm -rf .build
