package org.infusiontracker.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.infusiontracker.vitals.NEWS2;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shipped rules as the migrations left them: for each code, the newest version of clinic
 * {@code '*'} is read from the {@code rule} table, so a migration that changes a seeded condition is
 * what these cases test. Each compiles, behaves right against plain values at and around what it
 * looks for, and does not match by accident when the values it guards are absent.
 */
@QuarkusTest
class SeededRulesTest {

    /** The seeded rules written to fire when a value is missing (a discharge criterion not measured, or not yet met). */
    private static final Set<String> FIRE_ON_ABSENCE = Set.of(
            "DISCHARGE_MIN_OBSERVATION",
            "DISCHARGE_BP_NOT_FRESH",
            "DISCHARGE_SPO2_NOT_FRESH",
            "DISCHARGE_MOAAS_NOT_FRESH",
            "DISCHARGE_CADSS_NOT_FRESH");
    /** Those written to fire on an empty list, such as a session without readings. */
    private static final Set<String> FIRE_ON_EMPTY_LISTS = Set.of("PREDOSE_BP_MISSING");

    private static final String IN_FORCE = """
            select distinct on (code) code, version, condition, matched_value
            from rule
            where clinic_id = '*'
            order by code, version desc
            """;

    /** What the matched value of some shipped rules shows for the values of {@link #matchedValuesRender}. */
    private static final Map<String, String> RENDERED = new LinkedHashMap<>();

    static {
        RENDERED.put("SEDATION_MILD", "MOAA/S 4");
        RENDERED.put("BP_RISE", "182/104 (pre-dose 130/80)");
        RENDERED.put("CONTRAINDICATION_ON_FILE", "PREGNANCY, PSYCHOSIS");
        RENDERED.put("SESSION_FREQUENCY", "3 sessions in 7 days");
        RENDERED.put("SPO2_LOW_CONSECUTIVE", "92%, 91%");
        RENDERED.put("NEWS2_EMERGENCY", "NEWS2 3");
        RENDERED.put("DISCHARGE_MIN_OBSERVATION", "125 min since dosing started");
        RENDERED.put("PHQ9_ITEM9", "PHQ-9 item 9 = 2");
    }

    /** A shipped rule in force. */
    record Seeded(String code, int version, String condition, String matchedValue) {}

    private final CelRules rules = new CelRules();

    @Inject
    DataSource database;

    /** Every shipped rule in force, by code. */
    private Map<String, Seeded> seeded() throws SQLException {
        Map<String, Seeded> byCode = new LinkedHashMap<>();
        try (Connection connection = database.getConnection();
                Statement query = connection.createStatement();
                ResultSet rows = query.executeQuery(IN_FORCE)) {
            while (rows.next()) {
                byCode.put(
                        rows.getString("code"),
                        new Seeded(
                                rows.getString("code"),
                                rows.getInt("version"),
                                rows.getString("condition"),
                                rows.getString("matched_value")));
            }
        }
        return byCode;
    }

    private Seeded seeded(String code) throws SQLException {
        Seeded rule = seeded().get(code);
        assertTrue(rule != null, () -> "no shipped rule " + code);
        return rule;
    }

    /** A PHQ-9 whose item 9 is {@code item9}, every other item 3. */
    static Map<String, Object> phq9(long item9) {
        return map("instrument", "PHQ9", "answers", List.of(3L, 3L, 3L, 3L, 3L, 3L, 3L, 3L, item9));
    }

    /** A map that, unlike {@code Map.of}, accepts {@code null} values: {@code map("spo2", 97L, …)}. */
    static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    @Test
    void everyShippedConditionAndValueCompiles() throws SQLException {
        Map<String, Seeded> all = seeded();
        List<String> refused = new ArrayList<>();
        for (Seeded rule : all.values()) {
            try {
                rules.compile(rule.condition());
                if (rule.matchedValue() != null) {
                    rules.compileValue(rule.matchedValue());
                }
            } catch (InvalidCondition e) {
                refused.add(rule.code() + " v" + rule.version() + ": " + e.getMessage());
            }
        }

        assertTrue(all.size() >= 72, () -> all.size() + " shipped rules");
        assertEquals(List.of(), refused);
    }

