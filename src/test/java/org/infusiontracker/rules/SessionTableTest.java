package org.infusiontracker.rules;

import static org.infusiontracker.rules.RuleCase.of;

import io.quarkus.test.junit.QuarkusTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every session-level rule (the SESSION table of docs/rules.md), at its threshold and just inside it. */
@QuarkusTest
class SessionTableTest {

    static Stream<Arguments> rules() {
        return Stream.of(
                of(
                        "DISCHARGE_MIN_OBSERVATION",
                        "CRITICAL",
                        "Discharge",
                        Scenario.of("119 min after dosing started")
                                .startedMinutesAgo(119)
                                .observing()
                                .readiness(),
                        Scenario.of("120 min after dosing started")
                                .startedMinutesAgo(120)
                                .observing()
                                .readiness()),
                of(
                        "DISCHARGE_VITALS",
                        "WARNING",
                        "Discharge",
                        Scenario.of("latest NEWS2 5")
                                .observing()
                                .reading(130, "respiratoryRate", 21, "spo2", 93, "heartRate", 91)
                                .readiness(),
                        Scenario.of("latest NEWS2 4")
                                .observing()
                                .reading(130, "respiratoryRate", 21, "spo2", 93, "heartRate", 90)
                                .readiness()),
                of(
                        "DISCHARGE_UNACKNOWLEDGED_FLAGS",
                        "CRITICAL",
                        "Discharge",
                        Scenario.of("an open WARNING")
                                .observing()
                                .reading(100, "spo2", 93)
                                .readiness(),
                        Scenario.of("only an open INFO")
                                .observing()
                                .reading(100, "spo2", 95)
                                .readiness()),
                of(
                        "LOT_OR_DOSE_MISSING",
                        "WARNING",
                        "Documentation",
                        Scenario.of("esketamine without lot").esketamine().noLotNumber(),
                        Scenario.of("esketamine with lot and dose").esketamine()),
                // The dosing gate: a CRITICAL start-dosing rule is a blocker (409), not a flag.
                of(
                        "PREGNANCY",
                        "CRITICAL",
                        "Dosing",
                        Scenario.of("pregnancy on file").riskFactors("PREGNANCY"),
                        Scenario.of("other risk factors").riskFactors("HYPERTENSION", "RESPIRATORY_DISEASE")),
                // 0.5 mg/kg planned for 70 kg is 35 mg; 10 % more is 38.5 mg.
                of(
                        "DOSE_ABOVE_PLAN",
                        "WARNING",
                        "Dosing",
                        Scenario.of("38.6 mg given of 35 planned").dosed(38.6),
                        Scenario.of("38.5 mg given of 35 planned").dosed(38.5)),
                of(
                        "DISCHARGE_UNRESOLVED_EVENT",
                        "CRITICAL",
                        "Discharge",
                        unresolved("DIZZINESS", 3),
                        unresolved("DIZZINESS", 2)));
    }

    /** An event recorded under observation, still without an outcome at the discharge check. */
    static Scenario unresolved(String type, int grade) {
        return Scenario.of(type + " grade " + grade + " unresolved at discharge")
                .observing()
                .event(100, type, grade)
                .readiness();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void firesAtItsThresholdAndNotJustInside(RuleCase rule) {
        rule.check();
    }

    /**
     * DISCHARGE_UNRESOLVED_EVENT's other criteria: a serious event blocks at any grade, and so does
     * an event of each type listed, at grade 1, until it is resolved.
     */
    static Stream<Arguments> unresolvedEvents() {
        Stream<Arguments> serious = Stream.of(of(
                "DISCHARGE_UNRESOLVED_EVENT",
                "CRITICAL",
                "Discharge",
                Scenario.of("serious OTHER grade 1 unresolved at discharge")
                        .observing()
                        .seriousEvent(100, "OTHER", 1)
                        .readiness(),
                unresolved("OTHER", 1)));
        Stream<Arguments> types = Stream.of(
                        "SEDATION", "RESPIRATORY", "CARDIAC", "HYPERTENSION", "PSYCHOSIS", "SUICIDAL_IDEATION")
                .map(type -> of(
                        "DISCHARGE_UNRESOLVED_EVENT",
                        "CRITICAL",
                        "Discharge",
                        unresolved(type, 1),
                        Scenario.of(type + " grade 1 resolved before discharge")
                                .observing()
                                .event(100, type, 1)
                                .resolveLastEvent(110)
                                .readiness()));
        return Stream.concat(serious, types);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unresolvedEvents")
    void anUnresolvedSeriousEventOrOneOfTheListedTypesBlocks(RuleCase rule) {
        rule.check();
    }
}
