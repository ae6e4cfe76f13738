package org.infusiontracker.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.parameters.Parameter.In;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.tags.Tag;

/**
 * What every operation of the API shares, written once instead of on every resource method: the
 * problem+json answers each can give (by what it takes: a body, parameters, a path id, If-Match,
 * an Idempotency-Key), the {@code X-Request-Id} on every answer (and {@code X-Client-Request-Id}
 * when the caller sent an id of its own), {@code Location} on every 201,
 * {@code Idempotent-Replayed} on the successes of safe-retry creates, the tags' descriptions, and
 * plain inline schemas for ids and times so that a nullable one can say so. Resource methods
 * declare only what is theirs: their operation id, their success answers, and the 409 or other
 * answers particular to them (described there; this filter gives them the Problem body).
 * Registered with {@code mp.openapi.filter}.
 */
public class OpenApiDocument implements OASFilter {

    public static final String IDEMPOTENCY_KEY = "IdempotencyKey";
    public static final String ETAG = "ETag";
    private static final String REQUEST_ID = "RequestId";

    private static final String PROBLEM = "#/components/schemas/Problem";

    private static final Map<String, String> TAGS = new LinkedHashMap<>();

    static {
        TAGS.put(
                "Patients",
                "Patients, pseudonymous: an MRN and a display name, with risk factors and contraindications");
        TAGS.put(
                "Sessions",
                "Treatment sessions and their lifecycle: planned, dosing, observation, discharged or aborted");
        TAGS.put("Vital signs", "Vital-sign readings of a session, with NEWS2, corrections and retractions");
        TAGS.put(
                "Adverse events",
                "Adverse events of a session with their CTCAE grade, resolution, corrections and retractions");
        TAGS.put(
                "Flags",
                "What the rules raised on readings, adverse events, transitions and the clock, and its acknowledgement");
        TAGS.put("Board", "The clinic's wall screen, a session's timeline and the live event stream");
        TAGS.put("Rules", "The clinic's flag rules: versions, edits and backtests over recorded history");
        TAGS.put("Audit", "Who read and changed what, and when");
        TAGS.put(
                "REMS forms",
                "The SPRAVATO REMS Patient Monitoring Form of each esketamine session, filled from its record, and "
                        + "its filing");
        TAGS.put("FHIR", "A session's or a patient's records as a FHIR R4 Bundle, for EHRs, payers and registries");
        TAGS.put(
                "Controlled substances",
                "The Schedule III ledger: containers received, administrations, waste, counts and losses with their "
                        + "witness, the dispensing record and its reconciliation with the sessions");
        TAGS.put("Outcomes", "Outcome assessments (PHQ-9, GAD-7, PCL-5) and a patient's course: response, remission");
        TAGS.put(
                "Monitors",
                "Bedside monitors mapped to chairs: their HL7 v2 readings (over MLLP) go to the chair's open session");
        TAGS.put("Webhooks", "The clinic's webhooks (escalated flags and other events, signed) and their deliveries");
    }

    /** Simple types that SmallRye names as components; inline they can carry {@code nullable}. */
    private static final Set<String> INLINE = Set.of("UUID", "Instant", "OffsetDateTime");

