package org.infusiontracker.rules;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.List;
import org.junit.jupiter.params.provider.Arguments;

/**
 * One row of a rule table test: the rule, what it must say, a scenario at its threshold (it
 * fires) and one just inside it (it does not).
 */
record RuleCase(String code, String severity, String row, Scenario atThreshold, Scenario justInside) {

    static Arguments of(String code, String severity, String row, Scenario atThreshold, Scenario justInside) {
        return Arguments.of(new RuleCase(code, severity, row, atThreshold, justInside));
    }

    @Override
    public String toString() {
        return code + " (" + severity + ")";
    }

    /** The version in force for the test clinic: the shipped rule's newest, as the migrations left it. */
    private int currentVersion() {
        return given().get("/api/v1/rules/" + code)
                .then()
                .statusCode(200)
                .extract()
                .path("current.version");
    }

    void check() {
        List<Scenario.Hit> fired = atThreshold.run();
        Scenario.Hit hit =
                fired.stream().filter(h -> h.code().equals(code)).findFirst().orElse(null);
        assertNotNull(hit, () -> code + " did not fire at its threshold (" + atThreshold + "); got " + fired);
        assertEquals(severity, hit.severity(), code + " severity");
        if (hit.row() != null) {
            assertEquals(row, hit.row(), code + " row");
            assertEquals(currentVersion(), hit.version(), code + " version");
        }
        List<Scenario.Hit> quiet = justInside.run();
        assertFalse(
                quiet.stream().anyMatch(h -> h.code().equals(code)),
                () -> code + " fired just inside its threshold (" + justInside + "): " + quiet);
    }
}
