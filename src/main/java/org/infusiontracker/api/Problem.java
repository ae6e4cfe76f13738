package org.infusiontracker.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An RFC 9457 problem detail: the body of every error answer, served as
 * {@code application/problem+json}. {@code violations} names each bad field.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(requiredProperties = {"type", "title", "status", "detail", "instance", "requestId"})
public record Problem(
        String type,
        String title,
        int status,
        String detail,
        String instance,
        String requestId,

        @Schema(description = "Each bad field of a 400, when the request's fields were checked")
        List<Violation> violations,

        @Schema(
                description = "Why the session may not leave yet (the 409 that refuses a discharge); its items "
                        + "are the Blocker schema (OpenApiDocument), which the rules engine defines",
                type = SchemaType.ARRAY)
        List<?> blockers,

        @Schema(
                description = "What the record still lacks, as dotted field names (the 409 that refuses to "
                        + "submit an incomplete REMS form)")
        List<String> missing) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public Problem(
            String type,
            String title,
            int status,
            String detail,
            String instance,
            String requestId,
            List<Violation> violations,
            List<?> blockers) {
        this(type, title, status, detail, instance, requestId, violations, blockers, null);
    }

    /** One bad field: its JSON path in the request ({@code systolic}, {@code plannedDose.amount}) and why. */
    @Schema(requiredProperties = {"field", "message"})
    public record Violation(String field, String message) {}
}
