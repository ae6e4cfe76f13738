package org.infusiontracker.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.infusiontracker.vitals.NEWS2;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The engine alone: compiling, absent values, numbers, bindings, with conditions written here. The
 * shipped rules themselves are tested as the migrations left them in the database, in
 * {@link SeededRulesTest}.
 */
class CelRulesTest {

    private final CelRules rules = new CelRules();

    enum Drug {
        KETAMINE,
        ESKETAMINE
    }

    enum Consciousness {
        ALERT,
        VOICE
    }

    /** A map that, unlike {@code Map.of}, accepts {@code null} values: {@code map("spo2", 97L, …)}. */
    static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    @Nested
    class Compiling {

        @Test
        void syntaxErrorNamesLineAndColumn() {
            InvalidCondition e =
                    assertThrows(InvalidCondition.class, () -> rules.compile("reading.spo2 <=\n  && true"));

            assertTrue(e.getMessage().contains("condition:2:3"), e.getMessage());
            assertTrue(e.getMessage().contains("^"), "caret under the error: " + e.getMessage());
            assertEquals("reading.spo2 <=\n  && true", e.expression());
        }

        @Test
        void unknownVariableIsNamed() {
            InvalidCondition e = assertThrows(InvalidCondition.class, () -> rules.compile("vitals.spo2 <= 93"));

            assertTrue(e.getMessage().contains("undeclared reference to 'vitals'"), e.getMessage());
            assertTrue(e.getMessage().contains("condition:1:1"), e.getMessage());
        }

        @Test
        void unknownFunctionIsRejected() {
            InvalidCondition e = assertThrows(InvalidCondition.class, () -> rules.compile("avg(reading.spo2) < 90"));

            assertTrue(e.getMessage().contains("avg"), e.getMessage());
        }

        @Test
        void nonBooleanResultIsRejected() {
            InvalidCondition e = assertThrows(InvalidCondition.class, () -> rules.compile("reading.spo2 + 1"));

            assertTrue(e.getMessage().contains("expected type 'bool' but found 'int'"), e.getMessage());
        }

        @Test
        void typeErrorBetweenLiteralsIsCaughtAtCompileTime() {
            InvalidCondition e = assertThrows(InvalidCondition.class, () -> rules.compile("'high' > 3"));

            assertTrue(e.getMessage().contains("no matching overload"), e.getMessage());
        }

        @Test
        void hasOnABareVariableIsRejected() {
            InvalidCondition e = assertThrows(InvalidCondition.class, () -> rules.compile("has(reading)"));

            assertTrue(e.getMessage().contains("invalid argument to has() macro"), e.getMessage());
        }

        @Test
        void invalidConditionIsAnIllegalArgumentException() {
            assertThrows(IllegalArgumentException.class, () -> rules.compile(""));
        }

        @Test
        void sameTextIsCompiledOnce() {
            CelRules.Compiled first = rules.compile("news2.total >= 7");

            assertSame(first, rules.compile("news2.total >= 7"));
            assertEquals("news2.total >= 7", first.expression());
        }

        @Test
        void aConditionTriedUncachedIsNotKept() {
            long cached = rules.cachedConditions();
            CelRules.Compiled tried = rules.compileUncached("reading.spo2 <= 77");

            assertTrue(rules.matches(tried, Map.of("reading", Map.of("spo2", 70L))));
            assertEquals(cached, rules.cachedConditions());
            assertThrows(InvalidCondition.class, () -> rules.compileUncached("reading.spo2 <="));
        }

        @Test
        void theCacheKeepsAtMostItsSize() {
            CelRules small = new CelRules(5);
            for (int i = 0; i < 50; i++) {
                small.compile("has(reading.spo2) && reading.spo2 <= " + i);
            }

            assertTrue(small.cachedConditions() <= 5, () -> small.cachedConditions() + " conditions cached");
        }

        @Test
        void failedCompilationIsNotCached() {
            assertThrows(InvalidCondition.class, () -> rules.compile("reading.spo2 <="));
            assertThrows(InvalidCondition.class, () -> rules.compile("reading.spo2 <="));
        }

