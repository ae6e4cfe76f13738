package org.infusiontracker.ledger;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.infusiontracker.Fixtures;
import org.infusiontracker.SchemaOwner;
import org.infusiontracker.TestTokens;
import org.junit.jupiter.api.Test;

/**
 * The Schedule III ledger: the evening of issue 15 end to end, balances that cannot go wrong even
 * under parallel draws, a witness who signs with their own token, physicians' losses and
 * reversals, the inspector's CSV and the reconciliation with the sessions' doses.
 */
@QuarkusTest
public class LedgerTest {

    private static final String CONTAINERS = "/api/v1/controlled-substances/containers";
    private static final String NURSE_A = "ledger.nurse.a";
    private static final String NURSE_B = "ledger.nurse.b";
    private static final String PHYSICIAN = "ledger.physician";

    @TestHTTPResource(CONTAINERS)
    URI containers;

    @Inject
    AgroalDataSource db;

    private static String token(String user, String... roles) {
        return TestTokens.token(TestTokens.CLINIC, user, roles);
    }

    private static RequestSpecification as(String user, String... roles) {
        return given().header("Authorization", TestTokens.bearer(token(user, roles)))
                .contentType(ContentType.JSON);
    }

    private static RequestSpecification nurseA() {
        return as(NURSE_A, "nurse");
    }

    private static String witness(String user, String... roles) {
        return TestTokens.bearer(token(user, roles));
    }

    public static Map<String, Object> ketamineVial() {
        Map<String, Object> body = new HashMap<>();
        body.put("drug", "KETAMINE");
        body.put("ndc", "0409-2051-05");
        body.put("lotNumber", "L123");
        body.put("strengthMgPerMl", 50);
        body.put("volumeMl", 10);
        body.put("receivedAt", Fixtures.ago(600));
        body.put("supplier", "Acme Pharma");
        body.put("supplierDea", "RA1234567");
        body.put("invoice", "INV-9");
        return body;
    }

