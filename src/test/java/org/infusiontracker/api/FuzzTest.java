package org.infusiontracker.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;
import jakarta.inject.Inject;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import org.infusiontracker.DefaultTokenFilter;
import org.infusiontracker.Fixtures;
import org.infusiontracker.TestTokens;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue "Proof", item 6: the API refuses bad input cleanly. {@code fuzz.requests} generated
 * requests (1000 by default, {@code -Dfuzz.requests=10000} for the full run, {@code bench/fuzz.sh})
 * go to every endpoint of the README's table, each the product of one row of {@link #endpoints()}
 * and one {@link Mutator}. Every request is built to be refused, so that the checks can be exact:
 * no 5xx, every 4xx a problem+json whose {@code status} is the HTTP status, no Java class name or
 * stack trace in any answer, no 2xx for a request that writes, and the clinical tables hold the
 * same number of rows afterwards. The seed is printed and can be given back with
 * {@code -Dfuzz.seed=} to replay a failure request for request.
 */
@QuarkusTest
@Tag("fuzz")
class FuzzTest {

    /** The tables a wrongly accepted request would grow (the audit trail records reads by design, so it is not one). */
    private static final List<String> TABLES =
            List.of("patient", "treatment_session", "vital_reading", "adverse_event", "flag", "rule", "stream_event");

    private static final String[] LEAKS = {"java.", "Exception", "\tat "};
    private static final int MAX_FAILURES_SHOWN = 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    AgroalDataSource dataSource;

    /** Which kind of record an endpoint's {@code {id}} names; the fixture of that kind stands in for a real id. */
    enum Id {
        NONE,
        PATIENT,
        SESSION,
        PLANNED_SESSION,
        READING,
        EVENT,
        FLAG,
        RULE
    }

    /**
     * One row of the endpoint table: its method and path, the valid body it is mutated from (null
     * for reads), the fields of that body by kind, the role that may not call it, and whether it
     * is a create that takes an {@code Idempotency-Key}.
     */
    record Endpoint(
            String method,
            String path,
            Id id,
            Function<Fixture, Map<String, Object>> body,
            List<String> numbers,
            List<String> enums,
            List<String> strings,
            String wrongRole,
            boolean create,
            List<String> otherMethods,
            List<String> badQueries) {

        boolean writes() {
            return body != null;
        }
    }

    /** The real records the table's {@code {id}}s stand for: a closed session, so that no transition could succeed. */
    record Fixture(String patient, String session, String plannedSession, String reading, String event, String flag) {

        String id(Id kind) {
            return switch (kind) {
                case NONE -> "";
                case PATIENT -> patient;
                case SESSION -> session;
                case PLANNED_SESSION -> plannedSession;
                case READING -> reading;
                case EVENT -> event;
                case FLAG -> flag;
                case RULE -> "BP_SEVERE";
            };
        }
    }

    /** A generated request and what it must be answered with ({@code expected} empty: any refusal). */
    record Fuzz(
            String mutator,
            String method,
            String path,
            Map<String, String> headers,
            String contentType,
            String body,
            Set<Integer> expected) {

        String describe() {
            String shown = body == null
                    ? "(no body)"
                    : body.length() > 200 ? body.substring(0, 200) + "... (" + body.length() + " chars)" : body;
            return mutator + ": " + method + " " + path + " " + headers.keySet() + " " + contentType + " " + shown;
        }
    }