        @Test
        void everyDeclaredFieldOfEveryVariableCompiles() {
            assertEquals(CelRules.VARIABLES, List.copyOf(CelRules.VARIABLE_TYPES.keySet()));
            for (String variable : CelRules.VARIABLES) {
                for (String field : CelRules.TYPES
                        .get(CelRules.VARIABLE_TYPES.get(variable))
                        .keySet()) {
                    assertNotNull(rules.compile("has(" + variable + "." + field + ")"));
                }
            }
        }

        @Test
        void undeclaredFieldOfEveryVariableIsRejected() {
            for (String variable : CelRules.VARIABLES) {
                InvalidCondition e =
                        assertThrows(InvalidCondition.class, () -> rules.compile("has(" + variable + ".x)"));

                assertTrue(e.getMessage().contains("undefined field 'x'"), e.getMessage());
            }
        }

        @Test
        void misspeltFieldIsRejected() {
            InvalidCondition e =
                    assertThrows(InvalidCondition.class, () -> rules.compile("has(reading.spo3) && reading.spo3 < 90"));

            assertTrue(e.getMessage().contains("undefined field 'spo3'"), e.getMessage());
            assertTrue(e.getMessage().contains("condition:1:4"), e.getMessage());
        }

        @Test
        void fieldOfAReadingInTheSessionIsChecked() {
            InvalidCondition e = assertThrows(
                    InvalidCondition.class, () -> rules.compile("session.readings.exists(r, has(r.bp) && r.bp > 180)"));

            assertTrue(e.getMessage().contains("undefined field 'bp'"), e.getMessage());
        }

        @Test
        void fieldThatIsNotABooleanIsRejected() {
            InvalidCondition e = assertThrows(InvalidCondition.class, () -> rules.compile("reading.spo2"));

            assertTrue(e.getMessage().contains("expected type 'bool' but found 'int'"), e.getMessage());
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(
                strings = {
                    "has(reading.spo2) && reading.spo2 < 'low'",
                    "reading.consciousness > 3",
                    "reading.preDose == 'false'",
                    "session.drug == 1",
                    "'COGNITIVE' in session.readings",
                    "patient.riskFactors == 'PREGNANCY'",
                    "event.grade >= 'severe'",
                    "news2.complete > 0",
                    "reading.systolic >= baseline.systolic * 1.2",
                    "size(baseline) == 0",
                    "'spo2' in reading",
                    "reading.spo2 == null",
                })
        void wrongTypesAreRejected(String condition) {
            InvalidCondition e = assertThrows(InvalidCondition.class, () -> rules.compile(condition));

            assertTrue(e.getMessage().contains("no matching overload"), e.getMessage());
        }

        @Test
        void structLiteralsAreRejected() {
            InvalidCondition e =
                    assertThrows(InvalidCondition.class, () -> rules.compile("Reading{spo2: 90}.spo2 == 90"));

            assertTrue(e.getMessage().contains("struct literals"), e.getMessage());
            assertThrows(InvalidCondition.class, () -> rules.compileValue("[Event{type: 'X'}]"));
        }

        @Test
        void valueExpressionsAreTypeCheckedToo() {
            assertThrows(InvalidCondition.class, () -> rules.compileValue("string(reading.spo3) + '%'"));
            assertThrows(InvalidCondition.class, () -> rules.compileValue("'MOAA/S ' + reading.sedationMoaas"));
            assertNotNull(rules.compileValue("reading.spo2"));
        }

        @Test
        void typesAreDescribedForTheReadme() {
            assertEquals(
                    List.of("Reading", "Session", "Patient", "Event", "News2", "Assessment"),
                    List.copyOf(CelRules.TYPES.keySet()));
            assertEquals("list(int)", CelRules.TYPES.get("Assessment").get("answers"));
            assertEquals("int", CelRules.TYPES.get("Reading").get("spo2"));
            assertEquals("double", CelRules.TYPES.get("Reading").get("temperatureC"));
            assertEquals("list(Reading)", CelRules.TYPES.get("Session").get("readings"));
            assertEquals("list(string)", CelRules.TYPES.get("Patient").get("riskFactors"));
            // Derived from the fact record: a vital sign added there is a field here, with no count to keep.
            assertEquals(
                    org.infusiontracker.vitals.ReadingFacts.class.getRecordComponents().length,
                    CelRules.TYPES.get("Reading").size());
            assertEquals(
                    org.infusiontracker.session.SessionFacts.class.getRecordComponents().length,
                    CelRules.TYPES.get("Session").size());
            assertEquals("list(Event)", CelRules.TYPES.get("Session").get("unresolvedEvents"));
            assertEquals("Reading", CelRules.VARIABLE_TYPES.get("previous"));

            String text = CelRules.describeTypes();

            assertTrue(
                    text.startsWith("Reading (reading, baseline, previous, session.readings[])\n  systolic: int\n"),
                    text);
            assertTrue(text.contains("News2 (news2)\n  total: int\n"), text);
            assertTrue(text.contains("  unresolvedEventTypes: list(string)\n"), text);
            assertTrue(text.contains("Event (session.unresolvedEvents[], event)\n"), text);
        }
    }

