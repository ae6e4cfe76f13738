package org.infusiontracker.api;

import java.util.UUID;

/** No such record in the caller's clinic: ids of other clinics look exactly like ids that do not exist. */
public class NotFound extends ProblemException {

    public NotFound(String what, UUID id) {
        this(what, id.toString());
    }

    public NotFound(String what, String key) {
        super(404, "Not found", what + " " + key + " does not exist");
    }
}
