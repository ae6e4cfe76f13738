package org.infusiontracker.monitors;

import java.time.Instant;
import java.util.UUID;

/**
 * The answer to one message, as MSA and ERR carry it: {@code AA} (stored, or stored before: the
 * same answer again), {@code AE} (understood but refused: nothing stored; the reason says why) or
 * {@code AR} (not processed: not a framed ORU^R01, or the service could not store it now).
 *
 * @param code AA, AE or AR (MSA-1)
 * @param text the reason, or what was stored (MSA-3 and ERR-8)
 * @param error the HL7 error code (table 0357) for ERR-3, null for AA
 * @param readingId the reading stored, for AA
 * @param at when the message was acknowledged first (MSH-7 of the ACK; the same on a replay)
 */
public record Ack(String code, String text, String error, UUID readingId, Instant at) {

    /** HL7 table 0357: unsupported message type. */
    static final String UNSUPPORTED_MESSAGE = "200";
    /** HL7 table 0357: segment sequence or framing error. */
    static final String SEGMENT_ERROR = "100";
    /** HL7 table 0357: data type error (a value that is not a number or time). */
    static final String DATA_TYPE_ERROR = "102";
    /** HL7 table 0357: unknown key identifier (the device, the chair's session). */
    static final String UNKNOWN_KEY = "204";
    /** HL7 table 0357: application internal error. */
    static final String INTERNAL_ERROR = "207";
    /** HL7 table 0357: table value not found (no value of a code the service maps). */
    static final String VALUE_NOT_FOUND = "103";

    public static Ack accepted(UUID readingId, Instant at) {
        return new Ack("AA", "stored as reading " + readingId, null, readingId, at);
    }

    public static Ack error(String error, String text) {
        return new Ack("AE", text, error, null, Instant.now());
    }

    public static Ack rejected(String error, String text) {
        return new Ack("AR", text, error, null, Instant.now());
    }

    public boolean isAccepted() {
        return "AA".equals(code);
    }
}