    @Override
    public void filterOpenAPI(OpenAPI api) {
        Components components = api.getComponents();
        Map<String, Schema> simple = new LinkedHashMap<>();
        for (String name : INLINE) {
            Schema schema = components.getSchemas() == null
                    ? null
                    : components.getSchemas().get(name);
            if (schema != null) {
                simple.put("#/components/schemas/" + name, schema);
            }
        }
        headers(components);
        components.addParameter(
                IDEMPOTENCY_KEY,
                OASFactory.createParameter()
                        .name(Headers.IDEMPOTENCY_KEY)
                        .in(In.HEADER)
                        .description(
                                "Makes the create safe to retry: a retry with the same key and the same request gets "
                                        + "the first answer again (marked Idempotent-Replayed) and stores nothing; the same key "
                                        + "with another request is 422. Keys are kept for at least a day.")
                        .schema(OASFactory.createSchema()
                                .addType(SchemaType.STRING)
                                .minLength(1)
                                .maxLength(200)
                                .pattern("^[\\x20-\\x7E]+$")));
        components.addParameter(
                REQUEST_ID,
                OASFactory.createParameter()
                        .name(RequestLogFilter.HEADER)
                        .in(In.HEADER)
                        .description("The caller's own id for the request, 1 to 100 visible ASCII characters without "
                                + "spaces: kept beside the server's id in the log and the audit trail (clientRequestId) "
                                + "and echoed in X-Client-Request-Id; any other value is ignored. The server's id is "
                                + "always its own (X-Request-Id of the answer).")
                        .schema(string().maxLength(100).pattern("^" + RequestLogFilter.CLIENT_ID_PATTERN + "$")));
        if (api.getPaths() != null && api.getPaths().getPathItems() != null) {
            api.getPaths().getPathItems().forEach((path, item) -> {
                for (Map.Entry<PathItem.HttpMethod, Operation> entry :
                        item.getOperations().entrySet()) {
                    operation(path, entry.getValue());
                }
            });
        }
        List<Tag> tags = new ArrayList<>();
        TAGS.forEach((name, description) ->
                tags.add(OASFactory.createTag().name(name).description(description)));
        api.setTags(tags);
        // A gate's 409 (dosing, discharge) lists its blockers: the rules engine's Blocker, named here because the
        // problem answer lives below the engine.
        Schema problem = components.getSchemas().get("Problem");
        if (problem != null
                && problem.getProperties() != null
                && problem.getProperties().get("blockers") != null) {
            problem.getProperties()
                    .get("blockers")
                    .setItems(OASFactory.createSchema().ref("Blocker"));
        }
        inline(api, simple);
        simple.keySet().forEach(ref -> components.removeSchema(ref.substring(ref.lastIndexOf('/') + 1)));
    }

    private static void headers(Components components) {
        components.addHeader(
                "X-Request-Id",
                header(
                        "The server's id of the request, a new UUID for each: logged with the request, stored in "
                                + "the audit trail (requestId) and quoted in problems. Never the caller's.",
                        string(),
                        true));
        components.addHeader(
                RequestLogFilter.CLIENT_HEADER,
                header(
                        "The X-Request-Id the caller sent, when it was kept (1 to 100 visible ASCII characters)",
                        string().maxLength(100),
                        false));
        components.addHeader("Location", header("Where the created record can be read", string(), true));
        components.addHeader(
                ETAG,
                header(
                        "The session's version as an entity tag (\"3\"), for a later If-Match",
                        string().pattern("^\"[0-9]+\"$"),
                        true));
        components.addHeader(
                Headers.IDEMPOTENT_REPLAYED,
                header(
                        "true when this is the stored first answer to an earlier request with the same Idempotency-Key",
                        string().enumeration(List.of("true")),
                        false));
        components.addHeader(
                "Retry-After",
                header(
                        "Seconds to wait before retrying",
                        OASFactory.createSchema().addType(SchemaType.INTEGER).minimum(java.math.BigDecimal.ZERO),
                        true));
        components.addHeader("WWW-Authenticate", header("The authentication scheme to use: Bearer", string(), true));
    }

    private static Schema string() {
        return OASFactory.createSchema().addType(SchemaType.STRING);
    }

    private static Header header(String description, Schema schema, boolean required) {
        return OASFactory.createHeader().description(description).schema(schema).required(required);
    }

    private static Header ref(String header) {
        return OASFactory.createHeader().ref(header);
    }

