package org.infusiontracker.idempotency;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.infusiontracker.api.Headers;
import org.infusiontracker.api.InvalidInput;
import org.infusiontracker.audit.AuditLog;
import org.infusiontracker.idempotency.IdempotencyKeys.FirstAnswer;
import org.infusiontracker.security.ClinicContext;

/**
 * Safe retries for {@link Idempotent} creates. A request with an {@value #HEADER} header runs in
 * one transaction that first claims the key for the caller (one person of one clinic), then lets the resource method
 * write, then stores its answer under the key, so the key and the record commit or roll back
 * together. A retry with the same key and the same request (see {@link RequestFingerprint}) gets
 * the first answer, marked {@value #REPLAYED}, and stores nothing; with another request it is
 * 422. Only successes are kept: a 400 or 409 rolls the claim back with the write, so a corrected
 * retry under the same key is a new attempt. Without the header nothing changes.
 *
 * <p>It runs after {@code @Transactional} (whose transaction it joins, should a resource method
 * carry one) and before Bean Validation: a replay answers without running the method, and a body
 * that fails validation rolls the claim back like any other failure.
 */
@Idempotent
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 300)
public class IdempotencyInterceptor {

    public static final String HEADER = Headers.IDEMPOTENCY_KEY;
    public static final String REPLAYED = Headers.IDEMPOTENT_REPLAYED;
    /** Room for a UUID or a client's own composite key, and nothing a log line or header could trip on. */
    private static final Pattern SANE_KEY = Pattern.compile("[\\x20-\\x7E]{1,200}");

    private final HttpServerRequest request;
    private final ClinicContext clinic;
    private final IdempotencyKeys keys;
    private final RequestFingerprint fingerprint;
    private final ObjectMapper mapper;
    private final AuditLog audit;

    IdempotencyInterceptor(
            HttpServerRequest request,
            ClinicContext clinic,
            IdempotencyKeys keys,
            RequestFingerprint fingerprint,
            ObjectMapper mapper,
            AuditLog audit) {
        this.audit = audit;
        this.request = request;
        this.clinic = clinic;
        this.keys = keys;
        this.fingerprint = fingerprint;
        this.mapper = mapper;
    }

    @AroundInvoke
    Object answerOnce(InvocationContext call) throws Exception {
        String key = request.getHeader(HEADER);
        if (key == null) {
            return call.proceed();
        }
        if (call.getMethod().getReturnType() != Response.class) {
            throw new IllegalStateException("@Idempotent needs a method that returns a Response: " + call.getMethod());
        }
        if (!SANE_KEY.matcher(key).matches()) {
            throw new InvalidInput(HEADER, "must be 1 to 200 printable ASCII characters");
        }
        String clinicId = clinic.clinicId();
        String actor = clinic.actor();
        String hash = fingerprint.of(request.method().name(), request.path(), call.getParameters());
        return QuarkusTransaction.joiningExisting().call(() -> {
            Optional<FirstAnswer> first = keys.claim(clinicId, actor, key, hash);
            if (first.isPresent()) {
                if (!first.get().requestHash().equals(hash)) {
                    throw new IdempotencyKeyReused();
                }
                // Who was answered again, and with which record: a replay hands out a patient's record too.
                audit.write(
                        "REPLAY",
                        "idempotency-key",
                        first.get().location() == null
                                ? "*"
                                : first.get()
                                        .location()
                                        .substring(
                                                0,
                                                Math.min(
                                                        100,
                                                        first.get().location().length())),
                        Map.of("path", request.path(), "status", first.get().status()));
                return first.get().replay();
            }
            Response answer = (Response) call.proceed();
            if (answer.getStatusInfo().getFamily() != Response.Status.Family.SUCCESSFUL) {
                keys.release(clinicId, actor, key);
                return answer;
            }
            String body = answer.getEntity() == null ? null : mapper.writeValueAsString(answer.getEntity());
            String location =
                    answer.getLocation() == null ? null : answer.getLocation().toString();
            keys.remember(clinicId, actor, key, answer.getStatus(), location, body);
            // The JSON just stored is the answer: written once, and a replay sends the same bytes.
            return body == null
                    ? answer
                    : Response.fromResponse(answer)
                            .entity(body)
                            .type(MediaType.APPLICATION_JSON_TYPE)
                            .build();
        });
    }
}
