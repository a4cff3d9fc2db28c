package dev.gatehouse.engine.upstream.lb;

/**
 * Sizes of the lookup tables built by the hashing policies; the other policies ignore them.
 *
 * @param ringMinSize     the fewest entries on a {@link LbPolicy#RING_HASH} ring, so that small
 *                        clusters still spread keys evenly
 * @param ringMaxSize     the most entries on a ring, bounding memory when there are many endpoints
 *                        of varied weights (each endpoint keeps at least one entry)
 * @param maglevTableSize the number of {@link LbPolicy#MAGLEV} table slots; must be prime so that
 *                        every endpoint's probe sequence visits every slot
 */
public record LbOptions(int ringMinSize, int ringMaxSize, int maglevTableSize) {
    /** 1024 to 1,048,576 ring entries and a Maglev table of 65,537 slots. */
    public static final LbOptions DEFAULTS = new LbOptions(1024, 1 << 20, 65_537);

    public LbOptions {
        if (ringMinSize < 1) {
            throw new IllegalArgumentException("ringMinSize must be >= 1: " + ringMinSize);
        }
        if (ringMaxSize < ringMinSize) {
            throw new IllegalArgumentException(
                    "ringMaxSize (" + ringMaxSize + ") must be >= ringMinSize (" + ringMinSize + ")");
        }
        if (!isPrime(maglevTableSize)) {
            throw new IllegalArgumentException("maglevTableSize must be a prime number: " + maglevTableSize);
        }
    }

    private static boolean isPrime(int n) {
        if (n < 2) {
            return false;
        }
        for (long d = 2; d * d <= n; d++) {
            if (n % d == 0) {
                return false;
            }
        }
        return true;
    }
}
