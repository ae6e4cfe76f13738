package org.infusiontracker.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Readings' and flags' ids: UUID version 7 of RFC 9562, in time order as PostgreSQL compares them. */
class TimeOrderedIdsTest {

    @Test
    void anIdIsVersionSevenOfTheRfcVariantWithTheTimeInItsFirstBits() {
        long millis = 1_796_083_200_123L; // 2026-12-01T00:00:00.123Z
        UUID id = TimeOrderedIds.of(millis, -1L, -1L);
        assertEquals(7, id.version());
        assertEquals(2, id.variant());
        assertEquals(millis, id.getMostSignificantBits() >>> 16);
        assertEquals("01a22ee6-b07b-7fff-bfff-ffffffffffff", id.toString());
        UUID zeros = TimeOrderedIds.of(millis, 0L, 0L);
        assertEquals(7, zeros.version());
        assertEquals(2, zeros.variant());
    }

    @Test
    void idsOfLaterMillisecondsSortAfterEarlierOnesWhateverTheirRandomBits() {
        UUID earlier = TimeOrderedIds.of(1_796_083_200_123L, -1L, -1L);
        UUID later = TimeOrderedIds.of(1_796_083_200_124L, 0L, 0L);
        // PostgreSQL orders uuid by its bytes, unsigned: the text form orders the same way.
        assertTrue(earlier.toString().compareTo(later.toString()) < 0);
    }

    @Test
    void twoIdsOfTheSameMillisecondDiffer() {
        assertNotEquals(TimeOrderedIds.next(), TimeOrderedIds.next());
        assertEquals(7, TimeOrderedIds.next().version());
    }
}