    static List<Endpoint> endpoints() {
        List<String> none = List.of();
        List<String> wrongMethods = List.of("PUT", "DELETE", "PATCH");
        List<String> paging = List.of("page=-1", "size=0", "size=201", "size=abc", "page=99999999999999999999");
        List<String> records = List.of("includeAmended=maybe", "includeAmended=1");
        return List.of(
                new Endpoint(
                        "POST",
                        "/patients",
                        Id.NONE,
                        f -> patientBody(),
                        List.of("birthYear", "weightKg"),
                        List.of("riskFactors", "contraindications"),
                        List.of("mrn", "displayName"),
                        "viewer",
                        true,
                        wrongMethods,
                        none),
                new Endpoint(
                        "GET",
                        "/patients/{id}",
                        Id.PATIENT,
                        null,
                        none,
                        none,
                        none,
                        "admin",
                        false,
                        wrongMethods,
                        none),
                new Endpoint(
                        "GET",
                        "/patients",
                        Id.NONE,
                        null,
                        none,
                        none,
                        none,
                        "admin",
                        false,
                        List.of("PUT", "DELETE", "PATCH"),
                        concat(paging, List.of("mrn=" + "M".repeat(3000)))),
                new Endpoint(
                        "POST",
                        "/sessions",
                        Id.NONE,
                        f -> Fixtures.sessionBody(f.patient()),
                        List.of("plannedDurationMinutes", "plannedDose"),
                        List.of("drug", "route", "indication"),
                        List.of("lotNumber", "nurse", "prescriber"),
                        "viewer",
                        true,
                        wrongMethods,
                        none),
                new Endpoint(
                        "GET",
                        "/sessions/{id}",
                        Id.SESSION,
                        null,
                        none,
                        none,
                        none,
                        "admin",
                        false,
                        wrongMethods,
                        none),
                new Endpoint(
                        "GET",
                        "/sessions",
                        Id.NONE,
                        null,
                        none,
                        none,
                        none,
                        "admin",
                        false,
                        wrongMethods,
                        concat(
                                paging,
                                List.of(
                                        "status=BOGUS",
                                        "status=DOSING,,X",
                                        "patientId=not-a-uuid",
                                        "from=yesterday",
                                        "to=2026-13-45T99:00:00Z",
                                        "from=1e308"))),
                new Endpoint(
                        "POST",
                        "/sessions/{id}/start-dosing",
                        Id.SESSION,
                        f -> body("at", Fixtures.ago(5)),
                        none,
                        none,
                        none,
                        "viewer",
                        false,
                        wrongMethods,
                        none),
                new Endpoint(
                        "POST",
                        "/sessions/{id}/end-dosing",
                        Id.SESSION,
                        f -> body("at", Fixtures.ago(5), "administeredDoseMg", 30),
                        List.of("administeredDoseMg"),
                        none,
                        none,
                        "viewer",
                        false,
                        wrongMethods,
                        none),
                new Endpoint(
                        "POST",
                        "/sessions/{id}/discharge",
                        Id.SESSION,
                        f -> body("override", true, "reason", "fuzz"),
                        none,
                        none,
                        List.of("reason"),
                        "viewer",
                        false,
                        wrongMethods,
                        none),
                new Endpoint(
                        "POST",
                        "/sessions/{id}/abort",
                        Id.SESSION,
                        f -> body("reason", "fuzz"),
                        none,
                        none,
                        List.of("reason"),
                        "nurse",
                        false,
                        wrongMethods,
                        none),
                new Endpoint(
                        "POST",
                        "/sessions/{id}/vitals",
                        Id.SESSION,
                        f -> readingBody(),
                        List.of(
                                "spo2",
                                "heartRate",
                                "systolic",
                                "diastolic",
                                "temperatureC",
                                "respiratoryRate",
                                "nausea"),
                        List.of("consciousness"),
                        none,
                        "viewer",
                        true,
                        wrongMethods,
                        none),
                new Endpoint(
                        "GET",
                        "/sessions/{id}/vitals",
                        Id.SESSION,
                        null,
                        none,
                        none,
                        none,
                        "admin",
                        false,
                        wrongMethods,
                        records),
                new Endpoint(
                        "GET", "/vitals/{id}", Id.READING, null, none, none, none, "admin", false, wrongMethods, none),
                new Endpoint(
                        "POST",
                        "/vitals/{id}/amend",
                        Id.READING,
                        f -> body("spo2", 95, "reason", "fuzz"),
                        List.of("spo2"),
                        none,
                        List.of("reason"),
                        "viewer",
                        true,
                        wrongMethods,
                        none),
                new Endpoint(
                        "GET",
                        "/vitals/{id}/history",
                        Id.READING,
                        null,
                        none,
                        none,
                        none,
                        "admin",
                        false,
                        wrongMethods,
                        none),
                new Endpoint(
                        "POST",
                        "/sessions/{id}/adverse-events",
                        Id.SESSION,
                        f -> eventBody(),
                        List.of("grade"),
                        List.of("type"),
                        List.of("description", "actionTaken"),
                        "viewer",
                        true,
                        wrongMethods,
                        none),
                new Endpoint(
                        "GET",
                        "/sessions/{id}/adverse-events",
                        Id.SESSION,
                        null,
                        none,
                        none,
                        none,
                        "admin",
                        false,
                        wrongMethods,
                        records),
                new Endpoint(
                        "GET",
                        "/adverse-events/{id}",
                        Id.EVENT,
                        null,
                        none,
                        none,
                        none,
                        "admin",
                        false,
                        wrongMethods,
                        none),
                new Endpoint(
                        "POST",
                        "/adverse-events/{id}/resolve",
                        Id.EVENT,
                        f -> body("outcome", "RESOLVED", "note", "fuzz"),
                        none,
                        List.of("outcome"),
                        List.of("note"),
                        "viewer",
                        false,
                        wrongMethods,
                        none),
                new Endpoint(
                        "POST",
                        "/adverse-events/{id}/amend",
                        Id.EVENT,
                        f -> body("grade", 3, "reason", "fuzz"),
                        List.of("grade"),
                        none,
                        List.of("reason"),
                        "viewer",
                        true,
                        wrongMethods,
                        none),
                new Endpoint(
                        "GET",
                        "/adverse-events/{id}/history",
                        Id.EVENT,
                        null,
                        none,
                        none,
                        none,
                        "admin",
                        false,
                        wrongMethods,
                        none),
                new Endpoint(
                        "GET",
                        "/sessions/{id}/flags",
                        Id.SESSION,
                        null,
                        none,
                        none,
                        none,
                        "admin",
                        false,
                        wrongMethods,
                        none),
                new Endpoint(
                        "GET",
                        "/flags",
                        Id.NONE,
                        null,
                        none,
                        none,
                        none,
                        "admin",
                        false,
                        wrongMethods,
                        concat(paging, List.of("status=BOGUS", "severity=LOUD", "severity=,"))),
                new Endpoint(
                        "POST",
                        "/flags/{id}/acknowledge",
                        Id.FLAG,
                        f -> body("note", "fuzz"),
                        none,
                        none,
                        List.of("note"),
                        "viewer",
                        false,
                        wrongMethods,
                        none),
                new Endpoint("GET", "/rules", Id.NONE, null, none, none, none, null, false, wrongMethods, none),
                new Endpoint(
                        "GET",
                        "/rules/{id}",
                        Id.RULE,
                        null,
                        none,
                        none,
                        none,
                        null,
                        false,
                        List.of("DELETE", "PATCH", "POST"),
                        none),
                new Endpoint(
                        "PUT",
                        "/rules/{id}",
                        Id.RULE,
                        f -> body(
                                "condition",
                                "has(reading.spo2) && reading.spo2 < 80",
                                "severity",
                                "CRITICAL",
                                "reason",
                                "fuzz"),
                        none,
                        List.of("severity", "trigger", "table"),
                        List.of("condition", "reason", "message"),
                        "nurse",
                        false,
                        List.of("DELETE", "PATCH", "POST"),
                        none),
                new Endpoint(
                        "POST",
                        "/rules/{id}/backtest",
                        Id.RULE,
                        f -> body("condition", "true"),
                        none,
                        none,
                        List.of("condition"),
                        "nurse",
                        false,
                        wrongMethods,
                        none),
                new Endpoint(
                        "GET",
                        "/audit",
                        Id.NONE,
                        null,
                        none,
                        none,
                        none,
                        "nurse",
                        false,
                        wrongMethods,
                        concat(paging, List.of("id=not-a-uuid", "from=never", "to=-1e308"))),
                new Endpoint("GET", "/board", Id.NONE, null, none, none, none, "admin", false, wrongMethods, none),
                new Endpoint(
                        "GET",
                        "/sessions/{id}/timeline",
                        Id.SESSION,
                        null,
                        none,
                        none,
                        none,
                        "admin",
                        false,
                        wrongMethods,
                        none));
    }

