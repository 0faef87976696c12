/*
 * fuzz.c: a libFuzzer harness for one import reader, built by `make fuzz`
 * with -DFUZZ_TARGET=fuzz_csv, fuzz_text or fuzz_json (targets.c).  A
 * property that fails aborts, with what failed on standard error, so that
 * libFuzzer keeps the input as a crash.
 */
#include "targets.c"

#ifndef FUZZ_TARGET
#error "build with -DFUZZ_TARGET=fuzz_csv (or fuzz_text, fuzz_json)"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *why = FUZZ_TARGET(data, size);

	if (why != NULL) {
		fprintf(stderr, "fuzz: property failed: %s\n", why);
		abort();
	}
	return 0;
}
