/* SHA-256 (FIPS 180-4), for the docker CLI's context directory names. */
#ifndef API_SHA256_H
#define API_SHA256_H

#include <stddef.h>

/* Writes the 64 lowercase hex digits and a NUL into hex. */
void sha256_hex(const void *data, size_t len, char hex[65]);

#endif