    private void operation(String path, Operation op) {
        List<Parameter> parameters = op.getParameters() == null ? List.of() : op.getParameters();
        boolean idempotent = parameters.stream()
                .anyMatch(p -> p.getRef() != null && p.getRef().endsWith("/" + IDEMPOTENCY_KEY));
        boolean ifMatch = parameters.stream().anyMatch(p -> "If-Match".equalsIgnoreCase(p.getName()));
        boolean queryOrHeader = parameters.stream()
                .anyMatch(p -> p.getRef() != null || p.getIn() == In.QUERY || p.getIn() == In.HEADER);
        boolean body = op.getRequestBody() != null;
        for (Parameter p : parameters) {
            if ("If-Match".equalsIgnoreCase(p.getName()) && p.getDescription() == null) {
                p.setDescription(
                        "The ETag of the version read (or *): a change made meanwhile is refused with 412, and "
                                + "so is a weak tag (W/\"3\"), compared strongly as RFC 9110 asks");
            }
        }
        APIResponses responses = op.getResponses();
        if (responses == null) {
            responses = OASFactory.createAPIResponses();
            op.setResponses(responses);
        }
        if (body || queryOrHeader) {
            problem(
                    responses,
                    "400",
                    "The request is malformed or a value is invalid; violations names each bad field");
        }
        if (op.getSecurity() != null || path.startsWith("/api/")) {
            // In place of the generic ones that the security scan adds.
            responses.removeAPIResponse("401");
            responses.removeAPIResponse("403");
            problem(responses, "401", "No valid bearer token");
            problem(responses, "403", "The token's role does not allow this, or it names no clinic");
        }
        if (path.contains("{")) {
            problem(responses, "404", "No such record in the caller's clinic");
        }
        if (ifMatch) {
            problem(responses, "412", "If-Match does not name the current version; read the record again");
        }
        if (body) {
            problem(responses, "413", "The body is larger than the limit (64 KiB)");
            problem(responses, "415", "The body is not application/json");
        }
        if (idempotent) {
            problem(responses, "422", "The Idempotency-Key came first with another request");
        }
        problem(responses, "503", "The database cannot be reached; retry after Retry-After seconds");
        op.addParameter(OASFactory.createParameter().ref(REQUEST_ID));
        responses.setAPIResponses(new java.util.TreeMap<>(responses.getAPIResponses()));
        for (Map.Entry<String, APIResponse> entry : responses.getAPIResponses().entrySet()) {
            String status = entry.getKey();
            APIResponse response = entry.getValue();
            if (status.startsWith("4") || status.startsWith("5")) {
                if (response.getContent() == null
                        || response.getContent().getMediaTypes().isEmpty()) {
                    response.setContent(problemContent());
                }
                if (status.equals("401")) {
                    response.addHeader("WWW-Authenticate", ref("WWW-Authenticate"));
                }
                if (status.equals("503") || status.equals("429")) {
                    response.addHeader("Retry-After", ref("Retry-After"));
                }
            } else if (status.startsWith("2")) {
                if (status.equals("201")) {
                    response.addHeader("Location", ref("Location"));
                }
                if (idempotent) {
                    response.addHeader("Idempotent-Replayed", ref("Idempotent-Replayed"));
                }
            }
            response.addHeader("X-Request-Id", ref("X-Request-Id"));
            response.addHeader(RequestLogFilter.CLIENT_HEADER, ref(RequestLogFilter.CLIENT_HEADER));
        }
    }

    private static void problem(APIResponses responses, String status, String description) {
        if (!responses.hasAPIResponse(status)) {
            responses.addAPIResponse(
                    status,
                    OASFactory.createAPIResponse().description(description).content(problemContent()));
        }
    }

    private static Content problemContent() {
        return OASFactory.createContent()
                .addMediaType(
                        Problem.MEDIA_TYPE,
                        OASFactory.createMediaType()
                                .schema(OASFactory.createSchema().ref(PROBLEM)));
    }

    /**
     * Replaces each reference to a simple component (a UUID, a time) by the component's type and
     * format, and each nullable reference ({@code anyOf: [$ref, null]}, which OpenAPI 3.0 can only
     * spell as {@code allOf} with {@code nullable}, which validators read as "never null") by a
     * copy of the referenced schema that allows null; then drops the components no longer used.
     */
    private static void inline(OpenAPI api, Map<String, Schema> simple) {
        Map<String, Schema> all = new LinkedHashMap<>();
        api.getComponents().getSchemas().forEach((name, schema) -> all.put("#/components/schemas/" + name, schema));
        List<Schema> roots = new ArrayList<>(all.values());
        roots.addAll(pathSchemas(api));
        roots.forEach(s -> walk(s, simple, all));
        Set<String> used = new java.util.HashSet<>();
        pathSchemas(api).forEach(s -> refs(s, all, used));
        all.keySet().stream()
                .filter(ref -> !used.contains(ref))
                .map(ref -> ref.substring(ref.lastIndexOf('/') + 1))
                .forEach(api.getComponents()::removeSchema);
    }

