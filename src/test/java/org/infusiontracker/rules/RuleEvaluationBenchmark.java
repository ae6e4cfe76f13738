package org.infusiontracker.rules;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.infusiontracker.patient.Patient;
import org.infusiontracker.session.Drug;
import org.infusiontracker.session.InfusionSession;
import org.infusiontracker.session.Route;
import org.infusiontracker.session.SessionStatus;
import org.infusiontracker.vitals.Consciousness;
import org.infusiontracker.vitals.Readings;
import org.infusiontracker.vitals.VitalReading;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The cost of the write path's rule work for one reading: building the variables (the NEWS2 of the
 * picture from the window's readings at hand included) and evaluating
 * every READING rule in force (the shipped set) against them. Not a test: it asserts nothing and
 * runs only through {@code bench/rules-eval.sh}, which prints the figure.
 */
@QuarkusTest
@Tag("benchmark")
class RuleEvaluationBenchmark {

    @Inject
    RuleBook book;

    @Inject
    RuleService rules;

    @Inject
    Readings readings;

    @Test
    void evaluateTheWholeReadingRuleSet() {
        List<RuleBook.ActiveRule> active = book.active("bench-clinic", Trigger.READING);
        InfusionSession s = new InfusionSession();
        s.id = UUID.randomUUID();
        s.drug = Drug.ESKETAMINE;
        s.route = Route.INTRANASAL;
        s.status = SessionStatus.DOSING;
        s.prescriberOnSite = true;
        s.dosingStartedAt = Instant.parse("2026-11-26T10:00:00Z");
        Patient p = new Patient();
        p.riskFactors = new String[] {"HYPERTENSION"};
        p.contraindications = new String[0];
        VitalReading baseline = reading(Instant.parse("2026-11-26T09:50:00Z"), 128, 82, 72, 98, 14, 5, 0);
        VitalReading previous = reading(Instant.parse("2026-11-26T10:30:00Z"), 150, 92, 88, 96, 16, 4, 10);
        VitalReading reading = reading(Instant.parse("2026-11-26T10:40:00Z"), 182, 104, 96, 97, 16, 4, 12);
        List<VitalReading> window = List.of(previous, reading);

        int warmUp = 50_000;
        int measured = 200_000;
        long matches = 0;
        for (int i = 0; i < warmUp; i++) {
            matches += rules.matches(
                            active,
                            Readings.judgedOn(
                                    s, reading, baseline, previous, p.facts(null), readings.news2Of(reading, window)))
                    .size();
        }
        long start = System.nanoTime();
        for (int i = 0; i < measured; i++) {
            matches += rules.matches(
                            active,
                            Readings.judgedOn(
                                    s, reading, baseline, previous, p.facts(null), readings.news2Of(reading, window)))
                    .size();
        }
        double micros = (System.nanoTime() - start) / 1_000.0 / measured;
        System.out.printf(
                "%nRULE EVALUATION: %d READING rules, %.1f microseconds per reading "
                        + "(variables built and bound, every rule evaluated; %d iterations after %d warm-up; %d matches)%n%n",
                active.size(), micros, measured, warmUp, matches);
    }

    private static VitalReading reading(Instant at, int sys, int dia, int hr, int spo2, int rr, int moaas, int cadss) {
        VitalReading r = new VitalReading();
        r.id = UUID.randomUUID();
        r.measuredAt = at;
        r.recordedAt = at;
        r.systolic = (short) sys;
        r.diastolic = (short) dia;
        r.heartRate = (short) hr;
        r.spo2 = (short) spo2;
        r.respiratoryRate = (short) rr;
        r.temperatureC = new BigDecimal("36.8");
        r.onOxygen = false;
        r.sedationMoaas = (short) moaas;
        r.dissociationCadss = (short) cadss;
        r.nausea = (short) 2;
        r.consciousness = Consciousness.ALERT;
        return r;
    }
}
