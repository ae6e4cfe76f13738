package org.infusiontracker.security;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.json.JsonString;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.infusiontracker.api.Forbidden;

/**
 * Who the current request acts for, from its verified token: the clinic (claim {@code clinic}),
 * the person (the stable subject {@code sub}; a display name is kept beside it, never used to
 * match anyone, since {@code preferred_username} may change or be reused) and the roles
 * ({@code groups}). Every query and every insert takes its clinic from here ({@link ClinicScope}
 * checks that each query names one).
 */
@RequestScoped
public class ClinicContext {

    /** The audit trail's limit for a person's id and name. */
    private static final int MAX_NAME = 200;

    private final JsonWebToken token;
    private final SecurityIdentity identity;
    private final VerifiedTokens tokens;
    private String clinicId;
    private String actor;
    /** Set only by {@link DeviceCaller}, in a request context of its own: a device acts, not a token's person. */
    private boolean device;

    ClinicContext(JsonWebToken token, SecurityIdentity identity, VerifiedTokens tokens) {
        this.token = token;
        this.identity = identity;
        this.tokens = tokens;
    }

    /**
     * Makes this context act for a device ({@code actor}, e.g. {@code monitor:SIM-1}) in a clinic.
     * Package-private: only {@link DeviceCaller} calls it, in a request context it activated itself,
     * which no HTTP request ever shares.
     */
    void actForDevice(String clinicId, String actor) {
        if (this.clinicId != null || this.actor != null) {
            throw new IllegalStateException("The context already acts for someone");
        }
        this.clinicId = clinicId;
        this.actor = actor;
        this.device = true;
    }

    /**
     * Where a record came from, stored on readings: {@code api} for a person over HTTP, the device
     * ({@code monitor:<device id>}) for a message of a monitor.
     */
    public String source() {
        return device ? actor : "api";
    }

    public String clinicId() {
        if (clinicId == null) {
            String clinic = tokens.clinicOf(token);
            if (clinic == null || clinic.isBlank()) {
                throw new Forbidden("The token names no clinic (claim '" + VerifiedTokens.CLINIC_CLAIM + "')");
            }
            clinicId = clinic;
        }
        return clinicId;
    }

    /**
     * The person acting: the token's subject, recorded on every write and acknowledgement and
     * owning its idempotency keys. A token without a usable subject may do nothing (403).
     */
    public String actor() {
        if (actor == null) {
            String subject = token.getSubject();
            if (subject == null || subject.isBlank() || subject.length() > MAX_NAME) {
                throw new Forbidden("The token names no person (claim 'sub', 1 to " + MAX_NAME + " characters)");
            }
            actor = subject;
        }
        return actor;
    }

    /**
     * The acting person's display name for the audit trail ({@code preferred_username}, else
     * {@code name}, cut to 200 characters), or null when the token carries neither.
     */
    public String actorName() {
        if (device) {
            return actor;
        }
        for (String claim : new String[] {"preferred_username", "name"}) {
            Object value = token.getClaim(claim);
            if (value instanceof JsonString text) {
                value = text.getString();
            }
            if (value != null && !value.toString().isBlank()) {
                String name = value.toString().strip();
                return name.length() > MAX_NAME ? name.substring(0, MAX_NAME) : name;
            }
        }
        return null;
    }

    /** The caller's roles, comma-separated, for the audit trail. */
    public String roles() {
        if (device) {
            return DeviceCaller.ROLE;
        }
        return String.join(",", identity.getRoles().stream().sorted().toList());
    }

    public boolean isPhysician() {
        return !device && identity.hasRole(Roles.PHYSICIAN);
    }

    /** A nurse or physician: someone who may read patients' records, and so the clinical reasons in the trail. */
    public boolean isClinician() {
        return !device && (identity.hasRole(Roles.NURSE) || identity.hasRole(Roles.PHYSICIAN));
    }
}
