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

test: setup
	$(SWIFT) test

clean:
	rm -rf .build
