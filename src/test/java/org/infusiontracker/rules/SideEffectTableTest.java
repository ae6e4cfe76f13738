package org.infusiontracker.rules;

import static org.infusiontracker.rules.RuleCase.of;
import static org.infusiontracker.rules.Scenario.of;

import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every rule of the side-effect table, at its threshold and just inside it. */
@QuarkusTest
class SideEffectTableTest {

    static Stream<Arguments> rules() {
        List<Arguments> cases = new ArrayList<>(List.of(
                of(
                        "SEDATION_MILD",
                        "INFO",
                        "Feeling sleepy",
                        Scenario.of("MOAA/S 5 then 4")
                                .reading(-10, "sedationMoaas", 5)
                                .reading(30, "sedationMoaas", 4),
                        Scenario.of("MOAA/S 5 then 5")
                                .reading(-10, "sedationMoaas", 5)
                                .reading(30, "sedationMoaas", 5)),
                of(
                        "SEDATION_MODERATE",
                        "WARNING",
                        "Feeling sleepy",
                        Scenario.of("MOAA/S 3").reading(30, "sedationMoaas", 3),
                        Scenario.of("MOAA/S 4").reading(30, "sedationMoaas", 4)),
                of(
                        "SEDATION_DEEP",
                        "CRITICAL",
                        "Feeling sleepy",
                        Scenario.of("MOAA/S 1").reading(30, "sedationMoaas", 1),
                        Scenario.of("MOAA/S 2").reading(30, "sedationMoaas", 2)),
                of(
                        "SEDATION_PERSISTING",
                        "WARNING",
                        "Feeling sleepy",
                        Scenario.of("MOAA/S 4 at 90 min")
                                .startedMinutesAgo(90)
                                .observing()
                                .reading(-10, "sedationMoaas", 5)
                                .reading(80, "sedationMoaas", 4)
                                .sweep(),
                        Scenario.of("MOAA/S 4 at 89 min")
                                .startedMinutesAgo(89)
                                .observing()
                                .reading(-10, "sedationMoaas", 5)
                                .reading(80, "sedationMoaas", 4)
                                .sweep()),
                of(
                        "DISCHARGE_SEDATION",
                        "WARNING",
                        "Feeling sleepy",
                        Scenario.of("MOAA/S 4 at discharge")
                                .observing()
                                .reading(-10, "sedationMoaas", 5)
                                .reading(120, "sedationMoaas", 4)
                                .readiness(),
                        Scenario.of("MOAA/S 5 at discharge")
                                .observing()
                                .reading(-10, "sedationMoaas", 5)
                                .reading(120, "sedationMoaas", 5)
                                .readiness()),
                of(
                        "DISCHARGE_MOAAS_NOT_FRESH",
                        "WARNING",
                        "Feeling sleepy",
                        Scenario.of("last MOAA/S 31 min before discharge")
                                .observing()
                                .reading(119, "sedationMoaas", 5)
                                .readiness(),
                        Scenario.of("last MOAA/S 30 min before discharge")
                                .observing()
                                .reading(120, "sedationMoaas", 5)
                                .readiness()),
                of(
                        "DISSOCIATION",
                        "INFO",
                        "Out-of-body sensations",
                        Scenario.of("CADSS 0 then 5")
                                .reading(-10, "dissociationCadss", 0)
                                .reading(40, "dissociationCadss", 5),
                        Scenario.of("CADSS 0 then 4")
                                .reading(-10, "dissociationCadss", 0)
                                .reading(40, "dissociationCadss", 4)),
                of(
                        "DISCHARGE_DISSOCIATION",
                        "WARNING",
                        "Out-of-body sensations",
                        Scenario.of("CADSS 5 at discharge")
                                .observing()
                                .reading(120, "dissociationCadss", 5)
                                .readiness(),
                        Scenario.of("CADSS 4 at discharge")
                                .observing()
                                .reading(120, "dissociationCadss", 4)
                                .readiness()),
                of(
                        "DISCHARGE_CADSS_NOT_FRESH",
                        "WARNING",
                        "Out-of-body sensations",
                        Scenario.of("last CADSS 31 min before discharge")
                                .observing()
                                .reading(119, "dissociationCadss", 1)
                                .readiness(),
                        Scenario.of("last CADSS 30 min before discharge")
                                .observing()
                                .reading(120, "dissociationCadss", 1)
                                .readiness()),
                of(
                        "SBP_LOW",
                        "WARNING",
                        "Lightheadedness",
                        Scenario.of("SBP 100").reading(30, "systolic", 100, "diastolic", 60),
                        Scenario.of("SBP 101").reading(30, "systolic", 101, "diastolic", 60)),
                of(
                        "SBP_VERY_LOW",
                        "CRITICAL",
                        "Lightheadedness",
                        Scenario.of("SBP 90").reading(30, "systolic", 90, "diastolic", 50),
                        Scenario.of("SBP 91").reading(30, "systolic", 91, "diastolic", 50)),
                of(
                        "ACVPU_CONFUSION",
                        "WARNING",
                        "Confusion",
                        Scenario.of("confused at 90 min").reading(90, "consciousness", "CONFUSION"),
                        Scenario.of("confused at 89 min").reading(89, "consciousness", "CONFUSION")),
                of(
                        "ACVPU_REDUCED",
                        "CRITICAL",
                        "Confusion",
                        Scenario.of("voice at 90 min").reading(90, "consciousness", "VOICE"),
                        Scenario.of("voice at 89 min").reading(89, "consciousness", "VOICE")),
                of(
                        "ACVPU_UNRESPONSIVE",
                        "CRITICAL",
                        "Confusion",
                        Scenario.of("pain at 10 min").reading(10, "consciousness", "PAIN"),
                        Scenario.of("voice at 10 min").reading(10, "consciousness", "VOICE")),
                of(
                        "NAUSEA_SCORE",
                        "WARNING",
                        "Queasiness",
                        Scenario.of("nausea 7/10").reading(30, "nausea", 7),
                        Scenario.of("nausea 6/10").reading(30, "nausea", 6)),
                of(
                        "VOMITING_SEDATED",
                        "CRITICAL",
                        "Vomiting",
                        Scenario.of("vomits at MOAA/S 3")
                                .reading(20, "sedationMoaas", 3)
                                .event(25, "VOMITING", 1),
                        Scenario.of("vomits at MOAA/S 4")
                                .reading(20, "sedationMoaas", 4)
                                .event(25, "VOMITING", 1)),
                of(
                        "BP_PREDOSE_HIGH",
                        "WARNING",
                        "Blood pressure spike",
                        Scenario.of("pre-dose 141/80").reading(-10, "systolic", 141, "diastolic", 80),
                        Scenario.of("pre-dose 140/90").reading(-10, "systolic", 140, "diastolic", 90)),
                of(
                        "BP_RISE",
                        "WARNING",
                        "Blood pressure spike",
                        Scenario.of("120/80 then 160/85")
                                .reading(-10, "systolic", 120, "diastolic", 80)
                                .reading(40, "systolic", 160, "diastolic", 85),
                        Scenario.of("120/80 then 159/104")
                                .reading(-10, "systolic", 120, "diastolic", 80)
                                .reading(40, "systolic", 159, "diastolic", 104)),
                of(
                        "BP_HIGH",
                        "WARNING",
                        "Blood pressure spike",
                        Scenario.of("160/80").reading(40, "systolic", 160, "diastolic", 80),
                        Scenario.of("159/99").reading(40, "systolic", 159, "diastolic", 99)),
                of(
                        "BP_SEVERE",
                        "CRITICAL",
                        "Blood pressure spike",
                        Scenario.of("180/100").reading(40, "systolic", 180, "diastolic", 100),
                        Scenario.of("179/109").reading(40, "systolic", 179, "diastolic", 109)),
                of(
                        "HYPERTENSIVE_CRISIS",
                        "CRITICAL",
                        "Blood pressure spike",
                        Scenario.of("hypertension grade 4").event(40, "HYPERTENSION", 4),
                        Scenario.of("hypertension grade 3").event(40, "HYPERTENSION", 3)),
                of(
                        "DISCHARGE_BP",
                        "WARNING",
                        "Blood pressure spike",
                        Scenario.of("160/90 at discharge")
                                .observing()
                                .reading(120, "systolic", 160, "diastolic", 90)
                                .readiness(),
                        Scenario.of("159/99 at discharge")
                                .observing()
                                .reading(120, "systolic", 159, "diastolic", 99)
                                .readiness())));
        cases.addAll(grades("DIZZINESS", "DIZZINESS", "Lightheadedness"));
        cases.addAll(grades("CONFUSION", "CONFUSION", "Confusion"));
        cases.addAll(grades("NAUSEA", "NAUSEA", "Queasiness"));
        cases.addAll(grades("VOMITING", "VOMITING", "Vomiting"));
        cases.addAll(grades("HALLUCINATIONS", "HALLUCINATIONS", "Hallucinations"));
        cases.addAll(grades("SEDATION", "SEDATION", "Feeling sleepy"));
        cases.addAll(grades("DISSOCIATION", "DISSOCIATION", "Out-of-body sensations"));
        cases.add(of(
                "HYPERTENSION_G3",
                "CRITICAL",
                "Blood pressure spike",
                event("HYPERTENSION", 3),
                event("HYPERTENSION", 2)));
        return cases.stream();
    }

