package org.infusiontracker.api;

import java.util.List;

/** Values that cannot be true together (diastolic above systolic, a time before its predecessor): 400. */
public class InvalidInput extends ProblemException {

    private final List<Problem.Violation> violations;

    public InvalidInput(List<Problem.Violation> violations) {
        super(400, "Invalid request", describe(violations));
        this.violations = List.copyOf(violations);
    }

    public InvalidInput(String field, String message) {
        this(List.of(new Problem.Violation(field, message)));
    }

    @Override
    public List<Problem.Violation> violations() {
        return violations;
    }

    static String describe(List<Problem.Violation> violations) {
        return violations.size() == 1
                ? violations.get(0).field() + ": " + violations.get(0).message()
                : violations.size() + " fields are invalid";
    }
}