    private static List<Schema> pathSchemas(OpenAPI api) {
        List<Schema> roots = new ArrayList<>();
        if (api.getPaths() != null && api.getPaths().getPathItems() != null) {
            for (PathItem item : api.getPaths().getPathItems().values()) {
                for (Operation op : item.getOperations().values()) {
                    if (op.getParameters() != null) {
                        op.getParameters().stream().map(Parameter::getSchema).forEach(roots::add);
                    }
                    if (op.getRequestBody() != null) {
                        roots.addAll(schemas(op.getRequestBody().getContent()));
                    }
                    if (op.getResponses() != null) {
                        for (APIResponse r : op.getResponses().getAPIResponses().values()) {
                            roots.addAll(schemas(r.getContent()));
                        }
                    }
                }
            }
        }
        return roots;
    }

    private static List<Schema> schemas(Content content) {
        List<Schema> schemas = new ArrayList<>();
        if (content != null && content.getMediaTypes() != null) {
            for (MediaType media : content.getMediaTypes().values()) {
                schemas.add(media.getSchema());
            }
        }
        return schemas;
    }

    private static List<Schema> children(Schema schema) {
        List<Schema> children = new ArrayList<>();
        children.add(schema.getItems());
        children.add(schema.getAdditionalPropertiesSchema());
        if (schema.getProperties() != null) {
            children.addAll(schema.getProperties().values());
        }
        for (List<Schema> list : java.util.Arrays.asList(schema.getAllOf(), schema.getAnyOf(), schema.getOneOf())) {
            if (list != null) {
                children.addAll(list);
            }
        }
        children.removeIf(java.util.Objects::isNull);
        return children;
    }

    private static void refs(Schema schema, Map<String, Schema> all, Set<String> used) {
        if (schema == null) {
            return;
        }
        if (schema.getRef() != null && used.add(schema.getRef())) {
            refs(all.get(schema.getRef()), all, used);
        }
        children(schema).forEach(s -> refs(s, all, used));
    }

    private static void walk(Schema schema, Map<String, Schema> simple, Map<String, Schema> all) {
        if (schema == null) {
            return;
        }
        if (schema.getRef() != null && simple.containsKey(schema.getRef())) {
            copy(simple.get(schema.getRef()), schema);
            schema.setRef(null);
        }
        List<Schema> anyOf = schema.getAnyOf();
        if (anyOf != null && anyOf.size() == 2) {
            Schema target = null;
            boolean nullable = false;
            for (Schema s : anyOf) {
                if (s.getRef() != null && all.containsKey(s.getRef())) {
                    target = all.get(s.getRef());
                } else if (s.getType() != null && s.getType().equals(List.of(SchemaType.NULL))) {
                    nullable = true;
                }
            }
            if (target != null && nullable) {
                schema.setAnyOf(null);
                copy(target, schema);
                schema.addType(SchemaType.NULL);
                if (schema.getEnumeration() != null) {
                    List<Object> values = new ArrayList<>(schema.getEnumeration());
                    values.add(null);
                    schema.setEnumeration(values);
                }
            }
        }
        children(schema).forEach(s -> walk(s, simple, all));
    }

    /** Gives {@code to} everything {@code from} says that {@code to} does not say itself. */
    private static void copy(Schema from, Schema to) {
        Map<String, Object> merged = new LinkedHashMap<>(from.getAll());
        to.getAll().forEach((key, value) -> {
            if (value != null && !key.equals("type")) {
                merged.put(key, value);
            }
        });
        merged.remove("anyOf");
        to.setAll(merged);
        to.setType(new ArrayList<>(from.getType()));
    }
}