    @Nested
    class AbsentValues {

        @Test
        void missingKeyIsNoMatchNotAnException() {
            CelRules.Compiled unguarded = rules.compile("reading.spo2 <= 93");

            assertFalse(rules.matches(unguarded, Map.of("reading", Map.of("heartRate", 80L))));
        }

        @Test
        void missingKeyErrorIsReported() {
            CelRules.Evaluation evaluation = rules.evaluate(
                    rules.compile("reading.spo2 <= 93"), CelRules.bind(Map.of("reading", Map.of("heartRate", 80L))));

            assertFalse(evaluation.matched());
            assertTrue(evaluation.failed());
            assertTrue(evaluation.error().contains("key 'spo2' is not present"), evaluation.error());
        }

        @Test
        void evaluatedConditionReportsNoError() {
            CelRules.Evaluation evaluation = rules.evaluate(
                    rules.compile("has(reading.spo2) && reading.spo2 <= 93"),
                    CelRules.bind(Map.of("reading", Map.of("heartRate", 80L))));

            assertFalse(evaluation.matched());
            assertNull(evaluation.error());
        }

        @Test
        void hasTestsKeyPresence() {
            CelRules.Compiled has = rules.compile("has(reading.spo2)");

            assertTrue(rules.matches(has, Map.of("reading", Map.of("spo2", 97L))));
            assertFalse(rules.matches(has, Map.of("reading", Map.of("heartRate", 80L))));
        }

        @Test
        void nullValueCountsAsNotMeasured() {
            Map<String, Object> reading = new HashMap<>();
            reading.put("spo2", null);
            reading.put("heartRate", 80L);

            assertFalse(rules.matches(rules.compile("has(reading.spo2)"), Map.of("reading", reading)));
            assertTrue(rules.matches(rules.compile("has(reading.heartRate)"), Map.of("reading", reading)));
            assertTrue(rules.evaluate(rules.compile("reading.spo2 < 100"), CelRules.bind(Map.of("reading", reading)))
                    .failed());
        }

        @Test
        void nullInAListIsDropped() {
            Map<String, Object> variables =
                    Map.of("patient", map("riskFactors", java.util.Arrays.asList("PREGNANCY", null)));

            assertTrue(rules.matches(rules.compile("size(patient.riskFactors) == 1"), variables));
        }

        @ParameterizedTest(name = "spo2={0} → {1}")
        @CsvSource({"93, true", "94, false", ", false"})
        void guardedConditionMatchesOnlyWhenMeasured(Long spo2, boolean expected) {
            Map<String, Object> reading = new HashMap<>();
            reading.put("spo2", spo2);

            assertEquals(
                    expected,
                    rules.matches(
                            rules.compile("has(reading.spo2) && reading.spo2 <= 93"), Map.of("reading", reading)));
        }

