package org.infusiontracker.vitals;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.infusiontracker.Fixtures;
import org.infusiontracker.TestTokens;
import org.infusiontracker.rules.CelRules;
import org.infusiontracker.vitals.VitalsApi.RecordReading;
import org.junit.jupiter.api.Test;

/**
 * Every value a nurse can record reaches the rules: a field of the API's reading that the rules did
 * not see would make a guarded condition on it silently never fire. The reading's values are read
 * from the API record itself, so a vital sign added there is covered here at once.
 */
@QuarkusTest
class ReadingReachesTheRulesTest {

    /** A clinic of its own, so that the rule written here fires for no other test. */
    private static final String CLINIC = "facts-" + UUID.randomUUID().toString().substring(0, 8);

    private static final String RULE = "ALL_READING_VALUES";

    private static RequestSpecification asClinic() {
        return given().contentType(ContentType.JSON)
                .header("Authorization", TestTokens.bearer(TestTokens.token(CLINIC, "facts.nurse", "nurse", "admin")));
    }

    /** The values of a recorded reading: the API record's components but its clinical time. */
    private static List<RecordComponent> values() {
        return Arrays.stream(RecordReading.class.getRecordComponents())
                .filter(c -> !c.getName().equals("measuredAt"))
                .toList();
    }

    @Test
    void everyValueOfTheApiReadingIsAFieldOfTheRulesReading() {
        List<String> facts = Arrays.stream(ReadingFacts.class.getRecordComponents())
                .map(RecordComponent::getName)
                .toList();
        for (RecordComponent value : values()) {
            assertTrue(facts.contains(value.getName()), value.getName() + " is not a field of ReadingFacts");
        }
        assertEquals(
                facts,
                List.copyOf(CelRules.TYPES.get("Reading").keySet()),
                "the CEL type Reading is ReadingFacts, field for field");
    }

    @Test
    void aRuleSeesEveryValueARecordedReadingCarries() {
        String condition =
                values().stream().map(c -> "has(reading." + c.getName() + ")").collect(Collectors.joining(" && "));
        Map<String, Object> rule = new HashMap<>();
        rule.put("table", "RISK");
        rule.put("row", "Heart problems");
        rule.put("severity", "INFO");
        rule.put("trigger", "READING");
        rule.put("condition", condition);
        rule.put("message", "every value was recorded");
        rule.put("source", "test");
        rule.put("reason", "every value of a reading reaches the rules");
        asClinic().body(rule).put("/api/v1/rules/" + RULE).then().statusCode(201);

        String patient = asClinic()
                .body(Map.of("mrn", Fixtures.newMrn(), "displayName", "Facts Patient"))
                .post("/api/v1/patients")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String session = asClinic()
                .body(Fixtures.sessionBody(patient))
                .post("/api/v1/sessions")
                .then()
                .statusCode(201)
                .extract()
                .path("id");

        Map<String, Object> every = everyValue();
        asClinic()
                .body(every)
                .post("/api/v1/sessions/" + session + "/vitals")
                .then()
                .statusCode(201)
                .body("flags.ruleCode", hasItem(RULE));

        for (RecordComponent left : values()) {
            Map<String, Object> lacking = new LinkedHashMap<>(every);
            lacking.remove(left.getName());
            if (left.getName().equals("systolic") || left.getName().equals("diastolic")) {
                lacking.remove("systolic");
                lacking.remove("diastolic"); // blood pressure is recorded as a pair
            }
            asClinic()
                    .body(lacking)
                    .post("/api/v1/sessions/" + session + "/vitals")
                    .then()
                    .statusCode(201)
                    .body("flags.ruleCode", not(hasItem(RULE)));
        }
    }

    /** A value for each component, at its lowest possible value (systolic 40 over diastolic 20). */
    private static Map<String, Object> everyValue() {
        Map<String, Object> body = new LinkedHashMap<>();
        for (RecordComponent c : values()) {
            Min min = c.getAccessor().getAnnotation(Min.class);
            DecimalMin decimalMin = c.getAccessor().getAnnotation(DecimalMin.class);
            Class<?> type = c.getType();
            Object value;
            if (type == Integer.class) {
                value = min == null ? 0 : (int) min.value();
            } else if (type == BigDecimal.class) {
                value = new BigDecimal(decimalMin == null ? "0" : decimalMin.value());
            } else if (type == Boolean.class) {
                value = false;
            } else if (type.isEnum()) {
                value = type.getEnumConstants()[0].toString();
            } else {
                throw new AssertionError("no sample value for " + c);
            }
            body.put(c.getName(), value);
        }
        return body;
    }
}
