package org.infusiontracker.vitals;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.infusiontracker.rules.RuleVariables;

/**
 * National Early Warning Score 2 (Royal College of Physicians, 2017), SpO2 scale 1, computed from
 * whatever parameters are at hand: the service scores the current picture, the latest value of each
 * parameter measured within {@code infusion.news2.window} ({@link Readings#news2Of}).
 *
 * <p>Readings in this service may carry any subset of vital signs, so every input is nullable and an
 * absent parameter scores nothing. That makes {@code total} a lower bound of the true NEWS2 when
 * the reading is incomplete; rules that need the real score should also test {@code complete}.
 *
 * <p>SpO2 scale 2 (hypercapnic respiratory failure) is deliberately not supported: it needs a
 * clinician's decision per patient, which this service does not record.
 *
 * @param total      sum of the scores of the parameters present (0–20)
 * @param maxSingle  highest score of any single parameter (0–3); NEWS2 escalates on a single 3
 * @param complete   whether all seven parameters were present, i.e. whether {@code total} is the
 *                   real NEWS2; a component rather than a derived method so that it appears in JSON
 * @param parameters how many of the seven parameters were present
 */
@Schema(requiredProperties = {"total", "maxSingle", "complete", "parameters"})
public record NEWS2(int total, int maxSingle, boolean complete, int parameters) {

    /** The rule variable: the score of the current picture (for discharge, of the fresh values). */
    public static final String VARIABLE = "news2";

    /** Number of parameters in the full score. */
    public static final int PARAMETER_COUNT = 7;

    /** Inclusive upper edges of the temperature bands, degrees Celsius. */
    private static final BigDecimal EDGE_35_0 = new BigDecimal("35.0");

    private static final BigDecimal EDGE_36_0 = new BigDecimal("36.0");
    private static final BigDecimal EDGE_38_0 = new BigDecimal("38.0");
    private static final BigDecimal EDGE_39_0 = new BigDecimal("39.0");

    public NEWS2 {
        if (total < 0
                || total > 20
                || maxSingle < 0
                || maxSingle > 3
                || maxSingle > total
                || parameters < 0
                || parameters > PARAMETER_COUNT
                || complete != (parameters == PARAMETER_COUNT)) {
            throw new IllegalArgumentException("Impossible NEWS2: total=" + total + " maxSingle=" + maxSingle
                    + " complete=" + complete + " parameters=" + parameters);
        }
    }

    /**
     * Scores the given observations; any of them may be {@code null} (not measured).
     *
     * @param respiratoryRate breaths per minute
     * @param spo2            oxygen saturation, percent
     * @param onOxygen        {@code true} on supplemental oxygen, {@code false} on air
     * @param systolic        systolic blood pressure, mmHg
     * @param heartRate       pulse, beats per minute
     * @param consciousness   ACVPU name: ALERT, CONFUSION, VOICE, PAIN or UNRESPONSIVE
     * @param temperatureC    temperature, degrees Celsius
     */
    public static NEWS2 score(
            Integer respiratoryRate,
            Integer spo2,
            Boolean onOxygen,
            Integer systolic,
            Integer heartRate,
            String consciousness,
            BigDecimal temperatureC) {
        Tally tally = new Tally();
        if (respiratoryRate != null) {
            tally.add(respiratoryRate(respiratoryRate));
        }
        if (spo2 != null) {
            tally.add(spo2Scale1(spo2));
        }
        if (onOxygen != null) {
            tally.add(airOrOxygen(onOxygen));
        }
        if (systolic != null) {
            tally.add(systolic(systolic));
        }
        if (heartRate != null) {
            tally.add(pulse(heartRate));
        }
        if (consciousness != null) {
            tally.add(consciousness(consciousness));
        }
        if (temperatureC != null) {
            tally.add(temperature(temperatureC));
        }
        return new NEWS2(tally.total, tally.max, tally.count == PARAMETER_COUNT, tally.count);
    }