    /** CTCAE grade rules G1 INFO, G2 WARNING, G3+ CRITICAL: each grade fires its own rule only. */
    static List<Arguments> grades(String prefix, String type, String row) {
        return List.of(
                of(prefix + "_G1", "INFO", row, event(type, 1), event(type, 2)),
                of(prefix + "_G2", "WARNING", row, event(type, 2), event(type, 1)),
                of(prefix + "_G3", "CRITICAL", row, event(type, 3), event(type, 2)));
    }

    static Scenario event(String type, int grade) {
        return Scenario.of(type + " grade " + grade).event(30, type, grade);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void firesAtItsThresholdAndNotJustInside(RuleCase rule) {
        rule.check();
    }
    /**
     * The other edge of each band rule, and each diastolic-only branch of the blood-pressure rules:
     * it still fires there, and not one step past it.
     */
    static Stream<Arguments> otherEdges() {
        return Stream.of(
                of(
                        "SEDATION_MODERATE",
                        "WARNING",
                        "Feeling sleepy",
                        Scenario.of("MOAA/S 2").reading(30, "sedationMoaas", 2),
                        Scenario.of("MOAA/S 1").reading(30, "sedationMoaas", 1)),
                of(
                        "SBP_LOW",
                        "WARNING",
                        "Lightheadedness",
                        Scenario.of("SBP 91").reading(30, "systolic", 91, "diastolic", 60),
                        Scenario.of("SBP 90").reading(30, "systolic", 90, "diastolic", 60)),
                of(
                        "BP_HIGH",
                        "WARNING",
                        "Blood pressure spike",
                        Scenario.of("179/80").reading(40, "systolic", 179, "diastolic", 80),
                        Scenario.of("180/80").reading(40, "systolic", 180, "diastolic", 80)),
                of(
                        "BP_HIGH",
                        "WARNING",
                        "Blood pressure spike",
                        Scenario.of("130/100").reading(40, "systolic", 130, "diastolic", 100),
                        Scenario.of("130/99").reading(40, "systolic", 130, "diastolic", 99)),
                of(
                        "BP_HIGH",
                        "WARNING",
                        "Blood pressure spike",
                        Scenario.of("130/109").reading(40, "systolic", 130, "diastolic", 109),
                        Scenario.of("130/110").reading(40, "systolic", 130, "diastolic", 110)),
                of(
                        "BP_SEVERE",
                        "CRITICAL",
                        "Blood pressure spike",
                        Scenario.of("130/110").reading(40, "systolic", 130, "diastolic", 110),
                        Scenario.of("130/109").reading(40, "systolic", 130, "diastolic", 109)),
                of(
                        "ACVPU_UNRESPONSIVE",
                        "CRITICAL",
                        "Confusion",
                        Scenario.of("unresponsive before dosing").reading(-10, "consciousness", "UNRESPONSIVE"),
                        Scenario.of("alert before dosing").reading(-10, "consciousness", "ALERT")),
                of(
                        "ACVPU_UNRESPONSIVE",
                        "CRITICAL",
                        "Confusion",
                        Scenario.of("pain at 120 min").reading(120, "consciousness", "PAIN"),
                        Scenario.of("alert at 120 min").reading(120, "consciousness", "ALERT")),
                of(
                        "NAUSEA_SCORE",
                        "WARNING",
                        "Queasiness",
                        Scenario.of("nausea 10/10 before dosing").reading(-10, "nausea", 10),
                        Scenario.of("nausea 6/10 before dosing").reading(-10, "nausea", 6)),
                of("SEDATION_G2", "WARNING", "Feeling sleepy", event("SEDATION", 2), event("SEDATION", 3)),
                of(
                        "DISSOCIATION_G2",
                        "WARNING",
                        "Out-of-body sensations",
                        event("DISSOCIATION", 2),
                        event("DISSOCIATION", 3)),
                of(
                        "HYPERTENSION_G3",
                        "CRITICAL",
                        "Blood pressure spike",
                        event("HYPERTENSION", 3),
                        event("HYPERTENSION", 4)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("otherEdges")
    void firesAtTheOtherEdgeOfItsBandAndNotPastIt(RuleCase rule) {
        rule.check();
    }
}
