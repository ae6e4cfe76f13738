package org.infusiontracker.record;

/**
 * The body of an amend request: either a correction (the new version's values, in the shape a
 * recording takes, with its reason) or a retraction ({@code enteredInError: true} and the reason
 * alone).
 *
 * @param <T> the request body that records such a record anew
 */
public interface Amendment<T> {

    Boolean enteredInError();

    String reason();

    /** The new version's values as a recording would carry them, to be checked as a recording's are. */
    T values();

    /** Whether the body carries any value field at all. */
    boolean hasValues();

    default boolean retraction() {
        return Boolean.TRUE.equals(enteredInError());
    }
}
