# The two commands of the README. Both run the idempotent setup first (about a second when nothing is missing).
SWIFT ?= swift
ARGS ?=

.PHONY: setup build serve test clean

setup:
	bash scripts/setup

build: setup
	$(SWIFT) build -c release --product cosyvoice

serve: build
	.build/release/cosyvoice serve $(ARGS)

# Test cases run at most TEST_WIDTH at a time. Many start a server with every installed voice, a
# `cosyvoice serve` process, PostgreSQL, nginx, Chromium or tritonserver; all of them at once on a two-core
# machine wait on each other for minutes, past the limits the tests hold the server to.
TEST_WIDTH ?= 8

test: setup
	SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH=$(TEST_WIDTH) $(SWIFT) test

clean:
	rm -rf .build
