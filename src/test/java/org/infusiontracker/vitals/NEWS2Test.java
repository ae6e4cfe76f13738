package org.infusiontracker.vitals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NEWS2Test {

    /**
     * Both sides of every band edge of every parameter, each scored alone through the public entry
     * point, so the table also checks that one present parameter counts once.
     */
    @ParameterizedTest(name = "{0} = {1} scores {2}")
    @CsvSource({
        // respiration rate: <=8 3 | 9-11 1 | 12-20 0 | 21-24 2 | >=25 3
        "RESP, 8, 3",
        "RESP, 9, 1",
        "RESP, 11, 1",
        "RESP, 12, 0",
        "RESP, 20, 0",
        "RESP, 21, 2",
        "RESP, 24, 2",
        "RESP, 25, 3",
        // SpO2 scale 1: <=91 3 | 92-93 2 | 94-95 1 | >=96 0
        "SPO2, 91, 3",
        "SPO2, 92, 2",
        "SPO2, 93, 2",
        "SPO2, 94, 1",
        "SPO2, 95, 1",
        "SPO2, 96, 0",
        "SPO2, 100, 0",
        // air or oxygen
        "OXYGEN, true, 2",
        "OXYGEN, false, 0",
        // systolic: <=90 3 | 91-100 2 | 101-110 1 | 111-219 0 | >=220 3
        "SYSTOLIC, 90, 3",
        "SYSTOLIC, 91, 2",
        "SYSTOLIC, 100, 2",
        "SYSTOLIC, 101, 1",
        "SYSTOLIC, 110, 1",
        "SYSTOLIC, 111, 0",
        "SYSTOLIC, 219, 0",
        "SYSTOLIC, 220, 3",
        // pulse: <=40 3 | 41-50 1 | 51-90 0 | 91-110 1 | 111-130 2 | >=131 3
        "PULSE, 40, 3",
        "PULSE, 41, 1",
        "PULSE, 50, 1",
        "PULSE, 51, 0",
        "PULSE, 90, 0",
        "PULSE, 91, 1",
        "PULSE, 110, 1",
        "PULSE, 111, 2",
        "PULSE, 130, 2",
        "PULSE, 131, 3",
        // consciousness (ACVPU): alert 0, anything else 3
        "CONSCIOUSNESS, ALERT, 0",
        "CONSCIOUSNESS, CONFUSION, 3",
        "CONSCIOUSNESS, VOICE, 3",
        "CONSCIOUSNESS, PAIN, 3",
        "CONSCIOUSNESS, UNRESPONSIVE, 3",
        // temperature: <=35.0 3 | 35.1-36.0 1 | 36.1-38.0 0 | 38.1-39.0 1 | >=39.1 2
        "TEMPERATURE, 35.0, 3",
        "TEMPERATURE, 35.1, 1",
        "TEMPERATURE, 36.0, 1",
        "TEMPERATURE, 36.1, 0",
        "TEMPERATURE, 38.0, 0",
        "TEMPERATURE, 38.1, 1",
        "TEMPERATURE, 39.0, 1",
        "TEMPERATURE, 39.1, 2",
        // two-decimal readings are charted to one decimal, half up
        "TEMPERATURE, 35.04, 3",
        "TEMPERATURE, 35.05, 1",
        "TEMPERATURE, 38.04, 0",
        "TEMPERATURE, 38.05, 1",
        "TEMPERATURE, 39.04, 1",
        "TEMPERATURE, 39.05, 2",
        // the ends of what a reading accepts: an emergency's values score like any other in their band
        "SPO2, 0, 3",
        "PULSE, 0, 3",
        "PULSE, 300, 3",
    })
    void scoresEachBandEdge(String parameter, String value, int expected) {
        NEWS2 score = scoreAlone(parameter, value);

        assertEquals(expected, score.total());
        assertEquals(expected, score.maxSingle());
        assertEquals(1, score.parameters());
        assertFalse(score.complete());
    }

    @Test
    void nothingMeasuredScoresNothing() {
        NEWS2 score = NEWS2.score(null, null, null, null, null, null, null);

        assertEquals(new NEWS2(0, 0, false, 0), score);
        assertFalse(score.complete());
    }

    @Test
    void allSevenNormalIsCompleteAndZero() {
        NEWS2 score = NEWS2.score(16, 97, false, 120, 70, "ALERT", new BigDecimal("37.0"));

        assertEquals(new NEWS2(0, 0, true, 7), score);
        assertTrue(score.complete());
    }

    @Test
    void sumsAndTracksTheHighestSingleScore() {
        // resp 22 → 2, SpO2 93 → 2, oxygen → 2, systolic 105 → 1, pulse 115 → 2, VOICE → 3, 38.5 → 1
        NEWS2 score = NEWS2.score(22, 93, true, 105, 115, "VOICE", new BigDecimal("38.5"));

        assertEquals(13, score.total());
        assertEquals(3, score.maxSingle());
        assertEquals(7, score.parameters());
        assertTrue(score.complete());
    }

    @Test
    void incompleteReadingSumsOnlyWhatIsPresent() {
        // SpO2 91 → 3, pulse 100 → 1; the rest not measured
        NEWS2 score = NEWS2.score(null, 91, null, null, 100, null, null);

        assertEquals(new NEWS2(4, 3, false, 2), score);
        assertFalse(score.complete());
    }

    @Test
    void highestPossibleScoreIsTwenty() {
        NEWS2 score = NEWS2.score(30, 85, true, 80, 140, "UNRESPONSIVE", new BigDecimal("34.0"));

        assertEquals(new NEWS2(20, 3, true, 7), score);
    }

    @Test
    void asVariablesGivesCelFriendlyTypes() {
        Map<String, Object> variables =
                NEWS2.score(22, 93, null, null, null, null, null).asVariables();

        assertEquals(Map.of("total", 4L, "maxSingle", 2L, "parameters", 2L, "complete", false), variables);
    }

    @Test
    void serialisesAllFourResultsToJson() throws Exception {
        String json = new ObjectMapper().writeValueAsString(NEWS2.score(22, 93, null, null, null, null, null));

        assertEquals("{\"total\":4,\"maxSingle\":2,\"complete\":false,\"parameters\":2}", json);
    }

    @Test
    void rejectsImpossibleScores() {
        assertThrows(IllegalArgumentException.class, () -> new NEWS2(21, 3, true, 7));
        assertThrows(IllegalArgumentException.class, () -> new NEWS2(5, 4, true, 7));
        assertThrows(IllegalArgumentException.class, () -> new NEWS2(2, 3, false, 1));
        assertThrows(IllegalArgumentException.class, () -> new NEWS2(0, 0, false, 8));
        assertThrows(IllegalArgumentException.class, () -> new NEWS2(0, 0, true, 6));
        assertThrows(IllegalArgumentException.class, () -> new NEWS2(0, 0, false, 7));
    }

    private static NEWS2 scoreAlone(String parameter, String value) {
        return switch (parameter) {
            case "RESP" -> NEWS2.score(Integer.valueOf(value), null, null, null, null, null, null);
            case "SPO2" -> NEWS2.score(null, Integer.valueOf(value), null, null, null, null, null);
            case "OXYGEN" -> NEWS2.score(null, null, Boolean.valueOf(value), null, null, null, null);
            case "SYSTOLIC" -> NEWS2.score(null, null, null, Integer.valueOf(value), null, null, null);
            case "PULSE" -> NEWS2.score(null, null, null, null, Integer.valueOf(value), null, null);
            case "CONSCIOUSNESS" -> NEWS2.score(null, null, null, null, null, value, null);
            case "TEMPERATURE" -> NEWS2.score(null, null, null, null, null, null, new BigDecimal(value));
            default -> throw new IllegalArgumentException("Unknown parameter " + parameter);
        };
    }
}
