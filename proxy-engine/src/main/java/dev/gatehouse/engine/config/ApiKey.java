package dev.gatehouse.engine.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * One API key of a consumer, written in config either as the key itself or as {@code sha256:<hex>},
 * so a config need not hold the secret. Either way it is known by its SHA-256 digest, which is what
 * duplicate checks and the key-auth filter compare.
 *
 * @param plain  the key as written, or null when the config gives only its hash
 * @param sha256 the key's SHA-256 digest, 64 lower-case hex digits
 */
public record ApiKey(String plain, String sha256) {
    /** The prefix that marks a hashed key in config. */
    public static final String SHA256_PREFIX = "sha256:";
    private static final int HEX_DIGITS = 64;

    public ApiKey {
        Objects.requireNonNull(sha256, "sha256");
        if (sha256.length() != HEX_DIGITS || !isHex(sha256) || !sha256.equals(sha256.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits");
        }
        if (plain != null && !digest(plain).equals(sha256)) {
            throw new IllegalArgumentException("sha256 does not match the plain key");
        }
    }

    /**
     * Reads a key as config writes it.
     *
     * @throws IllegalArgumentException for an empty key or a malformed hash; the message never repeats the key
     */
    public static ApiKey parse(String written) {
        Objects.requireNonNull(written, "written");
        if (written.startsWith(SHA256_PREFIX)) {
            String hex = written.substring(SHA256_PREFIX.length());
            if (hex.length() != HEX_DIGITS) {
                throw new IllegalArgumentException("a sha256 key needs 64 hex digits after 'sha256:', got " + hex.length());
            }
            if (!isHex(hex)) {
                throw new IllegalArgumentException("a sha256 key may hold only hex digits (0-9, a-f) after 'sha256:'");
            }
            return new ApiKey(null, hex.toLowerCase(Locale.ROOT));
        }
        if (written.isEmpty()) {
            throw new IllegalArgumentException("an API key must not be empty");
        }
        return new ApiKey(written, digest(written));
    }

    /** The SHA-256 digest of a presented key, as lower-case hex: the form keys are looked up by. */
    public static String digest(String key) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The key as config writes it: the plain key, or {@code sha256:<hex>}. */
    public String written() {
        return plain != null ? plain : SHA256_PREFIX + sha256;
    }

    /** Never prints the secret, so keys can appear in dumps and logs. */
    @Override
    public String toString() {
        return SHA256_PREFIX + sha256.substring(0, 8) + "…";
    }

    private static boolean isHex(String s) {
        return s.chars().allMatch(c -> Character.digit(c, 16) >= 0 && c < 0x80);
    }
}