    /** One way to spoil a request; {@code applies} says for which endpoints it yields a request that must be refused. */
    enum Mutator {
        TRUNCATED_JSON,
        TRAILING_GARBAGE,
        DEEP_NESTING,
        WRONG_TYPE,
        HUGE_NUMBER,
        UNKNOWN_FIELD,
        UNKNOWN_ENUM,
        LONG_STRING_WITHIN_LIMIT,
        LONG_STRING_OVER_LIMIT,
        NULL_BODY,
        ARRAY_FOR_OBJECT,
        WRONG_METHOD,
        WRONG_CONTENT_TYPE,
        OVERSIZED_BODY,
        BAD_TOKEN,
        WRONG_ROLE,
        BAD_IDEMPOTENCY_KEY,
        BAD_IF_MATCH,
        BAD_QUERY,
        UNKNOWN_ID,
        BAD_LAST_EVENT_ID;

        boolean applies(Endpoint e) {
            return switch (this) {
                case TRUNCATED_JSON,
                        TRAILING_GARBAGE,
                        DEEP_NESTING,
                        UNKNOWN_FIELD,
                        ARRAY_FOR_OBJECT,
                        WRONG_CONTENT_TYPE,
                        OVERSIZED_BODY -> e.writes();
                case WRONG_TYPE ->
                    e.writes()
                            && !(e.numbers().isEmpty()
                                    && e.enums().isEmpty()
                                    && e.strings().isEmpty());
                case HUGE_NUMBER -> !e.numbers().isEmpty();
                case UNKNOWN_ENUM -> !e.enums().isEmpty();
                case LONG_STRING_WITHIN_LIMIT, LONG_STRING_OVER_LIMIT ->
                    !e.strings().isEmpty();
                // start-dosing, end-dosing and discharge take an empty body, and the closed fixture session refuses
                // them anyway.
                case NULL_BODY -> e.writes();
                case WRONG_METHOD, BAD_TOKEN -> true;
                case WRONG_ROLE -> e.wrongRole() != null;
                case BAD_IDEMPOTENCY_KEY -> e.create();
                case BAD_IF_MATCH -> e.path().startsWith("/sessions/{id}/") && e.writes() && !e.create();
                case BAD_QUERY -> !e.badQueries().isEmpty();
                case UNKNOWN_ID -> e.id() != Id.NONE;
                case BAD_LAST_EVENT_ID -> false;
            };
        }
    }

