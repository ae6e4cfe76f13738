package org.infusiontracker.api;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The clinic the current request acts for. Every query and every insert takes its clinic from
 * here, so that scoping by tenant lives in one place.
 */
@ApplicationScoped
public class ClinicContext {

    private final InfusionConfig config;

    ClinicContext(InfusionConfig config) {
        this.config = config;
    }

    public String clinicId() {
        return config.defaultClinic();
    }

    /** Who is acting: recorded on acknowledgements and rule edits. */
    public String actor() {
        return config.defaultActor();
    }
}
