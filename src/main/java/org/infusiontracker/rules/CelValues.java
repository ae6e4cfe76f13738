package org.infusiontracker.rules;

import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypes;
import dev.cel.common.types.ListType;
import dev.cel.common.types.StructType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Converts the Java values a caller naturally has (entity fields, enums, {@code BigDecimal}) into
 * the few Java types the cel-java runtime understands, checking them against the declared type of
 * each rule variable ({@link CelRules#TYPES}).
 *
 * <p>Why this exists: cel-java 0.14 only recognises {@code Long} as {@code int} and {@code Double}
 * as {@code double}. An {@code Integer}, {@code Short} or {@code BigDecimal} in a map makes every
 * comparison on it fail with "no matching overload", and so does a {@code Long} in a field declared
 * {@code double} (the checker picks the double overload, the runtime then finds no overload for a
 * {@code Long}). An enum never equals its name, and a {@code null} value is worse still:
 * {@code has()} reports it present. Normalising once, here, keeps those traps away from rule
 * authors.
 *
 * <p>Conversions, by declared field type: {@code int} takes {@code Long}/{@code Integer}/
 * {@code Short}/{@code Byte} and {@code BigInteger} (→ {@code Long}); {@code double} takes those
 * and {@code Double}/{@code Float}/{@code BigDecimal} (→ {@code Double}); {@code bool} takes
 * {@code Boolean}; {@code string} takes {@code String}/{@code CharSequence}, enums (their
 * {@code name()}) and {@code UUID}; {@code list(T)} takes any collection ({@code null} elements
 * dropped); a struct type takes a map with string keys ({@code null} entries dropped, so that
 * {@code has()} means "present"). A key the type does not declare, or a value of another type, is a
 * programming error and is rejected with {@link IllegalArgumentException}.
 */
final class CelValues {

    private CelValues() {}

    /**
     * A map as CEL sees a value of {@code type}: declared string keys, converted values, and no entry
     * for a {@code null} value. {@code path} names the map in error messages.
     */
    static Map<String, Object> struct(Map<?, ?> source, StructType type, String path) {
        Map<String, Object> result = new HashMap<>(Math.max(4, source.size() * 2));
        for (Map.Entry<?, ?> entry : source.entrySet()) {
            if (!(entry.getKey() instanceof String key)) {
                throw new IllegalArgumentException(path + " has a non-string key: " + entry.getKey());
            }
            CelType fieldType = type.findField(key)
                    .orElseThrow(() -> new IllegalArgumentException(path + " has a key that type " + type.name()
                            + " does not declare: '" + key + "' (declared: " + type.fieldNames() + ")"))
                    .type();
            if (entry.getValue() != null) {
                result.put(key, value(entry.getValue(), fieldType, path + "." + key));
            }
        }
        return Collections.unmodifiableMap(result);
    }

    /** One value as CEL sees a value of {@code type}; {@code path} names it in errors. */
    static Object value(Object value, CelType type, String path) {
        switch (type.kind()) {
            case INT:
                if (value instanceof Long
                        || value instanceof Integer
                        || value instanceof Short
                        || value instanceof Byte) {
                    return ((Number) value).longValue();
                }
                if (value instanceof BigInteger big) {
                    return big.longValueExact();
                }
                break;
            case DOUBLE:
                if (value instanceof Double) {
                    return value;
                }
                if (value instanceof Long
                        || value instanceof Integer
                        || value instanceof Short
                        || value instanceof Byte
                        || value instanceof Float
                        || value instanceof BigDecimal
                        || value instanceof BigInteger) {
                    return ((Number) value).doubleValue();
                }
                break;
            case BOOL:
                if (value instanceof Boolean) {
                    return value;
                }
                break;
            case STRING:
                if (value instanceof Enum<?> constant) {
                    return constant.name();
                }
                if (value instanceof CharSequence || value instanceof UUID) {
                    return value.toString();
                }
                break;
            case LIST:
                if (value instanceof Collection<?> items) {
                    CelType elementType = ((ListType) type).elemType();
                    List<Object> list = new ArrayList<>(items.size());
                    int index = 0;
                    for (Object item : items) {
                        if (item != null) {
                            list.add(value(item, elementType, path + "[" + index + "]"));
                        }
                        index++;
                    }
                    return Collections.unmodifiableList(list);
                }
                break;
            case STRUCT:
                if (value instanceof Map<?, ?> map) {
                    return struct(map, (StructType) type, path);
                }
                break;
            default:
                throw new IllegalStateException("No conversion for CEL type " + CelTypes.format(type));
        }
        throw new IllegalArgumentException(path + " must be " + CelTypes.format(type) + " but is a "
                + value.getClass().getName() + ": " + value);
    }
}
