package org.infusiontracker.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 9457 problem detail: the body of every error answer, served as
 * {@code application/problem+json}. {@code violations} names each bad field.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
        String type,
        String title,
        int status,
        String detail,
        String instance,
        String requestId,
        List<Violation> violations,
        List<?> blockers) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One bad field: its JSON path in the request ({@code systolic}, {@code plannedDose.amount}) and why. */
    public record Violation(String field, String message) {}
}
