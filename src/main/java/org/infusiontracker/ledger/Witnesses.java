package org.infusiontracker.ledger;

import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.enterprise.context.ApplicationScoped;
import org.infusiontracker.api.InvalidInput;
import org.infusiontracker.security.ClinicContext;
import org.infusiontracker.security.Roles;
import org.infusiontracker.security.VerifiedTokens;
import org.infusiontracker.security.VerifiedTokens.Person;

/**
 * The second person of a waste, count or loss: someone who signs with their own token, never a
 * typed name. The token is verified like the caller's (signature, issuer, audience, expiry) and
 * must name another person of the same clinic who is a nurse or physician.
 */
@ApplicationScoped
class Witnesses {

    static final String HEADER = "Witness-Authorization";
    private static final String BEARER = "Bearer ";

    private final VerifiedTokens tokens;

    Witnesses(VerifiedTokens tokens) {
        this.tokens = tokens;
    }

    /** The witness's subject, or null when no header was sent; 400 naming the header when it does not fit. */
    String witness(String header, ClinicContext caller) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.strip();
        if (!value.regionMatches(true, 0, BEARER, 0, BEARER.length())
                || value.substring(BEARER.length()).isBlank()) {
            throw unfit("must be 'Bearer ' and the witness's own token");
        }
        Person person;
        try {
            person = tokens.person(value.substring(BEARER.length()).strip());
        } catch (ParseException e) {
            throw unfit("is not a valid token (signature, issuer, audience or expiry)");
        }
        if (person.subject() == null
                || person.subject().isBlank()
                || person.subject().length() > 200) {
            throw unfit("names no person (claim 'sub')");
        }
        if (person.subject().equals(caller.actor())) {
            throw unfit("must be another person's token than the caller's");
        }
        if (!caller.clinicId().equals(person.clinic())) {
            throw unfit("must be a token of the caller's clinic");
        }
        if (!person.roles().contains(Roles.NURSE) && !person.roles().contains(Roles.PHYSICIAN)) {
            throw unfit("must be the token of a nurse or physician");
        }
        return person.subject();
    }

    static InvalidInput unfit(String message) {
        return new InvalidInput(HEADER, message);
    }
}
