package org.infusiontracker.rules;

import static org.infusiontracker.rules.RuleCase.of;
import static org.infusiontracker.rules.SideEffectTableTest.event;

import io.quarkus.test.junit.QuarkusTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every rule of the risk table, at its threshold and just inside it. */
@QuarkusTest
class RiskTableTest {

    static Scenario hr(int value) {
        return Scenario.of("HR " + value).reading(30, "heartRate", value);
    }

    static Scenario spo2(int value) {
        return Scenario.of("SpO2 " + value).reading(30, "spo2", value);
    }

    static Scenario rr(int value) {
        return Scenario.of("RR " + value).reading(30, "respiratoryRate", value);
    }

    static Stream<Arguments> rules() {
        return Stream.of(
                of(
                        "BP_MISSING_40MIN",
                        "WARNING",
                        "Blood pressure",
                        Scenario.of("no BP, 51 min in")
                                .startedMinutesAgo(51)
                                .reading(20, "systolic", 130, "diastolic", 80)
                                .sweep(),
                        Scenario.of("no BP, 50 min in")
                                .startedMinutesAgo(50)
                                .reading(20, "systolic", 130, "diastolic", 80)
                                .sweep()),
                of(
                        "BP_CADENCE_IV",
                        "WARNING",
                        "Blood pressure",
                        Scenario.of("IV, last BP 16 min ago")
                                .startedMinutesAgo(30)
                                .reading(14, "systolic", 130, "diastolic", 80)
                                .sweep(),
                        Scenario.of("IV, last BP 15 min ago")
                                .startedMinutesAgo(30)
                                .reading(15, "systolic", 130, "diastolic", 80)
                                .sweep()),
                of(
                        "DISCHARGE_BP_NOT_FRESH",
                        "WARNING",
                        "Blood pressure",
                        Scenario.of("last BP 31 min before discharge")
                                .observing()
                                .reading(119, "systolic", 122, "diastolic", 78)
                                .readiness(),
                        Scenario.of("last BP 30 min before discharge")
                                .observing()
                                .reading(120, "systolic", 122, "diastolic", 78)
                                .readiness()),
                of("HR_HIGH_MILD", "INFO", "Heart problems", hr(91), hr(90)),
                of("HR_HIGH", "WARNING", "Heart problems", hr(111), hr(110)),
                of("HR_HIGH_CRITICAL", "CRITICAL", "Heart problems", hr(131), hr(130)),
                of("HR_LOW_MILD", "INFO", "Heart problems", hr(50), hr(51)),
                of("HR_LOW_CRITICAL", "CRITICAL", "Heart problems", hr(40), hr(41)),
                of("CARDIAC_G2", "WARNING", "Heart problems", event("CARDIAC", 2), event("CARDIAC", 1)),
                of("CARDIAC_G3", "CRITICAL", "Heart problems", event("CARDIAC", 3), event("CARDIAC", 2)),
                of(
                        "PRESCRIBER_OFF_SITE",
                        "CRITICAL",
                        "Heart problems",
                        Scenario.of("prescriber off site").prescriberOffSite(),
                        Scenario.of("prescriber on site")),
                of(
                        "CONTRAINDICATION_ON_FILE",
                        "CRITICAL",
                        "Heart problems",
                        Scenario.of("AVM on file").contraindications("ARTERIOVENOUS_MALFORMATION"),
                        Scenario.of("no contraindication")),
                of(
                        "PREDOSE_BP_MISSING",
                        "CRITICAL",
                        "Blood pressure",
                        Scenario.of("BP 61 minutes before dosing").reading(-61, "systolic", 120, "diastolic", 80),
                        Scenario.of("BP 60 minutes before dosing").reading(-60, "systolic", 120, "diastolic", 80)),
                of(
                        "PSYCHOSIS_HISTORY",
                        "WARNING",
                        "Brain fog",
                        Scenario.of("psychosis history on file").riskFactors("PSYCHOSIS_HISTORY"),
                        Scenario.of("substance use history only").riskFactors("SUBSTANCE_USE_HISTORY")),
                of(
                        "CEREBROVASCULAR_DISEASE",
                        "WARNING",
                        "Blood pressure",
                        Scenario.of("cerebrovascular disease on file").riskFactors("CEREBROVASCULAR_DISEASE"),
                        Scenario.of("hypertension only").riskFactors("HYPERTENSION")),
                of("SPO2_MILD", "INFO", "Breathing trouble", spo2(95), spo2(96)),
                of("SPO2_LOW", "WARNING", "Breathing trouble", spo2(93), spo2(94)),
                of("SPO2_CRITICAL", "CRITICAL", "Breathing trouble", spo2(91), spo2(92)),
                of(
                        "SPO2_LOW_CONSECUTIVE",
                        "WARNING",
                        "Breathing trouble",
                        Scenario.of("SpO2 92, 92").reading(20, "spo2", 92).reading(25, "spo2", 92),
                        Scenario.of("SpO2 93, 92").reading(20, "spo2", 93).reading(25, "spo2", 92)),
                of("RR_LOW", "WARNING", "Breathing trouble", rr(11), rr(12)),
                of("RR_VERY_LOW", "CRITICAL", "Breathing trouble", rr(8), rr(9)),
                of("RR_HIGH", "WARNING", "Breathing trouble", rr(21), rr(20)),
                of("RR_VERY_HIGH", "CRITICAL", "Breathing trouble", rr(25), rr(24)),
                of(
                        "OXYGEN_STARTED",
                        "WARNING",
                        "Breathing trouble",
                        Scenario.of("on oxygen").reading(30, "onOxygen", true),
                        Scenario.of("on air").reading(30, "onOxygen", false)),
                of(
                        "RESPIRATORY_G1_2",
                        "WARNING",
                        "Breathing trouble",
                        event("RESPIRATORY", 2),
                        event("RESPIRATORY", 3)),
                of("RESPIRATORY_G3", "CRITICAL", "Breathing trouble", event("RESPIRATORY", 3), event("RESPIRATORY", 2)),
                of(
                        "SPO2_NOT_MONITORED",
                        "WARNING",
                        "Breathing trouble",
                        Scenario.of("no SpO2, 20 min in")
                                .startedMinutesAgo(20)
                                .reading(5, "heartRate", 70)
                                .sweep(),
                        Scenario.of("no SpO2, 19 min in")
                                .startedMinutesAgo(19)
                                .reading(5, "heartRate", 70)
                                .sweep()),
                of(
                        "DISCHARGE_SPO2_NOT_FRESH",
                        "WARNING",
                        "Breathing trouble",
                        Scenario.of("last SpO2 31 min before discharge")
                                .observing()
                                .reading(119, "spo2", 98)
                                .readiness(),
                        Scenario.of("last SpO2 30 min before discharge")
                                .observing()
                                .reading(120, "spo2", 98)
                                .readiness()),
                of("NEWS2_SINGLE_3", "WARNING", "Breathing trouble", spo2(91), spo2(92)),
                of(
                        "NEWS2_URGENT",
                        "WARNING",
                        "Breathing trouble",
                        Scenario.of("NEWS2 5").reading(30, "respiratoryRate", 21, "spo2", 93, "heartRate", 91),
                        Scenario.of("NEWS2 4").reading(30, "respiratoryRate", 21, "spo2", 93, "heartRate", 90)),
                of(
                        "NEWS2_EMERGENCY",
                        "CRITICAL",
                        "Breathing trouble",
                        Scenario.of("NEWS2 7").reading(30, "respiratoryRate", 25, "spo2", 93, "heartRate", 111),
                        Scenario.of("NEWS2 6").reading(30, "respiratoryRate", 25, "spo2", 93, "heartRate", 110)),
                of(
                        "SUBSTANCE_USE_HISTORY",
                        "INFO",
                        "Addiction and misuse",
                        Scenario.of("substance use on file").riskFactors("SUBSTANCE_USE_HISTORY"),
                        Scenario.of("hypertension only").riskFactors("HYPERTENSION")),
                of(
                        "SESSION_FREQUENCY",
                        "WARNING",
                        "Addiction and misuse",
                        Scenario.of("third esketamine session in 7 days")
                                .esketamine()
                                .earlierSessionsThisWeek(2),
                        Scenario.of("second esketamine session in 7 days")
                                .esketamine()
                                .earlierSessionsThisWeek(1)),
                of("URINARY_G1_2", "WARNING", "Kidney damage", event("URINARY", 2), event("URINARY", 3)),
                of("URINARY_G3", "CRITICAL", "Kidney damage", event("URINARY", 3), event("URINARY", 2)),
                of(
                        "DISCHARGE_COGNITION",
                        "WARNING",
                        "Brain fog",
                        Scenario.of("confused at discharge")
                                .observing()
                                .reading(120, "consciousness", "CONFUSION")
                                .readiness(),
                        Scenario.of("alert at discharge")
                                .observing()
                                .reading(120, "consciousness", "ALERT")
                                .readiness()),
                of("PSYCHOSIS_G1", "WARNING", "Brain fog", event("PSYCHOSIS", 1), event("PSYCHOSIS", 2)),
                of("PSYCHOSIS_G2", "CRITICAL", "Brain fog", event("PSYCHOSIS", 2), event("PSYCHOSIS", 1)),
                of(
                        "SUICIDAL_IDEATION_G2",
                        "WARNING",
                        "Brain fog",
                        event("SUICIDAL_IDEATION", 2),
                        event("SUICIDAL_IDEATION", 1)),
                of(
                        "SUICIDAL_IDEATION_G3",
                        "CRITICAL",
                        "Brain fog",
                        event("SUICIDAL_IDEATION", 3),
                        event("SUICIDAL_IDEATION", 2)),
                of("PHQ9_ITEM9", "CRITICAL", "Brain fog", phq9Item9(1), phq9Item9(0)),
                of("OTHER_G1", "INFO", "Heart problems", event("OTHER", 1), event("OTHER", 2)),
                of("OTHER_G2", "WARNING", "Heart problems", event("OTHER", 2), event("OTHER", 1)),
                of("OTHER_G3", "CRITICAL", "Heart problems", event("OTHER", 3), event("OTHER", 2)),
                of(
                        "ADVERSE_EVENT_SERIOUS",
                        "CRITICAL",
                        "Heart problems",
                        seriousEvent("DIZZINESS", 1),
                        event("DIZZINESS", 1)),
                of("COGNITIVE_G3", "CRITICAL", "Brain fog", event("COGNITIVE", 3), event("COGNITIVE", 2)));
    }

