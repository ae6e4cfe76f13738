package org.infusiontracker.record;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import org.infusiontracker.api.InvalidInput;

/** Checks on clinical times given by clients: never in the future beyond the allowed clock skew. */
@ApplicationScoped
public class ClinicalTime {

    private final Clock clock;
    private final InfusionConfig config;

    ClinicalTime(Clock clock, InfusionConfig config) {
        this.clock = clock;
        this.config = config;
    }

    /** Server time, to the microsecond that PostgreSQL keeps, so that an answer and a later read agree. */
    public Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** The given time, or now when none was given; 400 naming {@code field} when it lies in the future. */
    public Instant orNow(OffsetDateTime given, String field) {
        return given == null ? now() : notInFuture(given, field);
    }

    /** Minutes from one moment to another, with fractions: how the rules count time. */
    public static double minutesBetween(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 60_000.0;
    }

    public Instant notInFuture(OffsetDateTime given, String field) {
        Instant at = given.toInstant().truncatedTo(ChronoUnit.MICROS);
        if (at.isAfter(now().plus(config.clockSkew()))) {
            throw new InvalidInput(field, "must not be in the future");
        }
        return at;
    }
}
