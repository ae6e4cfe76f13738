package org.infusiontracker.rules;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.infusiontracker.Fixtures;
import org.infusiontracker.adverse.AdverseEventType;
import org.junit.jupiter.api.Test;

/**
 * Every adverse event type has a rule (design.md section 8): grade 3 or more, or serious, is
 * CRITICAL for any type. The rules themselves are tested at their thresholds in the table tests.
 */
@QuarkusTest
class EveryEventTypeHasARuleTest {

    /**
     * Every type, every grade, serious or not: the event raises a CRITICAL flag exactly when it is
     * of grade 3 or more, or serious (and for PSYCHOSIS from grade 2, by CTCAE's own scale), and
     * one CRITICAL flag only, except a serious grade-2 psychosis, which its type's rule and
     * seriousness both call CRITICAL.
     */
    @Test
    void everyTypeIsCriticalFromGrade3OrWhenSerious() {
        String session = Fixtures.dosingSession(30);
        List<String> wrong = new ArrayList<>();
        for (AdverseEventType type : AdverseEventType.values()) {
            for (int grade = 1; grade <= 5; grade++) {
                for (boolean serious : List.of(false, true)) {
                    List<String> critical = given().contentType(ContentType.JSON)
                            .body(Map.of("type", type.name(), "grade", grade, "serious", serious))
                            .post("/api/v1/sessions/" + session + "/adverse-events")
                            .then()
                            .statusCode(201)
                            .extract()
                            .jsonPath()
                            .getList("flags.findAll { it.severity == 'CRITICAL' }.ruleCode", String.class);
                    boolean psychosisG2 = type == AdverseEventType.PSYCHOSIS && grade == 2;
                    int expected = grade >= 3 || serious || psychosisG2 ? 1 : 0;
                    if (psychosisG2 && serious) {
                        expected = 2;
                    }
                    if (critical.size() != expected) {
                        wrong.add(type + " grade " + grade + (serious ? " serious" : "") + ": " + critical);
                    }
                }
            }
        }
        assertEquals(List.of(), wrong);
    }
}
