# clearance - the two commands of the quick start are `make run` and
# `make test`; everything else is CMake + ctest behind these targets.
BUILD      ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
TSAN_BUILD ?= build-tsan
SHARED     ?= ../shared/data
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
LISTS      ?= $(if $(wildcard $(SHARED)/lists),$(SHARED)/lists,data/sample/lists)
EVAL_LISTS  = --list $(SHARED)/lists/csl/consolidated-2022-04.csv \
              --list $(SHARED)/lists/csl/entity-list-2026-07.csv
FUZZ_SECONDS ?= 30

PREFIX     ?= /usr/local
DESTDIR    ?=
DEB_OUT    ?= $(BUILD)-deb
SOVERSION   = $(shell sed -n 's/^set(CLR_SOVERSION \([0-9]*\))/\1/p' CMakeLists.txt)

.PHONY: all deps build run test test-release test-asan test-tsan eval bench fuzz clean \
	install deb abi

all: build

deps:
	@scripts/install-deps.sh

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build $(BUILD) -j$(JOBS)

LISTEN     ?= 127.0.0.1:8080
STORE      ?= $(BUILD)/clearance.db
CUSTOMERS  ?= data/sample/customers.csv
OWNERSHIP  ?= $(wildcard data/sample/ownership.csv)

# The demo report, then the embedded store (lists, customers, alerts; refreshed
# only when its inputs changed), then the service and the analysts' page on it.
run: build
	$(BUILD)/clearance demo --lenient --list $(LISTS) --input $(CUSTOMERS)
	@echo
	@scripts/run-store.sh $(BUILD)/clearance $(STORE) $(LISTS) $(CUSTOMERS)
	$(BUILD)/clearance serve --store $(STORE) $(if $(OWNERSHIP),--ownership $(OWNERSHIP)) \
		--listen $(LISTEN)

test: test-release test-asan

test-release: build
	cd $(BUILD) && ctest --output-on-failure -j$(JOBS)

test-asan: deps
	@cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DCLR_SANITIZE=ON >/dev/null
	@cmake --build $(ASAN_BUILD) -j$(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
		ctest --output-on-failure -j$(JOBS)

# The HTTP tests (concurrent requests, reloads, the store pool) under
# ThreadSanitizer; a race stops the server, which fails the test.
test-tsan: deps
	@cmake -S . -B $(TSAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DCLR_TSAN=ON >/dev/null
	@cmake --build $(TSAN_BUILD) -j$(JOBS) --target clearance
	cd $(TSAN_BUILD) && TSAN_OPTIONS="halt_on_error=1 exitcode=66 second_deadlock_stack=1" \
		ctest --output-on-failure -R 'cli_server'

eval: build
	@test -d $(SHARED)/eval || { echo "eval: $(SHARED)/eval is absent" >&2; exit 1; }
	scripts/eval.sh $(BUILD)/clearance $(SHARED) docs/accuracy.md

bench: build
	@test -d $(SHARED)/lists || { echo "bench: $(SHARED)/lists is absent" >&2; exit 1; }
	scripts/bench.sh $(BUILD) $(SHARED) docs/benchmarks.md

fuzz: deps
	@CC=clang cmake -S . -B $(FUZZ_BUILD) -DCLR_FUZZ=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
	@cmake --build $(FUZZ_BUILD) -j$(JOBS)
	scripts/fuzz.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

# The command, libclearance (.so with its soname, .a), the header, the .pc
# file, the man pages, the data and the Python module under PREFIX, staged
# in DESTDIR when given (docs/abi.md).
install: build
	DESTDIR=$(if $(DESTDIR),$(abspath $(DESTDIR))) cmake --install $(BUILD) --prefix $(PREFIX)

# The Debian packages clearance and libclearance-dev, checked by lintian,
# into $(DEB_OUT)/ (scripts/build-deb.sh; debian/).
deb: deps
	scripts/build-deb.sh $(DEB_OUT)

# After a deliberate change of the library's interface: the committed symbol
# list and ABI dump that the abi test holds the build to (docs/abi.md).
abi: build
	nm -D --defined-only $(BUILD)/libclearance.so.$(SOVERSION) | awk '{print $$3}' | sort \
		>dist/abi/libclearance.so.$(SOVERSION).symbols
	abidw --headers-dir include --drop-private-types --no-corpus-path --no-comp-dir-path \
		--no-show-locs --out-file dist/abi/libclearance.so.$(SOVERSION).abi \
		$(BUILD)/libclearance.so.$(SOVERSION)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD) $(TSAN_BUILD) $(DEB_OUT)