    /** A 500 mg ketamine vial received by a nurse of the test clinic. */
    public static String container() {
        return nurseA().body(ketamineVial())
                .post(CONTAINERS)
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private static ValidatableResponse entry(RequestSpecification as, String container, Map<String, Object> body) {
        return as.body(body).post(CONTAINERS + "/" + container + "/entries").then();
    }

    private static ValidatableResponse witnessed(
            RequestSpecification as, String witness, String container, Map<String, Object> body) {
        return entry(as.header("Witness-Authorization", witness), container, body);
    }

    private static double balance(String container) {
        return nurseA().get(CONTAINERS + "/" + container)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getDouble("balanceMg");
    }

    @Test
    void theEveningOfTheIssue() throws SQLException {
        String received = nurseA().body(ketamineVial())
                .post(CONTAINERS)
                .then()
                .statusCode(201)
                .header("Location", containsString(CONTAINERS + "/"))
                .body("quantityMg", equalTo(500))
                .body("balanceMg", equalTo(500))
                .body("status", equalTo("OPEN"))
                .body("receivedBy", equalTo(NURSE_A))
                .extract()
                .path("id");
        String patient = Fixtures.patient();
        String mrn = given().get("/api/v1/patients/" + patient).then().extract().path("mrn");
        String session = Fixtures.session(patient);

        String drawn = entry(
                        nurseA(),
                        received,
                        Map.of("kind", "ADMINISTERED", "amountMg", 36, "sessionId", session, "at", Fixtures.ago(120)))
                .statusCode(201)
                .body("balanceAfterMg", equalTo(464))
                .body("by", equalTo(NURSE_A))
                .body("witness", nullValue())
                .extract()
                .path("id");
        witnessed(
                        nurseA(),
                        witness(NURSE_B, "nurse"),
                        received,
                        Map.of(
                                "kind",
                                "WASTED",
                                "amountMg",
                                14,
                                "reason",
                                "remainder of vial",
                                "at",
                                Fixtures.ago(110)))
                .statusCode(201)
                .body("balanceAfterMg", equalTo(450))
                .body("witness", equalTo(NURSE_B));
        String count = witnessed(
                        nurseA(),
                        witness(NURSE_B, "nurse"),
                        received,
                        Map.of("kind", "COUNT", "countedMg", 440, "at", Fixtures.ago(5)))
                .statusCode(201)
                .body("varianceMg", equalTo(-10))
                .body("balanceAfterMg", equalTo(450))
                .extract()
                .path("id");

        // The variance reaches the clinic's stream at once, as a CRITICAL alert.
        String alert = streamPayload(count);
        assertTrue(alert.contains("\"severity\":\"CRITICAL\""), alert);
        assertTrue(alert.contains("\"varianceMg\":-10"), alert);

        nurseA().get(CONTAINERS + "/" + received)
                .then()
                .statusCode(200)
                .body("entries.kind", equalTo(List.of("ADMINISTERED", "WASTED", "COUNT")))
                .body("entries[0].id", equalTo(drawn));

        // The inspector's CSV of the period: the receipt, then each entry, with the patient for the dose.
        String csv = nurseA().accept("text/csv")
                .queryParam("from", Fixtures.ago(24 * 60))
                .queryParam("to", Instant.now().plus(1, ChronoUnit.MINUTES).toString())
                .queryParam("drug", "KETAMINE")
                .get("/api/v1/controlled-substances/log")
                .then()
                .statusCode(200)
                .contentType(containsString("text/csv"))
                .extract()
                .asString();
        List<String> ours = csv.lines().filter(l -> l.contains(received)).toList();
        assertTrue(csv.startsWith(String.join(",", LogCsv.COLUMNS)), csv);
        assertEquals(4, ours.size(), csv);
        assertTrue(ours.get(0).contains(",RECEIVED,KETAMINE,0409-2051-05,L123,"), ours.get(0));
        assertTrue(ours.get(0).contains("Acme Pharma,RA1234567,INV-9"), ours.get(0));
        assertTrue(
                ours.get(1).contains(",ADMINISTERED,") && ours.get(1).contains("," + mrn + "," + session + ","),
                ours.get(1));
        assertTrue(
                ours.get(2).contains(",WASTED,")
                        && ours.get(2).contains(NURSE_A + "," + NURSE_B + ",remainder of vial"),
                ours.get(2));
        assertTrue(ours.get(3).contains(",COUNT,") && ours.get(3).contains(",450,-10,"), ours.get(3));

        nurseA().get("/api/v1/controlled-substances/log")
                .then()
                .statusCode(200)
                .body("lines.find { it.entryId == '" + drawn + "' }.patientMrn", equalTo(mrn));
        assertEquals(storedBalance(received), rebuiltBalance(received));
    }

    @Test
    void manyParallelDrawsNeverTakeMoreThanIsThere() throws Exception {
        String received = container();
        String session = Fixtures.session();
        int draws = 40;
        String body = "{\"kind\":\"ADMINISTERED\",\"amountMg\":20,\"sessionId\":\"" + session + "\"}";
        HttpClient client = HttpClient.newHttpClient();
        List<Callable<Integer>> work = new ArrayList<>();
        for (int i = 0; i < draws; i++) {
            String nurse = "ledger.parallel." + i;
            work.add(() -> client.send(
                            HttpRequest.newBuilder(URI.create(containers + "/" + received + "/entries"))
                                    .header("Authorization", TestTokens.bearer(token(nurse, "nurse")))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(body))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode());
        }
        ExecutorService pool = Executors.newFixedThreadPool(draws);
        List<Integer> statuses = new ArrayList<>();
        try {
            for (Future<Integer> answer : pool.invokeAll(work)) {
                statuses.add(answer.get());
            }
        } finally {
            pool.shutdown();
        }
        // 500 mg in 20 mg draws: exactly 25 are given, the rest refused, whatever the interleaving.
        assertEquals(25, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
        assertEquals(draws - 25, statuses.stream().filter(s -> s == 409).count(), statuses.toString());
        nurseA().get(CONTAINERS + "/" + received)
                .then()
                .statusCode(200)
                .body("balanceMg", equalTo(0))
                .body("status", equalTo("CLOSED"))
                .body("entries.size()", equalTo(25));
        assertEquals(0, storedBalance(received).signum());
        assertEquals(storedBalance(received), rebuiltBalance(received));
        nurseA().queryParam("status", "CLOSED")
                .get(CONTAINERS)
                .then()
                .statusCode(200)
                .body("id", hasItem(received));
    }

    @Test
    void moreThanIsLeftIsAConflictAndWritesNothing() {
        String received = container();
        entry(nurseA(), received, Map.of("kind", "ADMINISTERED", "amountMg", 500.001, "sessionId", Fixtures.session()))
                .statusCode(409)
                .contentType("application/problem+json");
        witnessed(
                        nurseA(),
                        witness(NURSE_B, "nurse"),
                        received,
                        Map.of("kind", "WASTED", "amountMg", 501, "reason", "all of it"))
                .statusCode(409);
        nurseA().get(CONTAINERS + "/" + received)
                .then()
                .body("balanceMg", equalTo(500))
                .body("entries.size()", equalTo(0));
    }

    @Test
    void aWitnessIsASecondAuthenticatedPersonOfTheClinic() {
        String received = container();
        Map<String, Object> waste = Map.of("kind", "WASTED", "amountMg", 14, "reason", "remainder of vial");
        String expired =
                TestTokens.bearer(TestTokens.token(Duration.ofSeconds(-120), TestTokens.CLINIC, NURSE_B, "nurse"));
        List<String> unfit = new ArrayList<>();
        unfit.add(null); // no header at all
        unfit.add(TestTokens.bearer(token(NURSE_A, "nurse"))); // the caller's own token
        unfit.add(TestTokens.bearer(TestTokens.token("another-clinic", NURSE_B, "nurse")));
        unfit.add(witness(NURSE_B, "viewer"));
        unfit.add(witness(NURSE_B, "admin"));
        unfit.add(expired);
        unfit.add(TestTokens.bearer(io.smallrye.jwt.build.Jwt.issuer(TestTokens.ISSUER)
                .audience("another-service")
                .subject(NURSE_B)
                .groups(java.util.Set.of("nurse"))
                .claim("clinic", TestTokens.CLINIC)
                .expiresIn(Duration.ofHours(1))
                .sign()));
        unfit.add("Bearer not-a-token");
        unfit.add(token(NURSE_B, "nurse")); // without "Bearer "
        unfit.add("NURSE B"); // a typed name
        for (String header : unfit) {
            RequestSpecification request = nurseA();
            if (header != null) {
                request = request.header("Witness-Authorization", header);
            }
            entry(request, received, waste)
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("violations.field", hasItem("Witness-Authorization"));
        }
        for (String kind : List.of("COUNT", "LOSS")) {
            Map<String, Object> body = kind.equals("COUNT")
                    ? Map.of("kind", kind, "countedMg", 500)
                    : Map.of("kind", kind, "amountMg", 1, "reason", "broken");
            entry(as(PHYSICIAN, "physician"), received, body)
                    .statusCode(400)
                    .body("violations.field", hasItem("Witness-Authorization"));
        }
        assertEquals(500.0, balance(received));
        // A physician signs for a nurse as well as a nurse does.
        witnessed(nurseA(), witness(PHYSICIAN, "physician"), received, waste)
                .statusCode(201)
                .body("witness", equalTo(PHYSICIAN));
    }

    @Test
    void aLossIsAPhysiciansWithTheDeaDeadlinesAndAnAlert() throws SQLException {
        String received = container();
        Map<String, Object> loss = Map.of("kind", "LOSS", "amountMg", 5, "reason", "vial broken");
        witnessed(nurseA(), witness(NURSE_B, "nurse"), received, loss).statusCode(403);
        String id = witnessed(as(PHYSICIAN, "physician"), witness(NURSE_B, "nurse"), received, loss)
                .statusCode(201)
                .body("balanceAfterMg", equalTo(495))
                .body("deaReport.fieldOfficeBy", notNullValue())
                .body(
                        "deaReport.form106By",
                        equalTo(java.time.LocalDate.now(java.time.ZoneOffset.UTC)
                                .plusDays(45)
                                .toString()))
                .body("deaReport.detail", containsString("Form 106"))
                .extract()
                .path("id");
        assertTrue(streamPayload(id).contains("\"kind\":\"LOSS\""));
    }

    @Test
    void theDeaFieldOfficeDeadlineIsTheNextBusinessDay() {
        // Friday 2026-11-27: Monday; Monday: Tuesday.
        assertEquals(
                "2026-11-30",
                Ledger.deaReport(Instant.parse("2026-11-27T15:00:00Z"))
                        .fieldOfficeBy()
                        .toString());
        assertEquals(
                "2026-12-01",
                Ledger.deaReport(Instant.parse("2026-11-30T15:00:00Z"))
                        .fieldOfficeBy()
                        .toString());
        assertEquals(
                "2027-01-11",
                Ledger.deaReport(Instant.parse("2026-11-27T15:00:00Z"))
                        .form106By()
                        .toString());
    }

    @Test
    void aMistakeIsReversedByAPhysicianOnceWithAReason() throws SQLException {
        String received = container();
        String drawn = entry(
                        nurseA(),
                        received,
                        Map.of("kind", "ADMINISTERED", "amountMg", 36, "sessionId", Fixtures.session()))
                .statusCode(201)
                .extract()
                .path("id");
        entry(nurseA(), received, Map.of("kind", "REVERSAL", "reverses", drawn, "reason", "wrong vial"))
                .statusCode(403);
        entry(as(PHYSICIAN, "physician"), received, Map.of("kind", "REVERSAL", "reverses", drawn))
                .statusCode(400)
                .body("violations.field", hasItem("reason"));
        String reversal = entry(
                        as(PHYSICIAN, "physician"),
                        received,
                        Map.of("kind", "REVERSAL", "reverses", drawn, "reason", "wrong vial"))
                .statusCode(201)
                .body("amountMg", equalTo(36))
                .body("balanceAfterMg", equalTo(500))
                .body("reverses", equalTo(drawn))
                .extract()
                .path("id");
        entry(as(PHYSICIAN, "physician"), received, Map.of("kind", "REVERSAL", "reverses", drawn, "reason", "again"))
                .statusCode(409);
        entry(as(PHYSICIAN, "physician"), received, Map.of("kind", "REVERSAL", "reverses", reversal, "reason", "undo"))
                .statusCode(409);
        entry(
                        as(PHYSICIAN, "physician"),
                        received,
                        Map.of("kind", "REVERSAL", "reverses", UUID.randomUUID().toString(), "reason", "none"))
                .statusCode(404);
        assertEquals(storedBalance(received), rebuiltBalance(received));
    }

    @Test
    void eachKindTakesItsOwnFieldsAndAnAdministrationItsOwnDrug() {
        String received = container();
        entry(nurseA(), received, Map.of("kind", "ADMINISTERED", "amountMg", 10))
                .statusCode(400)
                .body("violations.field", hasItem("sessionId"));
        entry(nurseA(), received, Map.of("kind", "ADMINISTERED", "sessionId", Fixtures.session()))
                .statusCode(400)
                .body("violations.field", hasItem("amountMg"));
        entry(nurseA(), received, Map.of("kind", "ADMINISTERED", "amountMg", 0, "sessionId", Fixtures.session()))
                .statusCode(400)
                .body("violations.field", hasItem("amountMg"));
        entry(
                        nurseA(),
                        received,
                        Map.of("kind", "ADMINISTERED", "amountMg", 10, "sessionId", Fixtures.esketamineSession()))
                .statusCode(400)
                .body("violations.field", hasItem("sessionId"));
        entry(
                        nurseA(),
                        received,
                        Map.of(
                                "kind",
                                "ADMINISTERED",
                                "amountMg",
                                10,
                                "sessionId",
                                UUID.randomUUID().toString()))
                .statusCode(404);
        entry(
                        nurseA(),
                        received,
                        Map.of("kind", "ADMINISTERED", "amountMg", 10, "sessionId", Fixtures.session(), "countedMg", 3))
                .statusCode(400)
                .body("violations.field", hasItem("countedMg"));
        witnessed(nurseA(), witness(NURSE_B, "nurse"), received, Map.of("kind", "WASTED", "amountMg", 10))
                .statusCode(400)
                .body("violations.field", hasItem("reason"));
        Map<String, Object> badDea = new HashMap<>(ketamineVial());
        badDea.put("supplierDea", "R1234567");
        nurseA().body(badDea).post(CONTAINERS).then().statusCode(400).body("violations.field", hasItem("supplierDea"));
        assertEquals(500.0, balance(received));
    }

    @Test
    void anotherClinicSeesNothingAndViewersAndAdminsNothingEither() {
        String received = container();
        RequestSpecification other = given().header(
                        "Authorization", TestTokens.bearer(TestTokens.token("ledger-other", "other.nurse", "nurse")))
                .contentType(ContentType.JSON);
        other.get(CONTAINERS + "/" + received).then().statusCode(404);
        given().header("Authorization", TestTokens.bearer(TestTokens.token("ledger-other", "other.nurse", "nurse")))
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "kind",
                        "ADMINISTERED",
                        "amountMg",
                        1,
                        "sessionId",
                        UUID.randomUUID().toString()))
                .post(CONTAINERS + "/" + received + "/entries")
                .then()
                .statusCode(404);
        given().header("Authorization", TestTokens.bearer(TestTokens.token("ledger-other", "other.nurse", "nurse")))
                .get(CONTAINERS)
                .then()
                .statusCode(200)
                .body("id", org.hamcrest.Matchers.not(hasItem(received)));
        // A session of another clinic is not found for this clinic's container either.
        entry(nurseA(), received, Map.of("kind", "ADMINISTERED", "amountMg", 1, "sessionId", otherClinicsSession()))
                .statusCode(404);
        for (String role : List.of("viewer", "admin")) {
            as("ledger." + role, role).get(CONTAINERS + "/" + received).then().statusCode(403);
            as("ledger." + role, role)
                    .get("/api/v1/controlled-substances/log")
                    .then()
                    .statusCode(403);
        }
    }

