package org.infusiontracker.idempotency;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.infusiontracker.Fixtures.adverseEventCount;
import static org.infusiontracker.Fixtures.readingCount;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntSupplier;
import java.util.stream.Stream;
import org.infusiontracker.Fixtures;
import org.infusiontracker.TestTokens;
import org.infusiontracker.api.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Safe retries: every create honours an Idempotency-Key, per person of a clinic, also under concurrent retries. */
@QuarkusTest
class IdempotencyTest {

    private static final String KEY = IdempotencyInterceptor.HEADER;
    private static final String REPLAYED = IdempotencyInterceptor.REPLAYED;

    /** One create: where it posts, a body, another valid body, and how many such records now exist. */
    record Target(String path, Map<String, Object> body, Map<String, Object> otherBody, IntSupplier stored) {}

    enum Create {
        PATIENT,
        SESSION,
        VITALS,
        ADVERSE_EVENT;

        Target prepare() {
            return switch (this) {
                case PATIENT -> {
                    String mrn = Fixtures.newMrn();
                    yield new Target(
                            "/api/v1/patients",
                            patient(mrn, "J. D."),
                            patient(mrn, "J. Doe"),
                            () -> given().queryParam("mrn", mrn)
                                    .get("/api/v1/patients")
                                    .then()
                                    .statusCode(200)
                                    .extract()
                                    .<Integer>path("total"));
                }
                case SESSION -> {
                    String patient = Fixtures.patient();
                    Map<String, Object> other = Fixtures.sessionBody(patient);
                    other.put("lotNumber", "L999");
                    yield new Target(
                            "/api/v1/sessions",
                            Fixtures.sessionBody(patient),
                            other,
                            () -> given().queryParam("patientId", patient)
                                    .get("/api/v1/sessions")
                                    .then()
                                    .statusCode(200)
                                    .extract()
                                    .<Integer>path("total"));
                }
                case VITALS -> {
                    String session = Fixtures.dosingSession(10);
                    yield new Target(
                            "/api/v1/sessions/" + session + "/vitals",
                            Map.of("systolic", 182, "diastolic", 104),
                            Map.of("systolic", 128, "diastolic", 82),
                            () -> readingCount(session));
                }
                case ADVERSE_EVENT -> {
                    String session = Fixtures.dosingSession(10);
                    yield new Target(
                            "/api/v1/sessions/" + session + "/adverse-events",
                            Map.of("type", "NAUSEA", "grade", 2, "serious", false),
                            Map.of("type", "NAUSEA", "grade", 3, "serious", false),
                            () -> adverseEventCount(session));
                }
            };
        }
    }

    private static Map<String, Object> patient(String mrn, String displayName) {
        return Map.of("mrn", mrn, "displayName", displayName, "birthYear", 1980, "weightKg", 72.5);
    }

    private static RequestSpecification withKey(String key) {
        return given().contentType(ContentType.JSON).header(KEY, key);
    }

    private static String newKey() {
        return UUID.randomUUID().toString();
    }

    @ParameterizedTest
    @EnumSource(Create.class)
    void aRetryGetsTheFirstAnswerAndStoresNothingNew(Create create) {
        Target target = create.prepare();
        String key = newKey();
        Response first = withKey(key).body(target.body()).post(target.path());
        Response retry = withKey(key).body(target.body()).post(target.path());

        assertEquals(201, first.statusCode(), first.asString());
        assertNull(first.header(REPLAYED));
        assertEquals(201, retry.statusCode(), retry.asString());
        assertEquals("true", retry.header(REPLAYED));
        assertTrue(first.header("Location").endsWith("/" + first.path("id")), first.header("Location"));
        assertEquals(first.header("Location"), retry.header("Location"));
        assertEquals(first.asString(), retry.asString());
        assertEquals("application/json", retry.contentType());
        assertEquals(1, target.stored().getAsInt());
        // The replay handed the record out again: the trail says so, once, naming the record.
        given().queryParam("entity", "idempotency-key")
                .queryParam("id", first.header("Location"))
                .get("/api/v1/audit")
                .then()
                .statusCode(200)
                .body("total", org.hamcrest.Matchers.equalTo(1))
                .body("items[0].action", org.hamcrest.Matchers.equalTo("REPLAY"))
                .body("items[0].detail.status", org.hamcrest.Matchers.equalTo(201));
    }

