package dev.gatehouse.engine.filters.jwt;

/** Key types by JWK {@code kty}; an algorithm verifies only with a key of its own family. */
enum KeyFamily {
    RSA,
    EC,
    /** Octet key pairs: Ed25519. */
    OKP,
    /** Shared secrets: HMAC. */
    OCT
}
