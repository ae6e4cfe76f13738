package org.infusiontracker.monitors;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.infusiontracker.session.SessionApi;

/** The monitors resource's bodies: which chair each of the clinic's bedside monitors stands at. */
public final class MonitorApi {

    private MonitorApi() {}

    /** {@code PUT /monitors/{deviceId}}: the chair the monitor now stands at. */
    public record PutMonitor(
            @Schema(
                    description = "The chair (as sessions name it in chair), 1 to 32 characters, not blank: the "
                            + "monitor's readings go to the chair's open session")
            @NotNull
            @Size(max = 32)
            @Pattern(regexp = SessionApi.CHAIR_PATTERN, message = "must not be blank")
            String chair) {}

    @Schema(requiredProperties = {"deviceId", "chair", "createdAt", "updatedAt", "updatedBy"})
    public record MonitorView(
            @Schema(description = "The device id the monitor sends (OBX-18, else MSH-3)")
            String deviceId,

            String chair,
            Instant createdAt,
            Instant updatedAt,

            @Schema(description = "Who mapped it last (the token's sub)")
            String updatedBy) {}
}
