package org.infusiontracker.security;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.infusiontracker.api.Forbidden;

/**
 * Who the current request acts for, from its verified token: the clinic (claim {@code clinic}),
 * the person ({@code preferred_username}, else {@code sub}) and the roles ({@code groups}). Every
 * query and every insert takes its clinic from here ({@link ClinicScope} checks that each query
 * names one).
 */
@RequestScoped
public class ClinicContext {

    private final JsonWebToken token;
    private final SecurityIdentity identity;
    private final VerifiedTokens tokens;
    private String clinicId;
    private String actor;

    ClinicContext(JsonWebToken token, SecurityIdentity identity, VerifiedTokens tokens) {
        this.token = token;
        this.identity = identity;
        this.tokens = tokens;
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

    /** The person acting, recorded on every write and acknowledgement. */
    public String actor() {
        if (actor == null) {
            Object username = token.getClaim("preferred_username");
            actor = username != null ? username.toString() : token.getSubject();
        }
        return actor;
    }

    /** The caller's roles, comma-separated, for the audit trail. */
    public String roles() {
        return String.join(",", identity.getRoles().stream().sorted().toList());
    }

    public boolean isPhysician() {
        return identity.hasRole(Roles.PHYSICIAN);
    }
}
