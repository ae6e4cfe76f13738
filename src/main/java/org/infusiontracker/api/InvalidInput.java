package org.infusiontracker.api;

import jakarta.validation.ConstraintViolation;
import java.util.Collection;
import java.util.Comparator;
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

    /**
     * Bean Validation's findings as the API names them (the field's path in the body, without the
     * method and parameter), sorted by field: the same for a request body and for a record checked
     * by hand (a monitor's message).
     */
    public static InvalidInput of(Collection<? extends ConstraintViolation<?>> found) {
        return new InvalidInput(found.stream()
                .map(v -> new Problem.Violation(ProblemMappers.fieldOf(v.getPropertyPath()), v.getMessage()))
                .sorted(Comparator.comparing(Problem.Violation::field).thenComparing(Problem.Violation::message))
                .toList());
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
