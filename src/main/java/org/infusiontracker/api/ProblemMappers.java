package org.infusiontracker.api;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.persistence.OptimisticLockException;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.sql.SQLException;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place where failures become HTTP answers. Every answer is problem+json; none carries a
 * Java class name or a stack trace. Anything not foreseen here is a 500 with the request id, and
 * is logged in full so that it can be found and turned into a proper answer.
 */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        Response answer = answer(e.status(), e.title(), e.getMessage(), e.violations(), e.blockers(), e.missing(), uri);
        if (e.retryAfterSeconds() == null) {
            return answer;
        }
        return Response.fromResponse(answer)
                .header("Retry-After", e.retryAfterSeconds())
                .build();
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e, UriInfo uri) {
        InvalidInput invalid = InvalidInput.of(e.getConstraintViolations());
        return answer(400, "Invalid request", invalid.getMessage(), invalid.violations(), uri);
    }

    // Quarkus ships mappers of its own for the Jackson subtypes; ours name them so that they win.
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e, UriInfo uri) {
        return unreadable(e, uri);
    }

    @ServerExceptionMapper
    public Response badFormat(InvalidFormatException e, UriInfo uri) {
        return unreadable(e, uri);
    }

    @ServerExceptionMapper
    public Response unparseable(JsonParseException e, UriInfo uri) {
        return unreadable(e, uri);
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e, UriInfo uri) {
        if (e instanceof JsonParseException) {
            return answer(400, "Malformed JSON", "The request body is not valid JSON", null, uri);
        }
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = pathOf(mapping);
            String message = e instanceof UnrecognizedPropertyException
                    ? "is not a known field"
                    : e instanceof InvalidTypeIdException
                            ? "has an unknown type"
                            : e instanceof MismatchedInputException mismatch
                                    ? expected(mismatch.getTargetType())
                                    : "has the wrong type or format";
            List<Problem.Violation> violations = List.of(new Problem.Violation(field, message));
            return answer(400, "Invalid request", field + ": " + message, violations, uri);
        }
        return answer(400, "Malformed JSON", "The request body does not have the expected shape", null, uri);
    }

    /** What a field of this type must look like, in a nurse's words rather than Jackson's. */
    static String expected(Class<?> type) {
        if (type == null) {
            return "has the wrong type or format";
        }
        if (type.isEnum()) {
            return "must be one of " + Arrays.toString(type.getEnumConstants());
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return "must be an ISO-8601 time with offset, e.g. 2026-11-26T10:00:00Z";
        }
        if (type == Integer.class || type == int.class || type == Short.class || type == Long.class) {
            return "must be a whole number";
        }
        if (Number.class.isAssignableFrom(type)) {
            return "must be a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "must be true or false";
        }
        if (type == String.class) {
            return "must be a string";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "must be a list";
        }
        return "must be an object";
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            Log.errorf(e, "Server error answering %s", uri.getPath());
            return answer(status, "Internal error", "The server could not answer; quote the request id", null, uri);
        }
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadable(json, uri);
        }
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String title = type == null ? "Client error" : type.getReasonPhrase();
        String detail = switch (status) {
            case 404 -> "No resource at " + uri.getPath();
            case 405 -> "This method is not allowed on " + uri.getPath();
            case 406 -> "This resource answers application/json only";
            case 415 -> "Send the body as application/json";
            case 413 -> "The request body is too large";
            default -> title;
        };
        return answer(status, title, detail, null, uri);
    }

    @ServerExceptionMapper({
        UnauthorizedException.class,
        AuthenticationFailedException.class,
        AuthenticationCompletionException.class
    })
    public Response unauthenticated(Exception e, UriInfo uri) {
        return Response.fromResponse(answer(
                        401, "Unauthorized", "A valid bearer token is required (Authorization: Bearer ...)", null, uri))
                .header("WWW-Authenticate", "Bearer")
                .build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return answer(403, "Forbidden", "Your role does not allow this", null, uri);
    }

    @ServerExceptionMapper
    public Response concurrentChange(OptimisticLockException e, UriInfo uri) {
        return answer(
                409,
                "Concurrent change",
                "The record was changed by another request; read it again and retry",
                null,
                uri);
    }

    /** A database constraint caught what validation did not: a duplicate is 409, anything else 400. */
    @ServerExceptionMapper
    public Response constraint(org.hibernate.exception.ConstraintViolationException e, UriInfo uri) {
        SQLException sql = e.getSQLException();
        if (sql != null && "23505".equals(sql.getSQLState())) {
            return answer(409, "Duplicate", "A record with these values already exists", null, uri);
        }
        Log.warnf("Database constraint %s refused a write to %s", e.getConstraintName(), uri.getPath());
        return answer(400, "Invalid request", "The values break the rule " + e.getConstraintName(), null, uri);
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e, UriInfo uri) {
        // A write sent at commit (PlainSql.atCommit) that breaks a constraint fails the commit.
        for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof org.hibernate.exception.ConstraintViolationException violation) {
                return constraint(violation, uri);
            }
        }
        if (databaseUnavailable(e)) {
            Log.warnf("Database unavailable answering %s: %s", uri == null ? "?" : uri.getPath(), e.getMessage());
            return Response.fromResponse(answer(
                            503, "Service unavailable", "The database cannot be reached; retry shortly", null, uri))
                    .header("Retry-After", RETRY_AFTER_SECONDS)
                    .build();
        }
        Log.errorf(e, "Unexpected failure answering %s", uri == null ? "?" : uri.getPath());
        return answer(500, "Internal error", "The server could not answer; quote the request id", null, uri);
    }

    /** What a client should wait before retrying while the database is away. */
    static final int RETRY_AFTER_SECONDS = 5;

    /**
     * Whether a failure means the database could not be reached: a connection exception (SQL state
     * class 08), PostgreSQL shutting down or starting up (57P01-57P03), or no pooled connection in
     * time. Such a failure is the server's, temporary, and the client's request was fine: 503.
     */
    static boolean databaseUnavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql
                    && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
            if (t instanceof SQLException
                    && t.getMessage() != null
                    && t.getMessage().contains("Acquisition timeout")) {
                return true;
            }
        }
        return false;
    }

    static Response answer(int status, String title, String detail, List<Problem.Violation> violations, UriInfo uri) {
        return answer(status, title, detail, violations, null, uri);
    }

    static Response answer(
            int status,
            String title,
            String detail,
            List<Problem.Violation> violations,
            List<?> blockers,
            UriInfo uri) {
        return answer(status, title, detail, violations, blockers, null, uri);
    }

    static Response answer(
            int status,
            String title,
            String detail,
            List<Problem.Violation> violations,
            List<?> blockers,
            List<String> missing,
            UriInfo uri) {
        String slug = title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        Object requestId = MDC.get(RequestLogFilter.MDC_KEY);
        Problem body = new Problem(
                "/problems/" + slug,
                title,
                status,
                detail,
                uri == null ? null : uri.getPath(),
                requestId == null ? null : requestId.toString(),
                violations,
                blockers,
                missing);
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(body).build();
    }

    /** {@code create.request.plannedDose.amount} becomes {@code plannedDose.amount}; a query parameter keeps its name. */
    static String fieldOf(Path path) {
        List<String> names = new ArrayList<>();
        String parameter = null;
        for (Path.Node node : path) {
            if (node.getKind() == ElementKind.PARAMETER) {
                parameter = node.getName();
                names.clear();
            } else if (node.getKind() == ElementKind.PROPERTY || node.getKind() == ElementKind.CONTAINER_ELEMENT) {
                String name = node.getName() == null ? "" : node.getName();
                if (node.getIndex() != null) {
                    name = name + "[" + node.getIndex() + "]";
                }
                if (!name.isEmpty() && !name.startsWith("<")) {
                    names.add(name);
                }
            }
        }
        if (names.isEmpty()) {
            return parameter == null ? path.toString() : parameter;
        }
        return String.join(".", names);
    }

    static String pathOf(JsonMappingException e) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (field.length() > 0) {
                    field.append('.');
                }
                field.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                field.append('[').append(ref.getIndex()).append(']');
            }
        }
        return field.toString();
    }
}