    /** A PHQ-9 of 20 taken at the session before dosing, item 9 (thoughts of self-harm) at {@code item9}. */
    static Scenario phq9Item9(int item9) {
        return Scenario.of("PHQ-9 item 9 = " + item9)
                .assessment(-10, "PHQ9", java.util.List.of(3, 3, 3, 3, 3, 3, 1, 1 + (1 - item9), item9));
    }

    static Scenario seriousEvent(String type, int grade) {
        return Scenario.of("serious " + type + " grade " + grade).seriousEvent(30, type, grade);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void firesAtItsThresholdAndNotJustInside(RuleCase rule) {
        rule.check();
    }

    /** The other edge of each band rule: it still fires there, and not one step past it (the next band's). */
    static Stream<Arguments> otherEdges() {
        return Stream.of(
                of("HR_HIGH_MILD", "INFO", "Heart problems", hr(110), hr(111)),
                of("HR_HIGH", "WARNING", "Heart problems", hr(130), hr(131)),
                of("HR_LOW_MILD", "INFO", "Heart problems", hr(41), hr(40)),
                of("SPO2_MILD", "INFO", "Breathing trouble", spo2(94), spo2(93)),
                of("SPO2_LOW", "WARNING", "Breathing trouble", spo2(92), spo2(91)),
                of("RR_LOW", "WARNING", "Breathing trouble", rr(9), rr(8)),
                of("RR_HIGH", "WARNING", "Breathing trouble", rr(24), rr(25)),
                of(
                        "NEWS2_SINGLE_3",
                        "WARNING",
                        "Breathing trouble",
                        Scenario.of("SpO2 91 and HR 91: a single 3, NEWS2 4").reading(30, "spo2", 91, "heartRate", 91),
                        Scenario.of("SpO2 91 and HR 111: a single 3, NEWS2 5")
                                .reading(30, "spo2", 91, "heartRate", 111)),
                of(
                        "NEWS2_URGENT",
                        "WARNING",
                        "Breathing trouble",
                        Scenario.of("NEWS2 6").reading(30, "respiratoryRate", 25, "spo2", 93, "heartRate", 110),
                        Scenario.of("NEWS2 7").reading(30, "respiratoryRate", 25, "spo2", 93, "heartRate", 111)),
                // Grade 1 is the lowest grade there is: past it lies only another type.
                of("RESPIRATORY_G1_2", "WARNING", "Breathing trouble", event("RESPIRATORY", 1), event("URINARY", 1)),
                of("URINARY_G1_2", "WARNING", "Kidney damage", event("URINARY", 1), event("RESPIRATORY", 1)),
                of("OTHER_G2", "WARNING", "Heart problems", event("OTHER", 2), event("OTHER", 3)),
                of(
                        "ADVERSE_EVENT_SERIOUS",
                        "CRITICAL",
                        "Heart problems",
                        seriousEvent("DIZZINESS", 2),
                        seriousEvent("DIZZINESS", 3)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("otherEdges")
    void firesAtTheOtherEdgeOfItsBandAndNotPastIt(RuleCase rule) {
        rule.check();
    }
}
