package org.infusiontracker.rules;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.arc.Arc;
import io.quarkus.test.junit.QuarkusMock;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.infusiontracker.Fixtures;
import org.infusiontracker.care.ClockSweep;

/**
 * One clinical situation for a rule test: a patient, a session whose dosing started some minutes
 * ago, then readings, adverse events, a clock sweep or a discharge check, in order. The server's
 * clock is fixed for the scenario, so "minutes after dosing started" are exact. {@link #run()}
 * answers what the last step produced: the flags it raised, or the discharge blockers.
 */
final class Scenario {

    /** What a step produced, whether a flag or a discharge blocker. */
    record Hit(String code, String severity, String row, Integer version) {}

    private enum Kind {
        READING,
        EVENT,
        RESOLVE,
        SWEEP,
        READINESS,
        ASSESSMENT
    }

    private record Step(Kind kind, int minute, Map<String, Object> body) {}

    private String drug = "KETAMINE";
    private String route = "IV";
    private Map<String, Object> plannedDose = Map.of("amount", 0.5, "unit", "MG_PER_KG");
    private boolean prescriberOnSite = true;
    private boolean lotAndDose = true;
    private List<String> riskFactors = List.of();
    private List<String> contraindications = List.of();
    private int earlierSessionsThisWeek;
    private boolean preDoseBloodPressure = true;
    private int startedMinutesAgo = 150;
    private boolean endDosing;
    private Double administeredDoseMg;
    private final List<Step> steps = new ArrayList<>();
    private final String label;

    private Scenario(String label) {
        this.label = label;
    }

    static Scenario of(String label) {
        return new Scenario(label);
    }

    Scenario esketamine() {
        drug = "ESKETAMINE";
        route = "INTRANASAL";
        plannedDose = Map.of("amount", 56, "unit", "MG");
        return this;
    }

    Scenario prescriberOffSite() {
        prescriberOnSite = false;
        return this;
    }

    Scenario noLotNumber() {
        lotAndDose = false;
        return this;
    }

    Scenario riskFactors(String... values) {
        riskFactors = List.of(values);
        return this;
    }

    Scenario contraindications(String... values) {
        contraindications = List.of(values);
        return this;
    }

    /**
     * No blood pressure before dosing. Otherwise, when no pre-dose reading of the scenario has
     * one, 120/80 is measured five minutes before dosing, as the dosing gate asks.
     */
    Scenario noPreDoseBloodPressure() {
        preDoseBloodPressure = false;
        return this;
    }

    Scenario earlierSessionsThisWeek(int count) {
        earlierSessionsThisWeek = count;
        return this;
    }

    /** Dosing started this many minutes before the step that is checked. */
    Scenario startedMinutesAgo(int minutes) {
        startedMinutesAgo = minutes;
        return this;
    }

    /** Dosing ended 40 minutes after it started (needed for a discharge check). */
    Scenario observing() {
        endDosing = true;
        return this;
    }

    /** Dosing ended 40 minutes after it started, with this dose given; the end of dosing is the step checked. */
    Scenario dosed(double mg) {
        endDosing = true;
        administeredDoseMg = mg;
        return this;
    }

    /**
     * A reading measured this many minutes after dosing started (negative: before; the readings
     * that open the scenario before dosing are recorded before dosing starts).
     */
    Scenario reading(int minute, Object... keysAndValues) {
        steps.add(new Step(Kind.READING, minute, map(keysAndValues)));
        return this;
    }

    Scenario event(int minute, String type, int grade) {
        steps.add(new Step(Kind.EVENT, minute, Map.of("type", type, "grade", grade)));
        return this;
    }

    Scenario seriousEvent(int minute, String type, int grade) {
        steps.add(new Step(Kind.EVENT, minute, Map.of("type", type, "grade", grade, "serious", true)));
        return this;
    }

