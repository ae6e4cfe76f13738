package org.infusiontracker.api;

import java.util.function.Supplier;

import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;

/**
 * Clinic isolation in one place: every entity carries {@code @Filter(name = ClinicFilter.NAME)},
 * and the filter is on for every Hibernate session, with the clinic of the current request. New
 * queries are scoped whether their author remembers or not; outside a request (the clock sweep)
 * the filter matches nothing unless the job switches it off on purpose.
 */
public final class ClinicFilter implements Supplier<String> {

    public static final String NAME = "clinic";
    /** For rules: the clinic's own rows and the shipped defaults of every clinic. */
    public static final String WITH_DEFAULTS = "clinicOrDefaults";
    public static final String PARAMETER = "clinicId";
    /** Matches no clinic: what the filter scopes to when no request is active. */
    static final String NO_CLINIC = "\u0000no clinic";

    @Override
    public String get() {
        ManagedContext requests = Arc.container().requestContext();
        if (!requests.isActive()) {
            return NO_CLINIC;
        }
        return Arc.container().instance(ClinicContext.class).get().clinicId();
    }
}
