package org.infusiontracker.sql;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Ids for the rows written at the highest rate (readings, flags): UUID version 7 (RFC 9562), whose
 * first 48 bits are the Unix time in milliseconds and the other 74 random. A new row's id then
 * goes at the right-hand end of its primary-key index instead of on a random page of it, so that
 * inserting touches few index pages (and writes few whole pages to the write-ahead log after a
 * checkpoint) however large the table grows. They are ids like any other to clients; nothing
 * reads the time in them.
 */
public final class TimeOrderedIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TimeOrderedIds() {}

    public static UUID next() {
        return of(System.currentTimeMillis(), RANDOM.nextLong(), RANDOM.nextLong());
    }

    /** The id of time {@code millis} with the random bits taken from {@code a} and {@code b}. */
    static UUID of(long millis, long a, long b) {
        long high = (millis << 16) | 0x7000L | (a & 0x0FFFL);
        long low = (b & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low);
    }
}