    /** An outcome assessment of the patient, taken at the session at this minute. */
    Scenario assessment(int minute, String instrument, List<Integer> answers) {
        steps.add(new Step(Kind.ASSESSMENT, minute, Map.of("instrument", instrument, "answers", answers)));
        return this;
    }

    /** The last adverse event recorded so far gets its outcome at this minute. */
    Scenario resolveLastEvent(int minute) {
        steps.add(new Step(Kind.RESOLVE, minute, Map.of("outcome", "RESOLVED")));
        return this;
    }

    Scenario sweep() {
        steps.add(new Step(Kind.SWEEP, 0, Map.of()));
        return this;
    }

    Scenario readiness() {
        steps.add(new Step(Kind.READINESS, 0, Map.of()));
        return this;
    }

    @Override
    public String toString() {
        return label;
    }

    List<Hit> run() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        QuarkusMock.installMockForType(Clock.fixed(now, ZoneOffset.UTC), Clock.class);
        Instant start = now.minus(Duration.ofMinutes(startedMinutesAgo));

        Map<String, Object> patient = new HashMap<>();
        patient.put("mrn", Fixtures.newMrn());
        patient.put("displayName", "Rule test");
        patient.put("weightKg", 70);
        patient.put("riskFactors", riskFactors);
        patient.put("contraindications", contraindications);
        String patientId = given().contentType(ContentType.JSON)
                .body(patient)
                .post("/api/v1/patients")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        for (int day = 1; day <= earlierSessionsThisWeek; day++) {
            String earlier = createSession(patientId);
            Fixtures.startDosing(
                            earlier,
                            Map.of("at", now.minus(Duration.ofDays(day)).toString()))
                    .statusCode(200);
            Fixtures.transition(earlier, "abort", Map.of("reason", "test set-up"))
                    .statusCode(200);
        }
        String session = createSession(patientId);
        int first = 0;
        boolean bloodPressure = false;
        for (;
                first < steps.size()
                        && steps.get(first).kind() == Kind.READING
                        && steps.get(first).minute() < 0;
                first++) {
            Step step = steps.get(first);
            bloodPressure |= step.body().containsKey("systolic");
            Map<String, Object> body = new HashMap<>(step.body());
            body.put("measuredAt", start.plus(Duration.ofMinutes(step.minute())).toString());
            Fixtures.recordVitals(session, body).statusCode(201);
        }
        if (preDoseBloodPressure && !bloodPressure) {
            Fixtures.preDoseBloodPressure(
                    session, start.minus(Duration.ofMinutes(5)).toString());
        }
        JsonPath started = Fixtures.transition(session, "start-dosing", Map.of("at", start.toString()))
                .extract()
                .jsonPath();
        if (started.getString("status").equals("409")) {
            // The dosing gate refused: its blockers are what the scenario produced.
            List<Hit> blockers = new ArrayList<>();
            for (Map<?, ?> b : started.getList("blockers", Map.class)) {
                blockers.add(new Hit((String) b.get("code"), (String) b.get("severity"), null, null));
            }
            return blockers;
        }
        assertEquals("DOSING", started.getString("status"), () -> label + ": " + started.prettify());
        List<Hit> hits = flags(started.getList("openFlags", Map.class));
        if (endDosing) {
            Map<String, Object> end = new HashMap<>();
            end.put("at", start.plus(Duration.ofMinutes(40)).toString());
            if (administeredDoseMg != null) {
                end.put("administeredDoseMg", administeredDoseMg);
            }
            hits = flags(Fixtures.transition(session, "end-dosing", end)
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getList("openFlags", Map.class));
        }
        String lastEvent = null;
        for (Step step : steps.subList(first, steps.size())) {
            String at = start.plus(Duration.ofMinutes(step.minute())).toString();
            switch (step.kind()) {
                case READING -> {
                    Map<String, Object> body = new HashMap<>(step.body());
                    body.put("measuredAt", at);
                    hits = flags(Fixtures.recordVitals(session, body)
                            .statusCode(201)
                            .extract()
                            .jsonPath()
                            .getList("flags", Map.class));
                }
                case EVENT -> {
                    Map<String, Object> body = new HashMap<>(step.body());
                    body.put("onsetAt", at);
                    JsonPath recorded = given().contentType(ContentType.JSON)
                            .body(body)
                            .post("/api/v1/sessions/" + session + "/adverse-events")
                            .then()
                            .statusCode(201)
                            .extract()
                            .jsonPath();
                    lastEvent = recorded.getString("id");
                    hits = flags(recorded.getList("flags", Map.class));
                }
                case ASSESSMENT -> {
                    Map<String, Object> body = new HashMap<>(step.body());
                    body.put("completedAt", at);
                    body.put("sessionId", session);
                    hits = flags(given().contentType(ContentType.JSON)
                            .body(body)
                            .post("/api/v1/patients/" + patientId + "/assessments")
                            .then()
                            .statusCode(201)
                            .extract()
                            .jsonPath()
                            .getList("flags", Map.class));
                }
                case RESOLVE -> {
                    Map<String, Object> body = new HashMap<>(step.body());
                    body.put("at", at);
                    given().contentType(ContentType.JSON)
                            .body(body)
                            .post("/api/v1/adverse-events/" + lastEvent + "/resolve")
                            .then()
                            .statusCode(200);
                    hits = List.of();
                }
                case SWEEP -> {
                    io.quarkus.arc.Arc.container()
                            .instance(ClockSweep.class)
                            .get()
                            .sweep();
                    hits = flags(given().get("/api/v1/sessions/" + session + "/flags")
                            .then()
                            .statusCode(200)
                            .extract()
                            .jsonPath()
                            .getList("$", Map.class));
                }
                case READINESS -> {
                    List<Map> blockers = given().get("/api/v1/sessions/" + session)
                            .then()
                            .statusCode(200)
                            .extract()
                            .jsonPath()
                            .getList("dischargeReadiness.blockers", Map.class);
                    hits = new ArrayList<>();
                    for (Map<?, ?> b : blockers) {
                        hits.add(new Hit((String) b.get("code"), (String) b.get("severity"), null, null));
                    }
                }
            }
        }
        assertNoRuleErrors(session);
        return hits;
    }

    /**
     * Every step is an ordinary record, on which no rule in force may fail to evaluate: a seeded
     * rule that fails here is a rule that silently never fires (docs/rules.md).
     */
    private static void assertNoRuleErrors(String session) {
        List<String> failed = new ArrayList<>();
        try {
            Arc.container().instance(RuleErrors.class).get().awaitWritten();
            try (Connection connection =
                            Arc.container().instance(DataSource.class).get().getConnection();
                    PreparedStatement query = connection.prepareStatement(
                            "select rule_code, rule_version, message from rule_evaluation_error where session_id = ?")) {
                query.setObject(1, UUID.fromString(session));
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        failed.add(rows.getString(1) + " v" + rows.getInt(2) + ": " + rows.getString(3));
                    }
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("rule errors could not be read", e);
        }
        assertEquals(List.of(), failed, "rules that could not be evaluated on an ordinary record");
    }

    private String createSession(String patientId) {
        Map<String, Object> body = Fixtures.sessionBody(patientId);
        body.put("drug", drug);
        body.put("route", route);
        body.put("plannedDose", plannedDose);
        body.put("prescriberOnSite", prescriberOnSite);
        if (!lotAndDose) {
            body.remove("lotNumber");
            body.remove("plannedDose");
        }
        return given().contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/sessions")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private static List<Hit> flags(List<Map> flags) {
        List<Hit> hits = new ArrayList<>();
        if (flags != null) {
            for (Map<?, ?> f : flags) {
                hits.add(
                        new Hit((String) f.get("ruleCode"), (String) f.get("severity"), (String) f.get("row"), (Integer)
                                f.get("ruleVersion")));
            }
        }
        return hits;
    }

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
