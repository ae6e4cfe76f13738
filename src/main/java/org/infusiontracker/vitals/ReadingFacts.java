package org.infusiontracker.vitals;

import java.math.BigDecimal;
import java.util.List;
import org.infusiontracker.rules.FactTypes;
import org.infusiontracker.rules.RuleVariables;

/**
 * A reading as the rules see it (CEL type {@code Reading}): its values under their API names and
 * where it stands in the session. A vital sign added here is at once a field that conditions may
 * use and that the type checker knows.
 *
 * @param preDose                 measured before dosing started (or while the session is planned)
 * @param minutesAfterDosingStart minutes from the start of dosing to the measurement, when after it
 * @param minutesAgo              minutes from the measurement to the moment the session is judged
 *                                at (only in {@code session.readings})
 */
public record ReadingFacts(
        Integer systolic,
        Integer diastolic,
        Integer heartRate,
        Integer spo2,
        Integer respiratoryRate,
        BigDecimal temperatureC,
        Boolean onOxygen,
        Integer sedationMoaas,
        Integer dissociationCadss,
        Integer nausea,
        String consciousness,
        Boolean lateEntry,
        Boolean preDose,
        Double minutesAfterDosingStart,
        Double minutesAgo) {

    /** The reading judged. */
    public static final String READING = "reading";
    /** The session's first reading before dosing started. */
    public static final String BASELINE = "baseline";
    /** The reading measured last before the one judged. */
    public static final String PREVIOUS = "previous";

    /**
     * The latest value of each field over readings in clinical order: a field that a later reading
     * lacks keeps the earlier reading's value. Every field is absent when there are no readings.
     */
    public static ReadingFacts latestOf(List<ReadingFacts> readings) {
        return FactTypes.latest(ReadingFacts.class, readings);
    }

    /** NEWS2 from the parameters present. */
    public NEWS2 news2() {
        return NEWS2.score(respiratoryRate, spo2, onOxygen, systolic, heartRate, consciousness, temperatureC);
    }

    /** The variables of type {@code Reading}: the reading judged, the baseline and the reading before. */
    public static final class Variables implements RuleVariables {

        @Override
        public List<Variable> variables() {
            return List.of(
                    new Variable(READING, ReadingFacts.class, "Reading"),
                    new Variable(BASELINE, ReadingFacts.class, "Reading"),
                    new Variable(PREVIOUS, ReadingFacts.class, "Reading"));
        }
    }
}
