package org.infusiontracker.fhir;

import ca.uhn.fhir.context.FhirContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The one R4 {@link FhirContext} of the service. Building it scans the whole R4 model (hundreds of
 * milliseconds, megabytes), so it is built once and shared: it is thread-safe, its parsers are not
 * (a parser is made per answer, which is cheap).
 */
@ApplicationScoped
class FhirContexts {

    @Produces
    @Singleton
    FhirContext r4() {
        return FhirContext.forR4();
    }
}
