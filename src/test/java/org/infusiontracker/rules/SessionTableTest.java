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
                        Scenario.of("esketamine with lot and dose").esketamine()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void firesAtItsThresholdAndNotJustInside(RuleCase rule) {
        rule.check();
    }
}
