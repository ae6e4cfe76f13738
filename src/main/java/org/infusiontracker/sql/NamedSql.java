package org.infusiontracker.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A statement written with named parameters ({@code :name}, a name used as often as needed) for
 * {@link PlainSql}, which takes positional ones: the statement with each name turned into {@code ?},
 * and the values in that order. Made once per statement (a constant), bound per use.
 */
public final class NamedSql {

    /** A name after a colon that is not part of a {@code ::} cast. */
    private static final Pattern NAME = Pattern.compile("(?<!:):([A-Za-z][A-Za-z0-9]*)");

    private final String sql;
    private final List<String> names;

    private NamedSql(String sql, List<String> names) {
        this.sql = sql;
        this.names = names;
    }

    public static NamedSql of(String withNames) {
        List<String> names = new ArrayList<>();
        Matcher m = NAME.matcher(withNames);
        StringBuilder positional = new StringBuilder();
        while (m.find()) {
            names.add(m.group(1));
            m.appendReplacement(positional, "?");
        }
        m.appendTail(positional);
        return new NamedSql(positional.toString(), List.copyOf(names));
    }

    /** The statement with positional parameters. */
    public String sql() {
        return sql;
    }

    /** The values in the statement's order; every name must be given (null is a value). */
    public Object[] values(Map<String, ?> byName) {
        Object[] values = new Object[names.size()];
        for (int i = 0; i < values.length; i++) {
            String name = names.get(i);
            if (!byName.containsKey(name)) {
                throw new IllegalArgumentException("No value for :" + name);
            }
            values[i] = byName.get(name);
        }
        return values;
    }
}
