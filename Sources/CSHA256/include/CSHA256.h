// SHA-256 block compression with the x86 SHA extensions (SHA-NI), for TuskCore's SHA256Stream.
// Elsewhere, or on a processor without them, tusk_sha256_hardware() is 0 and Swift's portable
// code compresses the blocks instead.
#ifndef CSHA256_H
#define CSHA256_H

#include <stddef.h>
#include <stdint.h>

/// 1 when tusk_sha256_blocks can run on this processor (x86-64 with SHA, SSSE3 and SSE4.1), else 0.
int tusk_sha256_hardware(void);

/// Compresses `blocks` 64-byte blocks at `data` into the eight working words `state` (a..h).
void tusk_sha256_blocks(uint32_t state[8], const uint8_t *data, size_t blocks);

#endif