        @Test
        void errorsAreAbsorbedByLogicalOperatorsInEitherOrder() {
            Map<String, Object> variables = Map.of("reading", Map.of("heartRate", 80L));

            assertTrue(rules.matches(rules.compile("reading.spo2 <= 93 || reading.heartRate < 100"), variables));
            assertTrue(rules.matches(rules.compile("reading.heartRate < 100 || reading.spo2 <= 93"), variables));
            assertFalse(rules.matches(rules.compile("reading.spo2 <= 93 && reading.heartRate > 100"), variables));
            assertFalse(rules.matches(rules.compile("reading.spo2 <= 93 && reading.heartRate < 100"), variables));
        }

        @Test
        void absentVariablesAreEmptyMaps() {
            CelRules.Compiled noPrevious = rules.compile("!has(previous.spo2) && !has(baseline.systolic)");

            assertTrue(rules.matches(noPrevious, Map.of()));
            assertTrue(rules.matches(noPrevious, Map.of("reading", Map.of("spo2", 97L))));
        }

        @Test
        void otherEvaluationErrorsAreNoMatch() {
            assertFalse(rules.matches(
                    rules.compile("reading.spo2 / (reading.heartRate - 80) > 1"),
                    Map.of("reading", Map.of("spo2", 97L, "heartRate", 80L))));
        }

        @Test
        void absentListIsNoMatchButEmptyListIsEvaluated() {
            CelRules.Compiled condition = rules.compile("!session.readings.exists(r, has(r.systolic))");

            assertFalse(rules.matches(condition, Map.of("session", Map.of("drug", "KETAMINE"))));
            assertTrue(rules.matches(condition, Map.of("session", Map.of("readings", List.of()))));
        }

        @Test
        void variableThatIsNotAMapIsACallerBug() {
            CelRules.Compiled condition = rules.compile("has(reading.spo2)");

            assertThrows(IllegalArgumentException.class, () -> rules.matches(condition, Map.of("reading", 97L)));
            assertThrows(
                    IllegalArgumentException.class,
                    () -> rules.matches(condition, Map.of("reading", Map.of("spo2", new Object()))));
        }

        @Test
        void undeclaredKeyIsACallerBug() {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class, () -> CelRules.bind(Map.of("reading", Map.of("spo3", 97L))));

            assertTrue(
                    e.getMessage().contains("reading has a key that type Reading does not declare: 'spo3'"),
                    e.getMessage());
        }

        @Test
        void undeclaredKeyInANestedReadingIsACallerBug() {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class,
                    () -> CelRules.bind(Map.of(
                            "session", Map.of("readings", List.of(Map.of("spo2", 97L), Map.of("bp", 120L))))));

            assertTrue(e.getMessage().contains("session.readings[1] has a key"), e.getMessage());
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("org.infusiontracker.rules.CelRulesTest#wronglyTypedValues")
        void valueOfTheWrongTypeIsACallerBug(String variable, Map<String, Object> value, String message) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> CelRules.bind(Map.of(variable, value)));

