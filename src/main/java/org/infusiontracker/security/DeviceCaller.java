package org.infusiontracker.security;

import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Supplier;

/**
 * Lets a caller without a token, a bedside monitor's message received over MLLP, act in a clinic as
 * the device itself ({@code monitor:<device id>}): the services, the audit trail and the stream take
 * the clinic and the actor from {@link ClinicContext} as for an HTTP request.
 *
 * <p>It activates a request context of its own for the work and refuses to run inside an active one.
 * Every HTTP request runs in an active request context, so no HTTP request can reach it: a resource
 * that called it would fail, never act as a device. The clinic is the one the device is mapped in;
 * the device holds no role, so no role-guarded operation is open to it.
 */
@ApplicationScoped
public class DeviceCaller {

    /** What the audit trail shows as the roles of a device. */
    public static final String ROLE = "monitor";

    /** How a device is named as an actor and as the source of a reading. */
    public static final String PREFIX = "monitor:";

    private final ClinicContext clinic;

    DeviceCaller(ClinicContext clinic) {
        this.clinic = clinic;
    }

    /** Runs {@code work} acting as {@code monitor:<deviceId>} in {@code clinicId}, in a request context of its own. */
    public <T> T actAs(String clinicId, String deviceId, Supplier<T> work) {
        if (clinicId == null || !VerifiedTokens.CLINIC_ID.matcher(clinicId).matches()) {
            throw new IllegalArgumentException("Not a clinic id: " + clinicId);
        }
        ManagedContext requests = Arc.container().requestContext();
        if (requests.isActive()) {
            throw new IllegalStateException("A device acts only outside any request context, never in an HTTP request");
        }
        requests.activate();
        try {
            clinic.actForDevice(clinicId, PREFIX + deviceId);
            return work.get();
        } finally {
            requests.terminate();
        }
    }
}