    /**
     * With nothing measured or known, only the rules written to fire on absence match; with empty
     * lists (no readings, no risk factors), also those written to fire on an empty one.
     */
    @Test
    void absentValuesDoNotMatchByAccident() throws SQLException {
        Map<String, Object> emptyLists = Map.of(
                "session", Map.of("readings", List.of(), "unresolvedEventTypes", List.of()),
                "patient", Map.of("riskFactors", List.of(), "contraindications", List.of()));
        List<String> nothingKnown = new ArrayList<>();
        List<String> onlyEmptyLists = new ArrayList<>();
        for (Seeded rule : seeded().values()) {
            CelRules.Compiled condition = rules.compile(rule.condition());
            if (rules.matches(condition, Map.of())) {
                nothingKnown.add(rule.code());
            }
            if (rules.matches(condition, emptyLists)) {
                onlyEmptyLists.add(rule.code());
            }
        }

        Set<String> onEmptyLists = new HashSet<>(FIRE_ON_ABSENCE);
        onEmptyLists.addAll(FIRE_ON_EMPTY_LISTS);
        assertEquals(FIRE_ON_ABSENCE, Set.copyOf(nothingKnown));
        assertEquals(onEmptyLists, Set.copyOf(onlyEmptyLists));
    }

    @ParameterizedTest(name = "[{index}] {0} → {2}")
    @MethodSource("cases")
    void conditionBehaves(String code, Map<String, Object> variables, boolean expected) throws SQLException {
        Seeded rule = seeded(code);
        CelRules.Evaluation evaluation = rules.evaluate(rules.compile(rule.condition()), CelRules.bind(variables));

        assertEquals(
                expected,
                evaluation.matched(),
                () -> code + " v" + rule.version() + " (" + rule.condition() + "), error: " + evaluation.error());
    }

    @Test
    void matchedValuesRender() throws SQLException {
        CelRules.Bindings variables = CelRules.bind(Map.of(
                "reading", Map.of("sedationMoaas", 4L, "systolic", 182L, "diastolic", 104L, "spo2", 91L),
                "baseline", Map.of("systolic", 130L, "diastolic", 80L),
                "previous", Map.of("spo2", 92L),
                "session", Map.of("minutesSinceDosingStarted", 125.7),
                "assessment", phq9(2L),
                "patient", Map.of("contraindications", List.of("PREGNANCY", "PSYCHOSIS"), "sessionsLast7Days", 3L),
                "news2",
                        NEWS2.score(16, 97, false, 120, 70, "VOICE", new BigDecimal("37.0"))
                                .asVariables()));
        Map<String, String> rendered = new LinkedHashMap<>();
        for (String code : RENDERED.keySet()) {
            rendered.put(code, rules.render(rules.compileValue(seeded(code).matchedValue()), variables));
        }

        assertEquals(RENDERED, rendered);
    }

    @Test
    void matchedValueOfAbsentFieldsIsNull() throws SQLException {
        CelRules.Bindings nothing = CelRules.bind(Map.of());

        for (String code : RENDERED.keySet()) {
            String value = seeded(code).matchedValue();
            assertNull(rules.render(rules.compileValue(value), nothing), value);
        }
    }