            assertTrue(e.getMessage().contains(message), e.getMessage());
        }
    }

    @Nested
    class Numbers {

        @ParameterizedTest(name = "{0}")
        @CsvSource(
                delimiter = '|',
                value = {
                    "reading.spo2 <= 93            | true",
                    "reading.spo2 <= 93.0          | true",
                    "reading.temperatureC >= 38.1  | true",
                    "reading.temperatureC >= 38    | true",
                    "reading.temperatureC >= 39    | false",
                    "reading.systolic - baseline.systolic >= 30 | true",
                    "reading.systolic >= double(baseline.systolic) * 1.2 | true",
                })
        void intsAndDoublesCompareAcrossTypes(String condition, boolean expected) {
            Map<String, Object> variables = Map.of(
                    "reading", Map.of("spo2", 92L, "temperatureC", 38.2, "systolic", 160L),
                    "baseline", Map.of("systolic", 125L));

            assertEquals(expected, rules.matches(rules.compile(condition), variables));
        }

        @Test
        void mixedEqualityIsACompileError() {
            InvalidCondition e = assertThrows(InvalidCondition.class, () -> rules.compile("reading.spo2 == 92.0"));

            assertTrue(e.getMessage().contains("'_==_' applied to '(int, double)'"), e.getMessage());
            assertTrue(rules.matches(
                    rules.compile("double(reading.spo2) == 92.0"), Map.of("reading", Map.of("spo2", 92L))));
        }

        @Test
        void mixedArithmeticWithoutConversionIsACompileError() {
            InvalidCondition e = assertThrows(
                    InvalidCondition.class, () -> rules.compile("reading.systolic >= baseline.systolic * 1.2"));

            assertTrue(e.getMessage().contains("'_*_' applied to '(int, double)'"), e.getMessage());
        }

        @Test
        void integerForADoubleFieldIsWidened() {
            Map<String, Object> variables = Map.of(
                    "reading", Map.of("temperatureC", 38, "minutesAfterDosingStart", 95L),
                    "session",
                            Map.of(
                                    "plannedDoseAmount",
                                    new BigDecimal("56"),
                                    "readings",
                                    List.of(Map.of("minutesAgo", (short) 5))));

            assertTrue(rules.matches(rules.compile("reading.temperatureC == 38.0"), variables));
            assertTrue(rules.matches(rules.compile("reading.minutesAfterDosingStart >= 90.0"), variables));
            assertTrue(rules.matches(rules.compile("session.plannedDoseAmount == 56.0"), variables));
            assertTrue(rules.matches(rules.compile("session.readings.exists(r, r.minutesAgo <= 15.0)"), variables));
        }

        @Test
        void entityTypesAreConvertedForCel() {
            Map<String, Object> variables = Map.of(
                    "reading",
                            Map.of(
                                    "spo2",
                                    (short) 92,
                                    "heartRate",
                                    118,
                                    "temperatureC",
                                    new BigDecimal("38.10"),
                                    "consciousness",
                                    Consciousness.VOICE,
                                    "respiratoryRate",
                                    java.math.BigInteger.valueOf(22)),
                    "session",
                            Map.of(
                                    "drug", Drug.ESKETAMINE,
                                    "lotNumber", UUID.fromString("00000000-0000-0000-0000-000000000001"),
                                    "unresolvedEventTypes", java.util.Set.of(Drug.KETAMINE)),
                    "patient", Map.of("riskFactors", List.of(Drug.ESKETAMINE), "birthYear", 1980));

            assertTrue(rules.matches(rules.compile("reading.spo2 <= 93"), variables));
            assertTrue(rules.matches(rules.compile("reading.heartRate > 110"), variables));
            assertTrue(rules.matches(rules.compile("reading.temperatureC >= 38.1"), variables));
            assertTrue(rules.matches(rules.compile("reading.consciousness == 'VOICE'"), variables));
            assertTrue(rules.matches(rules.compile("reading.respiratoryRate == 22"), variables));
            assertTrue(rules.matches(rules.compile("session.drug == 'ESKETAMINE'"), variables));
            assertTrue(rules.matches(
                    rules.compile("session.lotNumber == '00000000-0000-0000-0000-000000000001'"), variables));
            assertTrue(rules.matches(rules.compile("'KETAMINE' in session.unresolvedEventTypes"), variables));
            assertTrue(rules.matches(rules.compile("'ESKETAMINE' in patient.riskFactors"), variables));
            assertTrue(rules.matches(rules.compile("patient.birthYear < 1990"), variables));
        }

        @ParameterizedTest(name = "temperature {0} ≥ 38.1 → {1}")
        @CsvSource({"38.10, true", "38.09, false", "38.0, false", "39.4, true"})
        void decimalTemperatureComparesWithDecimalLiteral(BigDecimal temperature, boolean expected) {
            assertEquals(
                    expected,
                    rules.matches(
                            rules.compile("reading.temperatureC >= 38.1"),
                            Map.of("reading", Map.of("temperatureC", temperature))));
        }
    }

    @Nested
    class RealisticConditions {

        @ParameterizedTest(name = "systolic {0} / diastolic {1} → {2}")
        @CsvSource({"180, 90, true", "179, 109, false", "150, 110, true", ", , false"})
        void hypertensiveReading(Long systolic, Long diastolic, boolean expected) {
            Map<String, Object> reading = new HashMap<>();
            reading.put("systolic", systolic);
            reading.put("diastolic", diastolic);

            CelRules.Compiled condition =
                    rules.compile("has(reading.systolic) && (reading.systolic >= 180 || reading.diastolic >= 110)");

            assertEquals(expected, rules.matches(condition, Map.of("reading", reading)));
        }

        @ParameterizedTest(name = "MOAA/S {0} vs baseline {1} → {2}")
        @CsvSource({"3, 5, true", "5, 5, false", ", 5, false", "3, , false"})
        void sedationDeeperThanBaseline(Long now, Long before, boolean expected) {
            Map<String, Object> reading = new HashMap<>();
            reading.put("sedationMoaas", now);
            Map<String, Object> baseline = new HashMap<>();
            baseline.put("sedationMoaas", before);

            CelRules.Compiled condition = rules.compile("has(reading.sedationMoaas) && has(baseline.sedationMoaas) "
                    + "&& reading.sedationMoaas < baseline.sedationMoaas");

            assertEquals(expected, rules.matches(condition, Map.of("reading", reading, "baseline", baseline)));
        }

        @Test
        void news2Total() {
            CelRules.Compiled condition = rules.compile("news2.total >= 7");
            NEWS2 high = NEWS2.score(22, 93, true, 105, 115, "ALERT", new BigDecimal("37.0"));
            NEWS2 low = NEWS2.score(16, 97, false, 120, 70, "ALERT", new BigDecimal("37.0"));

            assertTrue(rules.matches(condition, Map.of("news2", high.asVariables())));
            assertFalse(rules.matches(condition, Map.of("news2", low.asVariables())));
        }

        @Test
        void news2SingleRedScoreOnCompleteReading() {
            CelRules.Compiled condition = rules.compile("news2.complete && news2.maxSingle == 3");
            NEWS2 red = NEWS2.score(16, 97, false, 120, 70, "VOICE", new BigDecimal("37.0"));

            assertTrue(rules.matches(condition, Map.of("news2", red.asVariables())));
        }

        @ParameterizedTest(name = "{0} grade {1} → {2}")
        @CsvSource({"VOMITING, 3, true", "VOMITING, 2, false", "NAUSEA, 4, false"})
        void severeVomiting(String type, long grade, boolean expected) {
            CelRules.Compiled condition = rules.compile("event.type == 'VOMITING' && event.grade >= 3");

            assertEquals(expected, rules.matches(condition, Map.of("event", Map.of("type", type, "grade", grade))));
        }

        @Test
        void severeVomitingWithoutAnEventIsNoMatch() {
            assertFalse(rules.matches(
                    rules.compile("event.type == 'VOMITING' && event.grade >= 3"),
                    Map.of("reading", Map.of("spo2", 97L))));
        }

        @ParameterizedTest(name = "{0} minutes → {1}")
        @CsvSource({"30, true", "29, false", "45.5, true", "29.9, false"})
        void observedLongEnough(String minutes, boolean expected) {
            Object value = minutes.contains(".") ? (Object) Double.valueOf(minutes) : (Object) Long.valueOf(minutes);

            assertEquals(
                    expected,
                    rules.matches(
                            rules.compile("session.minutesSinceDosingStarted >= 30.0"),
                            Map.of("session", Map.of("minutesSinceDosingStarted", value))));
        }

        @Test
        void oneBindingServesManyConditions() {
            CelRules.Bindings reading = CelRules.bind(Map.of(
                    "reading", Map.of("spo2", (short) 91, "heartRate", (short) 72),
                    "news2", NEWS2.score(null, 91, null, null, 72, null, null).asVariables()));

            assertTrue(rules.matches(rules.compile("has(reading.spo2) && reading.spo2 <= 93"), reading));
            assertFalse(rules.matches(rules.compile("has(reading.heartRate) && reading.heartRate >= 130"), reading));
            assertTrue(rules.matches(rules.compile("news2.maxSingle == 3 && !news2.complete"), reading));
        }

        @Test
        void riskFactorListFromPatient() {
            CelRules.Compiled condition = rules.compile(
                    "'HYPERTENSION' in patient.riskFactors && has(reading.systolic) && reading.systolic >= 160");

            assertTrue(rules.matches(
                    condition,
                    Map.of(
                            "patient", Map.of("riskFactors", List.of("HYPERTENSION", "PREGNANCY")),
                            "reading", Map.of("systolic", 165L))));
            assertFalse(rules.matches(
                    condition,
                    Map.of(
                            "patient", Map.of("riskFactors", List.of()),
                            "reading", Map.of("systolic", 165L))));
        }

        @Test
        void macrosOverLists() {
            Map<String, Object> variables =
                    Map.of("patient", Map.of("riskFactors", List.of("HYPERTENSION", "PREGNANCY")));

            assertTrue(rules.matches(rules.compile("patient.riskFactors.exists(r, r == 'PREGNANCY')"), variables));
            assertFalse(rules.matches(rules.compile("patient.riskFactors.all(r, r == 'PREGNANCY')"), variables));
            assertTrue(rules.matches(
                    rules.compile("patient.riskFactors.filter(r, r != 'PREGNANCY').size() == 1"), variables));
        }
    }

    @Nested
    class Rendering {

        private String rendered(String valueExpression) {
            return rules.render(rules.compileValue(valueExpression), CelRules.bind(Map.of()));
        }

        @Test
        void aValueOfExactlyTheCapIsKeptWhole() {
            String value = "a".repeat(CelRules.MAX_RENDERED_LENGTH);

            assertEquals(value, rendered("'" + value + "'"));
        }

        @Test
        void aValueOneCharacterOverTheCapIsCutWithAnEllipsis() {
            String value = "a".repeat(CelRules.MAX_RENDERED_LENGTH + 1);

            String shown = rendered("'" + value + "'");

            assertEquals(CelRules.MAX_RENDERED_LENGTH, shown.length());
            assertEquals("a".repeat(CelRules.MAX_RENDERED_LENGTH - 1) + "…", shown);
        }

        @Test
        void aValueOfTwoByteCharactersAtBothCapsIsKeptWholeAndThreeByteOnesAreCutToTheBytes() {
            String twoBytes = "é".repeat(CelRules.MAX_RENDERED_LENGTH);
            assertEquals(twoBytes, CelRules.capped(twoBytes));

            String shown = CelRules.capped("€".repeat(CelRules.MAX_RENDERED_LENGTH));

            assertTrue(shown.endsWith("…"), shown);
            assertTrue(
                    shown.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= CelRules.MAX_RENDERED_BYTES,
                    () -> shown.length() + " characters");
            assertEquals("€".repeat(shown.length() - 1) + "…", shown);
        }

        @Test
        void aLongListIsCutToo() {
            String shown = rendered("[0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map(a, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map(b, "
                    + "'0123456789' + string(a * 10 + b)))");

            assertEquals(CelRules.MAX_RENDERED_LENGTH, shown.length());
            assertTrue(shown.endsWith("…"), shown);
        }
    }

    static Stream<Arguments> wronglyTypedValues() {
        return Stream.of(
                Arguments.of("reading", Map.of("spo2", 92.5), "reading.spo2 must be int but is a java.lang.Double"),
                Arguments.of("reading", Map.of("spo2", "92"), "reading.spo2 must be int"),
                Arguments.of("reading", Map.of("preDose", "false"), "reading.preDose must be bool"),
                Arguments.of("reading", Map.of("consciousness", 3L), "reading.consciousness must be string"),
                Arguments.of("reading", Map.of("temperatureC", "38.1"), "reading.temperatureC must be double"),
                Arguments.of("patient", Map.of("riskFactors", "PREGNANCY"), "patient.riskFactors must be list(string)"),
                Arguments.of("patient", Map.of("riskFactors", List.of(1L)), "patient.riskFactors[0] must be string"),
                Arguments.of("session", Map.of("readings", List.of(97L)), "session.readings[0] must be Reading"),
                Arguments.of("event", Map.of("grade", true), "event.grade must be int"));
    }
}