    @ParameterizedTest
    @EnumSource(Create.class)
    void theSameKeyWithAnotherBodyIs422AndStoresNothing(Create create) {
        Target target = create.prepare();
        String key = newKey();
        String id = withKey(key)
                .body(target.body())
                .post(target.path())
                .then()
                .statusCode(201)
                .extract()
                .path("id");

        withKey(key)
                .body(target.otherBody())
                .post(target.path())
                .then()
                .statusCode(422)
                .contentType(Problem.MEDIA_TYPE)
                .body("title", equalTo("Idempotency key reused with a different request"));
        assertEquals(1, target.stored().getAsInt());
        withKey(key)
                .body(target.body())
                .post(target.path())
                .then()
                .statusCode(201)
                .header(REPLAYED, "true")
                .body("id", equalTo(id));
    }

    @Test
    void theSameKeyOnAnotherPathIs422() {
        String first = Fixtures.dosingSession(10);
        String second = Fixtures.dosingSession(10);
        String key = newKey();
        withKey(key)
                .body(Map.of("spo2", 97))
                .post("/api/v1/sessions/" + first + "/vitals")
                .then()
                .statusCode(201);
        withKey(key)
                .body(Map.of("spo2", 97))
                .post("/api/v1/sessions/" + second + "/vitals")
                .then()
                .statusCode(422);
        assertEquals(0, readingCount(second));
    }

    /** Records a reading under {@code key}, then sends {@code retry} under it: the first answer comes back. */
    private static void assertReplayed(String key, Object first, Object retry) {
        String session = Fixtures.dosingSession(10);
        String path = "/api/v1/sessions/" + session + "/vitals";
        withKey(key).body(first).post(path).then().statusCode(201);
        withKey(key).body(retry).post(path).then().statusCode(201).header(REPLAYED, "true");
        assertEquals(1, readingCount(session));
    }

    @Test
    void fieldOrderAndWhitespaceDoNotMakeAnotherRequest() {
        assertReplayed(
                newKey(), "{\"systolic\":128,\"diastolic\":82}", "{ \"diastolic\" : 82,\n  \"systolic\" : 128 }");
    }

    @Test
    void aKeyOf200PrintableCharactersIsAccepted() {
        String key =
                (newKey() + " ~!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}").repeat(4).substring(0, 200);
        assertReplayed(key, Map.of("spo2", 97), Map.of("spo2", 97));
    }

    static Stream<String> badKeys() {
        return Stream.of("", "k".repeat(201), "k".repeat(300), "clé-1");
    }

    @ParameterizedTest
    @MethodSource("badKeys")
    void aKeyThatIsNot1To200PrintableAsciiCharactersIs400(String key) {
        String session = Fixtures.dosingSession(10);
        withKey(key)
                .body(Map.of("spo2", 97))
                .post("/api/v1/sessions/" + session + "/vitals")
                .then()
                .statusCode(400)
                .contentType(Problem.MEDIA_TYPE)
                .body("violations[0].field", equalTo(KEY));
        assertEquals(0, readingCount(session));
    }

    @Test
    void aRefusedRequestIsNotKeptSoACorrectedRetrySucceeds() {
        String session = Fixtures.dosingSession(10);
        String path = "/api/v1/sessions/" + session + "/vitals";
        String key = newKey();
        withKey(key).body(Map.of("spo2", 150)).post(path).then().statusCode(400);
        Response corrected = withKey(key).body(Map.of("spo2", 97)).post(path);
        assertEquals(201, corrected.statusCode(), corrected.asString());
        assertNull(corrected.header(REPLAYED));
        withKey(key)
                .body(Map.of("spo2", 97))
                .post(path)
                .then()
                .statusCode(201)
                .header(REPLAYED, "true")
                .body("id", equalTo(corrected.path("id")));
        assertEquals(1, readingCount(session));
    }

    @Test
    void aNotFoundIsNotKept() {
        String key = newKey();
        withKey(key)
                .body(Map.of("spo2", 97))
                .post("/api/v1/sessions/" + UUID.randomUUID() + "/vitals")
                .then()
                .statusCode(404);
        String session = Fixtures.dosingSession(10);
        withKey(key)
                .body(Map.of("spo2", 97))
                .post("/api/v1/sessions/" + session + "/vitals")
                .then()
                .statusCode(201);
        assertEquals(1, readingCount(session));
    }