    static Stream<Arguments> cases() {
        String sedation = "SEDATION_MILD";
        String bpRise = "BP_RISE";
        String late = "ACVPU_REDUCED";
        String noBp = "BP_MISSING_40MIN";
        String iv = "BP_CADENCE_IV";
        String notRecovered = "DISCHARGE_SEDATION";
        String item9 = "PHQ9_ITEM9";
        return Stream.of(
                Arguments.of(item9, Map.of("assessment", phq9(0L)), false),
                Arguments.of(item9, Map.of("assessment", phq9(1L)), true),
                Arguments.of(item9, Map.of("assessment", phq9(3L)), true),
                Arguments.of(
                        item9,
                        Map.of("assessment", map("instrument", "GAD7", "answers", List.of(3L, 3L, 3L, 3L, 3L, 3L, 3L))),
                        false),
                Arguments.of(
                        sedation,
                        Map.of(
                                "reading",
                                map("sedationMoaas", 4L, "preDose", false),
                                "baseline",
                                map("sedationMoaas", 5L)),
                        true),
                Arguments.of(sedation, Map.of("reading", map("sedationMoaas", 4L, "preDose", false)), true),
                Arguments.of(
                        sedation,
                        Map.of(
                                "reading",
                                map("sedationMoaas", 4L, "preDose", false),
                                "baseline",
                                map("sedationMoaas", 4L)),
                        false),
                Arguments.of(sedation, Map.of("reading", map("sedationMoaas", 4L, "preDose", true)), false),
                Arguments.of(sedation, Map.of("reading", map("sedationMoaas", 3L, "preDose", false)), false),
                Arguments.of(sedation, Map.of("reading", map("sedationMoaas", null, "preDose", false)), false),
                Arguments.of(
                        bpRise,
                        Map.of(
                                "reading",
                                map("systolic", 165L, "diastolic", 80L, "preDose", false),
                                "baseline",
                                map("systolic", 125L, "diastolic", 80L)),
                        true),
                Arguments.of(
                        bpRise,
                        Map.of(
                                "reading",
                                map("systolic", 130L, "diastolic", 105L, "preDose", false),
                                "baseline",
                                map("systolic", 125L, "diastolic", 80L)),
                        true),
                Arguments.of(
                        bpRise,
                        Map.of(
                                "reading",
                                map("systolic", 150L, "diastolic", 95L, "preDose", false),
                                "baseline",
                                map("systolic", 125L, "diastolic", 80L)),
                        false),
                Arguments.of(
                        bpRise,
                        Map.of(
                                "reading",
                                map("systolic", 200L, "diastolic", 120L, "preDose", true),
                                "baseline",
                                map("systolic", 125L, "diastolic", 80L)),
                        false),
                Arguments.of(
                        bpRise, Map.of("reading", map("systolic", 200L, "diastolic", 120L, "preDose", false)), false),
                Arguments.of(
                        late, Map.of("reading", map("consciousness", "VOICE", "minutesAfterDosingStart", 95.0)), true),
                Arguments.of(
                        late, Map.of("reading", map("consciousness", "ALERT", "minutesAfterDosingStart", 95.0)), false),
                Arguments.of(
                        late, Map.of("reading", map("consciousness", "PAIN", "minutesAfterDosingStart", 60.0)), false),
                Arguments.of(late, Map.of("reading", map("consciousness", "PAIN")), false),
                Arguments.of(
                        noBp,
                        Map.of(
                                "session",
                                map(
                                        "minutesSinceDosingStarted",
                                        55.0,
                                        "readings",
                                        List.of(
                                                map("systolic", 120L, "minutesAfterDosingStart", 10.0),
                                                map("spo2", 97L, "minutesAfterDosingStart", 40.0),
                                                map("systolic", 118L)))),
                        true),
                Arguments.of(
                        noBp, Map.of("session", map("minutesSinceDosingStarted", 55.0, "readings", List.of())), true),
                Arguments.of(
                        noBp,
                        Map.of(
                                "session",
                                map(
                                        "minutesSinceDosingStarted",
                                        55.0,
                                        "readings",
                                        List.of(
                                                map("systolic", 120L, "minutesAfterDosingStart", 10.0),
                                                map("systolic", 131L, "minutesAfterDosingStart", 40.0)))),
                        false),
                Arguments.of(
                        noBp, Map.of("session", map("minutesSinceDosingStarted", 45.0, "readings", List.of())), false),
                Arguments.of(
                        iv,
                        Map.of(
                                "session",
                                map(
                                        "route",
                                        "IV",
                                        "status",
                                        "DOSING",
                                        "minutesSinceDosingStarted",
                                        20.0,
                                        "readings",
                                        List.of(
                                                map("systolic", 120L, "minutesAgo", 18.0),
                                                map("spo2", 97L, "minutesAgo", 2.0)))),
                        true),
                Arguments.of(
                        iv,
                        Map.of(
                                "session",
                                map(
                                        "route",
                                        "IV",
                                        "status",
                                        "DOSING",
                                        "minutesSinceDosingStarted",
                                        20.0,
                                        "readings",
                                        List.of(
                                                map("systolic", 120L, "minutesAgo", 18.0),
                                                map("systolic", 124L, "minutesAgo", 4.0)))),
                        false),
                Arguments.of(
                        iv,
                        Map.of(
                                "session",
                                map(
                                        "route",
                                        "IM",
                                        "status",
                                        "DOSING",
                                        "minutesSinceDosingStarted",
                                        20.0,
                                        "readings",
                                        List.of())),
                        false),
                Arguments.of(
                        iv,
                        Map.of(
                                "session",
                                map(
                                        "route",
                                        "IV",
                                        "status",
                                        "DOSING",
                                        "minutesSinceDosingStarted",
                                        10.0,
                                        "readings",
                                        List.of())),
                        false),
                Arguments.of("PRESCRIBER_OFF_SITE", Map.of("session", map("prescriberOnSite", false)), true),
                Arguments.of("PRESCRIBER_OFF_SITE", Map.of("session", map("prescriberOnSite", true)), false),
                Arguments.of(
                        "CONTRAINDICATION_ON_FILE",
                        Map.of("patient", map("contraindications", List.of("PREGNANCY"))),
                        true),
                Arguments.of("CONTRAINDICATION_ON_FILE", Map.of("patient", map("contraindications", List.of())), false),
                Arguments.of(
                        "SUBSTANCE_USE_HISTORY",
                        Map.of("patient", map("riskFactors", List.of("HYPERTENSION", "SUBSTANCE_USE_HISTORY"))),
                        true),
                Arguments.of(
                        "SUBSTANCE_USE_HISTORY", Map.of("patient", map("riskFactors", List.of("HYPERTENSION"))), false),
                Arguments.of(
                        "SESSION_FREQUENCY",
                        Map.of("session", map("drug", "ESKETAMINE"), "patient", map("sessionsLast7Days", 3L)),
                        true),
                Arguments.of(
                        "SESSION_FREQUENCY",
                        Map.of("session", map("drug", "ESKETAMINE"), "patient", map("sessionsLast7Days", 2L)),
                        false),
                Arguments.of(
                        "SESSION_FREQUENCY",
                        Map.of("session", map("drug", "KETAMINE"), "patient", map("sessionsLast7Days", 5L)),
                        false),
                Arguments.of(
                        "SPO2_LOW_CONSECUTIVE",
                        Map.of("reading", map("spo2", 91L), "previous", map("spo2", 92L)),
                        true),
                Arguments.of(
                        "SPO2_LOW_CONSECUTIVE",
                        Map.of("reading", map("spo2", 91L), "previous", map("spo2", 95L)),
                        false),
                Arguments.of("SPO2_LOW_CONSECUTIVE", Map.of("reading", map("spo2", 91L)), false),
                Arguments.of("OXYGEN_STARTED", Map.of("reading", map("onOxygen", true)), true),
                Arguments.of("OXYGEN_STARTED", Map.of("reading", map("onOxygen", false)), false),
                Arguments.of(
                        "NEWS2_SINGLE_3",
                        Map.of(
                                "news2",
                                NEWS2.score(16, 97, false, 120, 70, "VOICE", new BigDecimal("37.0"))
                                        .asVariables()),
                        true),
                Arguments.of(
                        "NEWS2_SINGLE_3",
                        Map.of(
                                "news2",
                                NEWS2.score(22, 91, true, 105, 115, "ALERT", new BigDecimal("37.0"))
                                        .asVariables()),
                        false),
                Arguments.of(
                        "VOMITING_SEDATED",
                        Map.of("event", map("type", "VOMITING", "grade", 2L), "reading", map("sedationMoaas", 3L)),
                        true),
                Arguments.of(
                        "VOMITING_SEDATED",
                        Map.of("event", map("type", "VOMITING", "grade", 2L), "reading", map("sedationMoaas", 5L)),
                        false),
                Arguments.of("VOMITING_SEDATED", Map.of("event", map("type", "VOMITING")), false),
                Arguments.of("VOMITING_SEDATED", Map.of("reading", map("sedationMoaas", 2L)), false),
                Arguments.of("DIZZINESS_G3", Map.of("event", map("type", "DIZZINESS", "grade", 3L)), true),
                Arguments.of("DIZZINESS_G3", Map.of("event", map("type", "DIZZINESS", "grade", 2L)), false),
                Arguments.of("DIZZINESS_G3", Map.of("event", map("type", "NAUSEA", "grade", 4L)), false),
                Arguments.of(
                        "DISCHARGE_COGNITION",
                        Map.of("session", map("unresolvedEventTypes", List.of("COGNITIVE"))),
                        true),
                Arguments.of(
                        "DISCHARGE_COGNITION",
                        Map.of(
                                "session",
                                map("unresolvedEventTypes", List.of()),
                                "reading",
                                map("consciousness", "CONFUSION")),
                        true),
                Arguments.of("DISCHARGE_COGNITION", Map.of("reading", map("consciousness", "CONFUSION")), true),
                Arguments.of(
                        "DISCHARGE_COGNITION",
                        Map.of(
                                "session",
                                map("unresolvedEventTypes", List.of("NAUSEA")),
                                "reading",
                                map("consciousness", "ALERT")),
                        false),
                Arguments.of(
                        "DISCHARGE_MIN_OBSERVATION", Map.of("session", map("minutesSinceDosingStarted", 95.0)), true),
                Arguments.of(
                        "DISCHARGE_MIN_OBSERVATION", Map.of("session", map("minutesSinceDosingStarted", 120L)), false),
                Arguments.of(
                        "LOT_OR_DOSE_MISSING",
                        Map.of("session", map("drug", "ESKETAMINE", "lotNumber", "L123", "plannedDoseAmount", null)),
                        true),
                Arguments.of(
                        "LOT_OR_DOSE_MISSING",
                        Map.of("session", map("drug", "ESKETAMINE", "plannedDoseAmount", 56L)),
                        true),
                Arguments.of(
                        "LOT_OR_DOSE_MISSING",
                        Map.of("session", map("drug", "ESKETAMINE", "lotNumber", "L123", "plannedDoseAmount", 56.0)),
                        false),
                Arguments.of("LOT_OR_DOSE_MISSING", Map.of("session", map("drug", "KETAMINE")), false),
                Arguments.of("DISCHARGE_UNACKNOWLEDGED_FLAGS", Map.of("session", map("unacknowledgedFlags", 1L)), true),
                Arguments.of("DISCHARGE_UNACKNOWLEDGED_FLAGS", Map.of("session", map("unacknowledgedFlags", 0)), false),
                Arguments.of(notRecovered, Map.of("reading", map("sedationMoaas", 4L)), true),
                Arguments.of(notRecovered, Map.of("reading", map("sedationMoaas", 5L)), false),
                Arguments.of(
                        notRecovered,
                        Map.of("reading", map("sedationMoaas", 4L), "baseline", map("sedationMoaas", 4L)),
                        false));
    }
}