    private final List<String> badTokens = new ArrayList<>();

    @Test
    void badRequestsAreRefusedCleanlyAndChangeNothing() throws Exception {
        int requests = Integer.getInteger("fuzz.requests", 1000);
        long seed = Long.getLong("fuzz.seed", 20261126L);
        System.out.println("FUZZ: seed " + seed + " (replay with -Dfuzz.seed=" + seed + ")");
        Random random = new Random(seed);
        Fixture fixture = fixture();
        forgeTokens();
        RestAssuredConfig config = RestAssured.config()
                .httpClient(HttpClientConfig.httpClientConfig()
                        .setParam("http.socket.timeout", 10_000)
                        .setParam("http.connection.timeout", 10_000));
        List<Endpoint> endpoints = endpoints();
        Map<String, Long> before = counts();

        Map<Integer, Integer> statuses = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        int serverErrors = 0;
        for (int i = 0; i < requests; i++) {
            Fuzz fuzz = i % 50 == 49 ? lastEventId(random) : generate(random, endpoints, fixture);
            Response answer;
            try {
                answer = send(fuzz, config);
            } catch (RuntimeException e) {
                failures.add("#" + i + " no answer (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ") to "
                        + fuzz.describe());
                continue;
            }
            int status = answer.statusCode();
            statuses.merge(status, 1, Integer::sum);
            if (status >= 500) {
                serverErrors++;
            }
            String problem = check(fuzz, answer);
            if (problem != null) {
                failures.add("#" + i + " " + problem + " for " + fuzz.describe() + "\n    answer: "
                        + abbreviate(answer.asString()));
            }
        }