    @Test
    void keysBelongToOneClinic() {
        String other = TestTokens.bearer(TestTokens.token("other-clinic", "someone", "nurse"));
        Map<String, Object> body = patient(Fixtures.newMrn(), "J. D.");
        String key = newKey();
        String ours = withKey(key)
                .body(body)
                .post("/api/v1/patients")
                .then()
                .statusCode(201)
                .extract()
                .path("id");

        Response theirs = withKey(key).header("Authorization", other).body(body).post("/api/v1/patients");
        assertEquals(201, theirs.statusCode(), theirs.asString());
        assertNull(theirs.header(REPLAYED));
        assertNotEquals(ours, theirs.path("id"));

        withKey(key)
                .header("Authorization", other)
                .body(body)
                .post("/api/v1/patients")
                .then()
                .statusCode(201)
                .header(REPLAYED, "true")
                .body("id", equalTo(theirs.path("id")));
        withKey(key)
                .body(body)
                .post("/api/v1/patients")
                .then()
                .statusCode(201)
                .header(REPLAYED, "true")
                .body("id", equalTo(ours));
    }

    /** Two nurses of one clinic who happen to send one key and one body each make a request of their own. */
    @Test
    void keysBelongToOnePerson() {
        String first = TestTokens.bearer(TestTokens.person(
                TestTokens.CLINIC, "nurse-a-" + newKey(), Map.of("preferred_username", "a"), "nurse"));
        String second = TestTokens.bearer(TestTokens.person(
                TestTokens.CLINIC, "nurse-b-" + newKey(), Map.of("preferred_username", "a"), "nurse"));
        String session = Fixtures.dosingSession(10);
        String path = "/api/v1/sessions/" + session + "/vitals";
        Map<String, Object> body = Map.of("systolic", 128, "diastolic", 82);
        String key = newKey();

        Response hers = withKey(key).header("Authorization", first).body(body).post(path);
        Response theirs =
                withKey(key).header("Authorization", second).body(body).post(path);
        assertEquals(201, hers.statusCode(), hers.asString());
        assertEquals(201, theirs.statusCode(), theirs.asString());
        assertNull(theirs.header(REPLAYED));
        assertNotEquals(hers.<String>path("id"), theirs.path("id"));
        assertEquals(2, readingCount(session));

        // Each one's retry gets her own first answer.
        withKey(key)
                .header("Authorization", first)
                .body(body)
                .post(path)
                .then()
                .statusCode(201)
                .header(REPLAYED, "true")
                .body("id", equalTo(hers.path("id")));
        withKey(key)
                .header("Authorization", second)
                .body(body)
                .post(path)
                .then()
                .statusCode(201)
                .header(REPLAYED, "true")
                .body("id", equalTo(theirs.path("id")));
        assertEquals(2, readingCount(session));
    }

    @Test
    void withoutAKeyEveryPostCreates() {
        String session = Fixtures.dosingSession(10);
        for (int i = 0; i < 2; i++) {
            Fixtures.recordVitals(session, Map.of("spo2", 97)).statusCode(201).header(REPLAYED, (String) null);
        }
        assertEquals(2, readingCount(session));
    }

    @TestHTTPResource("/api/v1/sessions")
    URI sessions;

    @Test
    void concurrentRequestsWithOneKeyStoreOneRecord() throws Exception {
        String session = Fixtures.dosingSession(10);
        HttpRequest request = HttpRequest.newBuilder(URI.create(sessions + "/" + session + "/vitals"))
                .header("Authorization", TestTokens.bearer(TestTokens.DEFAULT))
                .header("Content-Type", "application/json")
                .header(KEY, newKey())
                .POST(HttpRequest.BodyPublishers.ofString("{\"systolic\":182,\"diastolic\":104,\"spo2\":97}"))
                .build();
        HttpClient client = HttpClient.newHttpClient();
        Callable<HttpResponse<String>> send = () -> client.send(request, HttpResponse.BodyHandlers.ofString());
        List<HttpResponse<String>> answers = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (Future<HttpResponse<String>> answer : pool.invokeAll(Collections.nCopies(8, send))) {
                answers.add(answer.get());
            }
        } finally {
            pool.shutdown();
        }

        Map<String, Integer> bodies = new HashMap<>();
        int replays = 0;
        for (HttpResponse<String> answer : answers) {
            assertEquals(201, answer.statusCode(), answer.body());
            bodies.merge(answer.body(), 1, Integer::sum);
            replays += answer.headers().firstValue(REPLAYED).isPresent() ? 1 : 0;
        }
        assertEquals(1, bodies.size(), bodies::toString);
        assertEquals(7, replays);
        assertEquals(1, readingCount(session));
    }
}
