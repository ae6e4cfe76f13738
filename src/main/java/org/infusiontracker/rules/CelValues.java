package org.infusiontracker.rules;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Converts the Java values a caller naturally has (entity fields, enums, {@code BigDecimal}) into
 * the few Java types the cel-java runtime understands.
 *
 * <p>Why this exists: cel-java 0.14 only recognises {@code Long} as {@code int} and {@code Double}
 * as {@code double}. An {@code Integer}, {@code Short} or {@code BigDecimal} in a map makes every
 * comparison on it fail with "no matching overload", an enum never equals its name, and a
 * {@code null} value is worse still: {@code has()} reports it present and {@code x == null}
 * evaluates to an "unknown set" instead of a boolean. Normalising once, here, keeps those traps away
 * from rule authors.
 *
 * <p>Conversions: {@code Integer}/{@code Short}/{@code Byte}/{@code Long} and integral
 * {@code BigInteger} → {@code Long}; {@code Double}/{@code Float}/{@code BigDecimal} →
 * {@code Double}; {@code Boolean} and {@code String} unchanged; enums → their {@code name()};
 * {@code UUID} → its string; {@code Instant}/{@code OffsetDateTime}/{@code ZonedDateTime} →
 * {@code Instant} (CEL {@code timestamp}); {@code Duration} unchanged (CEL {@code duration});
 * maps → maps with string keys and {@code null} entries dropped; collections → lists
 * ({@code null} elements dropped). Anything else is a programming error and is rejected.
 */
final class CelValues {

    private CelValues() {
    }

    /** A map as CEL sees it: string keys, converted values, and no entry for a {@code null} value. */
    static Map<String, Object> map(Map<?, ?> source, String path) {
        Map<String, Object> result = new HashMap<>(Math.max(4, source.size() * 2));
        for (Map.Entry<?, ?> entry : source.entrySet()) {
            if (!(entry.getKey() instanceof String key)) {
                throw new IllegalArgumentException(path + " has a non-string key: " + entry.getKey());
            }
            if (entry.getValue() != null) {
                result.put(key, value(entry.getValue(), path + "." + key));
            }
        }
        return Collections.unmodifiableMap(result);
    }

    /** One value as CEL sees it; {@code path} names it in the error for an unsupported type. */
    static Object value(Object value, String path) {
        if (value instanceof String || value instanceof Boolean || value instanceof Long
                || value instanceof Double || value instanceof Instant || value instanceof Duration) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float || value instanceof BigDecimal) {
            return ((Number) value).doubleValue();
        }
        if (value instanceof BigInteger big) {
            return big.longValueExact();
        }
        if (value instanceof Enum<?> constant) {
            return constant.name();
        }
        if (value instanceof UUID || value instanceof CharSequence) {
            return value.toString();
        }
        if (value instanceof OffsetDateTime time) {
            return time.toInstant();
        }
        if (value instanceof ZonedDateTime time) {
            return time.toInstant();
        }
        if (value instanceof Map<?, ?> nested) {
            return map(nested, path);
        }
        if (value instanceof Collection<?> items) {
            List<Object> list = new ArrayList<>(items.size());
            for (Object item : items) {
                if (item != null) {
                    list.add(value(item, path + "[]"));
                }
            }
            return Collections.unmodifiableList(list);
        }
        throw new IllegalArgumentException(
                path + " has a type CEL rules cannot use: " + value.getClass().getName());
    }
}