        Map<String, Long> after = counts();
        System.out.printf(
                "FUZZ: %d requests, %d distinct statuses %s, %d server errors, database %s (seed %d)%n",
                requests,
                statuses.size(),
                statuses,
                serverErrors,
                before.equals(after) ? "unchanged" : "CHANGED " + before + " -> " + after,
                seed);
        assertTrue(
                failures.isEmpty(),
                failures.size() + " bad answers (seed " + seed + "):\n"
                        + String.join("\n", failures.subList(0, Math.min(MAX_FAILURES_SHOWN, failures.size()))));
        assertEquals(before, after, "a refused request changed the database (seed " + seed + ")");
    }

    /** What is wrong with the answer, or null if it is a clean refusal. */
    private static String check(Fuzz fuzz, Response answer) {
        int status = answer.statusCode();
        String body = answer.asString();
        if (status >= 500) {
            return "server error " + status;
        }
        if (!fuzz.expected().isEmpty() && !fuzz.expected().contains(status)) {
            return "status " + status + " instead of " + fuzz.expected();
        }
        if (status < 300 && !"GET".equals(fuzz.method())) {
            return "a write was accepted with " + status;
        }
        for (String leak : LEAKS) {
            if (body.contains(leak)) {
                return "the answer leaks '" + leak.replace("\t", "\\t") + "'";
            }
        }
        if (status >= 400) {
            String type = answer.contentType();
            if (type == null || !type.startsWith(Problem.MEDIA_TYPE)) {
                return "status " + status + " answered as '" + type + "', not problem+json";
            }
            try {
                JsonNode problem = JSON.readTree(body);
                if (problem.path("status").asInt() != status) {
                    return "problem status " + problem.path("status") + " differs from HTTP " + status;
                }
            } catch (JsonProcessingException e) {
                return "problem+json that is not JSON";
            }
        }
        return null;
    }

    private Fuzz generate(Random random, List<Endpoint> endpoints, Fixture fixture) {
        while (true) {
            Endpoint e = endpoints.get(random.nextInt(endpoints.size()));
            Mutator m = Mutator.values()[random.nextInt(Mutator.values().length)];
            if (m.applies(e)) {
                return mutate(m, e, random, fixture);
            }
        }
    }

    private Fuzz mutate(Mutator m, Endpoint e, Random random, Fixture fixture) {
        String path = e.path()
                .replace("{id}", m == Mutator.BAD_IF_MATCH ? fixture.plannedSession() : pathId(random, e, fixture));
        Map<String, Object> valid = e.writes() ? e.body().apply(fixture) : null;
        String json = valid == null ? null : write(valid);
        Map<String, String> headers = new LinkedHashMap<>();
        String type = json == null ? null : "application/json";
        Set<Integer> expected = Set.of();
        String method = e.method();
        String body = json;
        switch (m) {
            case TRUNCATED_JSON -> body = json.substring(0, 1 + random.nextInt(json.length() - 1));
            case TRAILING_GARBAGE ->
                body = json + pick(random, "}", "x", ",{}", "{\"a\":1}", "]", "null", "\u0000", "//");
            case DEEP_NESTING ->
                body = random.nextBoolean()
                        ? "[".repeat(10_000) + "]".repeat(10_000)
                        : json.replaceFirst(
                                "\\{", "{\"deep\":" + "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000) + ",");
            case WRONG_TYPE ->
                body = with(
                        valid,
                        pick(random, concat(e.numbers(), concat(e.enums(), e.strings()))),
                        pick(random, Map.of("zz", 1), List.of(Map.of()), List.of(List.of()), Map.of()));
            case HUGE_NUMBER ->
                body = withRaw(
                        valid,
                        pick(random, e.numbers()),
                        pick(
                                random,
                                "1e308",
                                "-1e308",
                                "9999999999999999999",
                                "-9999999999999999999",
                                "\"NaN\"",
                                "1e309"));
            case UNKNOWN_FIELD -> body = with(valid, "zz" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36), 1);
            case UNKNOWN_ENUM -> body = with(valid, pick(random, e.enums()), "NOT_A_" + random.nextInt(1000));
            case LONG_STRING_WITHIN_LIMIT -> body = with(valid, pick(random, e.strings()), "x".repeat(60_000));
            case LONG_STRING_OVER_LIMIT -> {
                body = with(valid, pick(random, e.strings()), "x".repeat(100_000));
                expected = Set.of(413);
            }
            case NULL_BODY -> body = random.nextBoolean() ? null : "null";
            case ARRAY_FOR_OBJECT -> body = "[" + json + "]";
            case WRONG_METHOD -> {
                method = pick(random, e.otherMethods());
                expected = Set.of(405);
            }
            case WRONG_CONTENT_TYPE -> {
                // (REST Assured cannot send raw bytes as a form, so forms are left to the other types' lot.)
                // (A body without any content type is read as JSON by design: curl sends bodyless POSTs that way.)
                type = pick(random, "text/plain", "application/xml", "multipart/form-data; boundary=fuzz", "text/csv");
                expected = Set.of(415);
            }
            case OVERSIZED_BODY -> {
                body = with(valid, "padding", "p".repeat(65 * 1024 + random.nextInt(100_000)));
                expected = Set.of(413);
            }
            case BAD_TOKEN -> {
                String token = pick(random, badTokens);
                if (token == null) {
                    headers.put(DefaultTokenFilter.NO_TOKEN, "yes");
                } else {
                    headers.put("Authorization", token);
                }
                expected = Set.of(401);
            }
            case WRONG_ROLE -> {
                headers.put(
                        "Authorization",
                        TestTokens.bearer(TestTokens.token(TestTokens.CLINIC, "fuzz." + e.wrongRole(), e.wrongRole())));
                expected = Set.of(403);
            }
            case BAD_IDEMPOTENCY_KEY -> {
                // Control characters are left out: the HTTP client turns them into '?', so they would
                // reach the service as a valid key (and be refused by Netty if sent raw).
                headers.put("Idempotency-Key", pick(random, "k".repeat(201), "k".repeat(5000), "é-non-ascii-key"));
                // A malformed id in the path is 404 before the key is read.
                expected = Set.of(400, 404);
            }
            case BAD_IF_MATCH -> {
                headers.put(
                        "If-Match",
                        pick(
                                random,
                                "garbage",
                                "\"999999\"",
                                "W/\"-1\"",
                                "\"\"",
                                ",,,",
                                "\"1e308\"",
                                "x".repeat(5000)));
                // Start and abort are legal on a planned session, so only the tag can refuse them; the others may clash
                // first.
                expected = e.path().endsWith("start-dosing") || e.path().endsWith("abort")
                        ? Set.of(412)
                        : Set.of(409, 412);
            }
            case BAD_QUERY -> path = path + "?" + pick(random, e.badQueries());
            case UNKNOWN_ID ->
                path = e.path()
                        .replace(
                                "{id}",
                                e.id() == Id.RULE
                                        ? "NO_SUCH_RULE_" + random.nextInt(1000)
                                        : pick(
                                                random,
                                                new UUID(random.nextLong(), random.nextLong()).toString(),
                                                "not-a-uuid",
                                                "123",
                                                "%27%20OR%201%3D1--",
                                                "..%2F..%2Fetc",
                                                "x".repeat(500)));
            case BAD_LAST_EVENT_ID -> throw new IllegalStateException("generated by lastEventId()");
        }
        return new Fuzz(m.name(), method, "/api/v1" + path, headers, type, body, expected);
    }

    /** {@code /stream} only with a Last-Event-ID it must refuse: a stream it accepts never ends. */
    private static Fuzz lastEventId(Random random) {
        String bad = pick(
                random, "abc", "-1", "99999999999999999999", "1e308", "NaN", "12x", "0x10", "1.5", "x".repeat(5000));
        return new Fuzz(
                "BAD_LAST_EVENT_ID", "GET", "/api/v1/stream", Map.of("Last-Event-ID", bad), null, null, Set.of(400));
    }

    /** Half the time the fixture's real id, so that the body is read; else an unknown or malformed one. */
    private static String pathId(Random random, Endpoint e, Fixture fixture) {
        int roll = random.nextInt(4);
        if (roll < 2 || e.id() == Id.RULE) {
            return fixture.id(e.id());
        }
        return roll == 2
                ? new UUID(random.nextLong(), random.nextLong()).toString()
                : "not-a-uuid-" + random.nextInt(100);
    }

    private static Response send(Fuzz fuzz, RestAssuredConfig config) {
        RequestSpecification request =
                given().config(config).urlEncodingEnabled(false).headers(fuzz.headers());
        if (fuzz.contentType() != null && !fuzz.contentType().isEmpty()) {
            request.contentType(fuzz.contentType());
        } else if (fuzz.body() != null) {
            request.noContentType();
        }
        if (fuzz.body() != null) {
            request.body(fuzz.body().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return request.request(fuzz.method(), fuzz.path());
    }

    private void forgeTokens() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        PrivateKey forger = generator.generateKeyPair().getPrivate();
        Set<String> roles = Set.of("nurse", "physician", "admin");
        badTokens.add(TestTokens.bearer(Jwt.issuer(TestTokens.ISSUER)
                .audience(TestTokens.AUDIENCE)
                .subject("forger")
                .groups(roles)
                .claim("clinic", TestTokens.CLINIC)
                .sign(forger)));
        badTokens.add(TestTokens.bearer(Jwt.issuer(TestTokens.ISSUER)
                .audience(TestTokens.AUDIENCE)
                .subject("late")
                .groups(roles)
                .claim("clinic", TestTokens.CLINIC)
                .issuedAt(Instant.now().minusSeconds(7200))
                .expiresAt(Instant.now().minusSeconds(3600))
                .sign()));
        badTokens.add(TestTokens.bearer(Jwt.issuer("https://elsewhere.example/issuer")
                .audience(TestTokens.AUDIENCE)
                .subject("stranger")
                .groups(roles)
                .claim("clinic", TestTokens.CLINIC)
                .sign()));
        badTokens.add("Bearer garbage");
        badTokens.add("Bearer ");
        badTokens.add("Basic dXNlcjpwYXNz");
        badTokens.add(TestTokens.DEFAULT);
        badTokens.add(null);
    }

    /**
     * The records the table's ids point at. The session is discharged, so that every transition,
     * reading and event on it is refused whatever the body; the planned one only meets stale If-Match headers.
     */
    private static Fixture fixture() {
        String patient = Fixtures.patient();
        String session = Fixtures.dosingSession(30);
        String reading = Fixtures.recordVitals(session, Map.of("spo2", 85, "measuredAt", Fixtures.ago(20)))
                .statusCode(201)
                .extract()
                .path("id");
        String event = given().contentType(ContentType.JSON)
                .body(eventBody())
                .post("/api/v1/sessions/" + session + "/adverse-events")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String flag = given().get("/api/v1/sessions/" + session + "/flags")
                .then()
                .statusCode(200)
                .extract()
                .path("[0].id");
        Fixtures.transition(session, "end-dosing", Map.of("at", Fixtures.ago(5)))
                .statusCode(200);
        Fixtures.dischargeAnyway(session, Fixtures.ago(1));
        return new Fixture(patient, session, Fixtures.session(patient), reading, event, flag);
    }

    private Map<String, Long> counts() throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            for (String table : TABLES) {
                try (ResultSet rows = statement.executeQuery("select count(*) from " + table)) {
                    rows.next();
                    counts.put(table, rows.getLong(1));
                }
            }
        }
        return counts;
    }

    private static Map<String, Object> patientBody() {
        return body(
                "mrn",
                Fixtures.newMrn(),
                "displayName",
                "Fuzz Patient",
                "birthYear",
                1980,
                "weightKg",
                70.5,
                "riskFactors",
                List.of("HYPERTENSION"));
    }

    private static Map<String, Object> readingBody() {
        return body(
                "spo2",
                97,
                "heartRate",
                80,
                "systolic",
                120,
                "diastolic",
                80,
                "temperatureC",
                36.6,
                "respiratoryRate",
                14,
                "nausea",
                1,
                "consciousness",
                "ALERT");
    }

    private static Map<String, Object> eventBody() {
        return body("type", "NAUSEA", "grade", 2, "serious", false, "description", "fuzz", "actionTaken", "none");
    }

    private static Map<String, Object> body(Object... pairs) {
        Map<String, Object> body = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            body.put((String) pairs[i], pairs[i + 1]);
        }
        return body;
    }

    private static String with(Map<String, Object> valid, String field, Object value) {
        Map<String, Object> body = new LinkedHashMap<>(valid);
        body.put(field, value);
        return write(body);
    }

    /** The body with one field set to literal JSON text, for numbers no Java type holds. */
    private static String withRaw(Map<String, Object> valid, String field, String literal) {
        String marker = "\"@@raw@@\"";
        return with(valid, field, "@@raw@@").replace(marker, literal);
    }

    private static String write(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @SafeVarargs
    private static <T> T pick(Random random, T... choices) {
        return choices[random.nextInt(choices.length)];
    }

    private static <T> T pick(Random random, List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