    /**
     * The score as the {@code news2} variable of a rule condition ({@link CelRules}): integers as
     * {@code Long}, because CEL's {@code int} is 64-bit and the runtime only accepts {@code Long}.
     */
    public Map<String, Object> asVariables() {
        return Map.of(
                "total", (long) total,
                "maxSingle", (long) maxSingle,
                "parameters", (long) parameters,
                "complete", complete());
    }

    /** Respiration rate: ≤8 → 3, 9–11 → 1, 12–20 → 0, 21–24 → 2, ≥25 → 3. */
    public static int respiratoryRate(int breathsPerMinute) {
        if (breathsPerMinute <= 8) {
            return 3;
        }
        if (breathsPerMinute <= 11) {
            return 1;
        }
        if (breathsPerMinute <= 20) {
            return 0;
        }
        return breathsPerMinute <= 24 ? 2 : 3;
    }

    /** SpO2 scale 1: ≤91 → 3, 92–93 → 2, 94–95 → 1, ≥96 → 0. */
    public static int spo2Scale1(int percent) {
        if (percent <= 91) {
            return 3;
        }
        if (percent <= 93) {
            return 2;
        }
        return percent <= 95 ? 1 : 0;
    }

    /** Air or oxygen: supplemental oxygen → 2, air → 0. */
    public static int airOrOxygen(boolean onOxygen) {
        return onOxygen ? 2 : 0;
    }

    /** Systolic blood pressure: ≤90 → 3, 91–100 → 2, 101–110 → 1, 111–219 → 0, ≥220 → 3. */
    public static int systolic(int mmHg) {
        if (mmHg <= 90) {
            return 3;
        }
        if (mmHg <= 100) {
            return 2;
        }
        if (mmHg <= 110) {
            return 1;
        }
        return mmHg <= 219 ? 0 : 3;
    }

    /** Pulse: ≤40 → 3, 41–50 → 1, 51–90 → 0, 91–110 → 1, 111–130 → 2, ≥131 → 3. */
    public static int pulse(int beatsPerMinute) {
        if (beatsPerMinute <= 40) {
            return 3;
        }
        if (beatsPerMinute <= 50) {
            return 1;
        }
        if (beatsPerMinute <= 90) {
            return 0;
        }
        if (beatsPerMinute <= 110) {
            return 1;
        }
        return beatsPerMinute <= 130 ? 2 : 3;
    }

    /**
     * Consciousness (ACVPU): ALERT → 0, anything else → 3. The match is exact, so an unexpected
     * value errs towards escalation rather than towards reassurance.
     */
    public static int consciousness(String acvpu) {
        return "ALERT".equals(acvpu) ? 0 : 3;
    }

    /**
     * Temperature: ≤35.0 → 3, 35.1–36.0 → 1, 36.1–38.0 → 0, 38.1–39.0 → 1, ≥39.1 → 2.
     *
     * <p>The chart's bands are defined on values charted to one decimal place, while readings are
     * stored with two (numeric(4,2)). The value is therefore rounded half-up to one decimal first,
     * as a nurse charting it would, so 38.04 scores like 38.0 and 38.05 like 38.1.
     */
    public static int temperature(BigDecimal celsius) {
        BigDecimal charted = celsius.setScale(1, RoundingMode.HALF_UP);
        if (charted.compareTo(EDGE_35_0) <= 0) {
            return 3;
        }
        if (charted.compareTo(EDGE_36_0) <= 0) {
            return 1;
        }
        if (charted.compareTo(EDGE_38_0) <= 0) {
            return 0;
        }
        return charted.compareTo(EDGE_39_0) <= 0 ? 1 : 2;
    }

    /** Running sum, maximum and count of the parameter scores seen so far. */
    private static final class Tally {
        int total;
        int max;
        int count;

        void add(int score) {
            total += score;
            max = Math.max(max, score);
            count++;
        }
    }

    /** The variable {@code news2}, of type {@code News2}. */
    public static final class Variables implements RuleVariables {

        @Override
        public List<Variable> variables() {
            return List.of(new Variable(VARIABLE, NEWS2.class, "News2"));
        }
    }
}
