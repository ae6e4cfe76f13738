package org.infusiontracker.api;

/**
 * Entity tags for versioned records: the tag is the version in quotes ({@code "3"}), and an
 * {@code If-Match} header must name the current one (or be {@code *}).
 */
public final class Versions {

    private Versions() {}

    public static String etag(long version) {
        return "\"" + version + "\"";
    }

    /**
     * Refuses with 412 unless {@code ifMatch} is absent, {@code *}, or lists the current version's
     * tag. The comparison is strong (RFC 9110, 13.1.1): a weak tag ({@code W/"3"}) never matches,
     * since it does not promise the same representation.
     */
    public static void checkIfMatch(String ifMatch, long current) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return;
        }
        String wanted = etag(current);
        for (String tag : ifMatch.split(",")) {
            String t = tag.strip();
            if (t.equals("*") || t.equals(wanted)) {
                return;
            }
        }
        throw new PreconditionFailed("If-Match " + ifMatch.strip() + " does not match the current version " + wanted
                + " (a weak tag never matches); read the record again");
    }
}
