# libipc/ed25519/: the Ed25519 verifier (RFC 8032) init checks image
# signatures with: SHA-512, the field mod 2^255 - 19, scalars mod L, curve
# points, the verification equation. libipc/lib/build.mk (read after this
# fragment) puts it into libmica; here are its host tests, the checker the
# OpenSSL comparison runs, and its fuzzer.

SHA512_SOURCES := libipc/ed25519/sha512.c libipc/ed25519/sha512_block_plain.c libipc/ed25519/sha512_block_zbb.c
ED25519_SOURCES := $(SHA512_SOURCES) libipc/ed25519/field.c libipc/ed25519/scalar.c \
  libipc/ed25519/point.c libipc/ed25519/scalarmult.c libipc/ed25519/verify.c

$(eval $(call host_test,ed25519_sha512_test,libipc/ed25519/tests/sha512_test.c $(SHA512_SOURCES)))
$(eval $(call host_test,ed25519_field_test,libipc/ed25519/tests/field_test.c libipc/ed25519/field.c))
$(eval $(call host_test,ed25519_base_multiples_test,libipc/ed25519/tests/base_multiples_test.c \
  libipc/ed25519/field.c libipc/ed25519/point.c))
$(eval $(call host_test,ed25519_test,libipc/ed25519/tests/ed25519_test.c $(ED25519_SOURCES)))

# The one object with Zbb instructions: the block function's second
# variant, which sha512.c calls only once told every hart has Zbb. Without
# the first scheduling pass GCC keeps more of the message schedule in
# registers: about 40 instructions a round instead of 41.
SHA512_ZBB_CFLAGS := -march=rv64imac_zicsr_zifencei_zbb -fno-schedule-insns
$(BUILD)/lib/target/obj/ed25519/sha512_block_zbb.o: LIBMICA_TARGET_CFLAGS += $(SHA512_ZBB_CFLAGS)

# ed25519-check <public key> <signature> <message>: exit 0 if the signature
# verifies, 1 with the reason if not; --sha512 <file> prints the digest.
# tests/host-py/test_ed25519_openssl.py runs it on OpenSSL's signatures.
ED25519_CHECK := $(BUILD)/tools/ed25519-check
HOST_TEST_DATA += $(ED25519_CHECK)
$(ED25519_CHECK): $(patsubst %.c,$(BUILD)/host/obj/%.o,libipc/ed25519/tests/ed25519_check.c \
  tools/common/file.c $(ED25519_SOURCES)) | deps
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) -o $@ $^

# `make fuzz`: libFuzzer feeds (key, signature, message) triples; nothing
# may crash, and a valid signature made into the input by the fuzzer's
# seeds must stay refused under any single bit flip (checked in the target).
FUZZ_ED25519 := $(BUILD)/fuzz/fuzz_ed25519
FUZZ_ED25519_CORPUS := $(BUILD)/fuzz/ed25519-corpus
$(FUZZ_ED25519): libipc/ed25519/tests/fuzz_ed25519.c $(ED25519_SOURCES) $(wildcard libipc/ed25519/*.h) | deps
	@mkdir -p $(dir $@)
	$(FUZZ_CC) -g -O1 $(WARN_FLAGS) -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	  -Ilibipc/include -o $@ libipc/ed25519/tests/fuzz_ed25519.c $(ED25519_SOURCES)

.PHONY: fuzz-ed25519
fuzz: fuzz-ed25519
fuzz-ed25519: $(FUZZ_ED25519)
	@mkdir -p $(FUZZ_ED25519_CORPUS)
	$(FUZZ_ED25519) -max_total_time=$(FUZZ_TIME) -max_len=4096 -timeout=10 \
	  -artifact_prefix=$(BUILD)/fuzz/ed25519- $(FUZZ_ED25519_CORPUS)
	@echo "fuzz|result: PASS ed25519, $(FUZZ_TIME) s"
