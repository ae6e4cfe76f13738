package org.infusiontracker.rules;

import java.math.BigDecimal;
import java.util.List;

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
}