    private static String otherClinicsSession() {
        String bearer = TestTokens.bearer(TestTokens.token("ledger-other", "other.nurse", "nurse"));
        String patient = given().header("Authorization", bearer)
                .contentType(ContentType.JSON)
                .body(Map.of("mrn", Fixtures.newMrn(), "displayName", "Elsewhere"))
                .post("/api/v1/patients")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        return given().header("Authorization", bearer)
                .contentType(ContentType.JSON)
                .body(Fixtures.sessionBody(patient))
                .post("/api/v1/sessions")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    @Test
    void theReconciliationNamesDosesTheLedgerDoesNotAccountFor() {
        String received = container();
        String agrees = dosedSession(36);
        String differs = dosedSession(50);
        String undosed = Fixtures.session();
        String unrecorded = dosedSession(20);
        for (String session : List.of(agrees, differs, undosed)) {
            entry(nurseA(), received, Map.of("kind", "ADMINISTERED", "amountMg", 36, "sessionId", session))
                    .statusCode(201);
        }
        var report = nurseA().queryParam("from", Fixtures.ago(24 * 60))
                .get("/api/v1/controlled-substances/reconciliation")
                .then()
                .statusCode(200);
        report.body("sessions.find { it.sessionId == '" + agrees + "' }", nullValue());
        report.body("sessions.find { it.sessionId == '" + differs + "' }.mismatch", equalTo("DOSE_DIFFERS"));
        report.body("sessions.find { it.sessionId == '" + differs + "' }.differenceMg", equalTo(-14));
        report.body("sessions.find { it.sessionId == '" + undosed + "' }.mismatch", equalTo("NO_DOSE_RECORDED"));
        report.body("sessions.find { it.sessionId == '" + undosed + "' }.administeredDoseMg", nullValue());
        report.body("sessions.find { it.sessionId == '" + unrecorded + "' }.mismatch", equalTo("NOT_IN_LEDGER"));
        report.body("sessions.find { it.sessionId == '" + unrecorded + "' }.ledgerAdministeredMg", equalTo(0));
    }

    /** A session whose dosing ended with {@code doseMg} given. */
    private static String dosedSession(int doseMg) {
        String session = Fixtures.session();
        Fixtures.startDosing(session, Map.of("at", Fixtures.ago(60))).statusCode(200);
        Fixtures.transition(session, "end-dosing", Map.of("at", Fixtures.ago(20), "administeredDoseMg", doseMg))
                .statusCode(200);
        return session;
    }

    @Test
    void theEntriesAreAppendOnlyEvenForTheirOwner() throws SQLException {
        String received = container();
        entry(nurseA(), received, Map.of("kind", "ADMINISTERED", "amountMg", 1, "sessionId", Fixtures.session()))
                .statusCode(201);
        for (String sql : List.of(
                "update controlled_entry set amount_mg = 2",
                "delete from controlled_entry",
                "truncate controlled_entry")) {
            try (Connection c = db.getConnection();
                    Statement s = c.createStatement()) {
                SQLException refused = assertThrows(SQLException.class, () -> s.execute(sql), sql);
                assertEquals("42501", refused.getSQLState(), refused.getMessage());
            }
            try (Connection c = SchemaOwner.connect()) {
                c.setAutoCommit(false);
                try (Statement s = c.createStatement()) {
                    SQLException refused = assertThrows(SQLException.class, () -> s.execute(sql), sql);
                    assertTrue(refused.getMessage().contains("append-only"), refused.getMessage());
                } finally {
                    c.rollback();
                }
            }
        }
        // The database keeps a balance from going below zero, whatever sends the statement.
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "update controlled_container set balance_mg = -1 where id = ?::uuid and clinic_id = ?")) {
            s.setString(1, received);
            s.setString(2, TestTokens.CLINIC);
            SQLException refused = assertThrows(SQLException.class, s::executeUpdate);
            assertEquals("23514", refused.getSQLState(), refused.getMessage());
        }
    }

    private BigDecimal storedBalance(String container) throws SQLException {
        return number("select balance_mg from controlled_container where id = ?::uuid", container);
    }

    /** The balance as the entries tell it: what was received plus every entry's change. */
    private BigDecimal rebuiltBalance(String container) throws SQLException {
        return number(
                "select c.quantity_mg + coalesce((select sum(e.change_mg) from controlled_entry e"
                        + " where e.container_id = c.id), 0) from controlled_container c where c.id = ?::uuid",
                container);
    }

    private BigDecimal number(String sql, String id) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, id);
            try (ResultSet rows = s.executeQuery()) {
                assertTrue(rows.next());
                return rows.getBigDecimal(1);
            }
        }
    }

    /** The payload of the clinic's ledger.discrepancy event about the entry. */
    private String streamPayload(String entry) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement("select payload from stream_event where clinic_id = ?"
                        + " and type = 'ledger.discrepancy' and payload like ?")) {
            s.setString(1, TestTokens.CLINIC);
            s.setString(2, "%" + entry + "%");
            try (ResultSet rows = s.executeQuery()) {
                assertTrue(rows.next(), "no ledger.discrepancy for " + entry);
                return rows.getString(1);
            }
        }
    }
}
