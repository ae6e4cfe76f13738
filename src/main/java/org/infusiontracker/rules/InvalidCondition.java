package org.infusiontracker.rules;

/**
 * A rule condition that does not parse, does not type-check, or does not yield a boolean.
 *
 * <p>An {@link IllegalArgumentException} because the condition text is the caller's input: the
 * HTTP layer can map it to a 400 and show the message, which carries CEL's own diagnosis with
 * line, column and a caret under the offending spot, to the person who wrote the rule.
 */
public class InvalidCondition extends IllegalArgumentException {

    private final String expression;

    public InvalidCondition(String expression, String message) {
        super(message);
        this.expression = expression;
    }

    /** The condition text that was rejected. */
    public String expression() {
        return expression;
    }
}
