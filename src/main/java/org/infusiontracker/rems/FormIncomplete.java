package org.infusiontracker.rems;

import java.util.List;
import org.infusiontracker.api.ProblemException;

/** A form that the record cannot fill yet, asked to be filed (409 with what is missing). */
class FormIncomplete extends ProblemException {

    private final List<String> missing;

    FormIncomplete(List<String> missing) {
        super(409, "Form incomplete", "The record does not fill the form yet: " + String.join(", ", missing));
        this.missing = List.copyOf(missing);
    }

    @Override
    public List<String> missing() {
        return missing;
    }
}
