package org.infusiontracker.rules;

import com.google.common.collect.ImmutableSet;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The rule variables' CEL types derived from the fact records, and fact records turned into the
 * maps that cel-java evaluates. One list of fields per record: a field added to a record is a
 * field of its CEL type and of the values bound, with nothing else to keep in step.
 *
 * <p>Java to CEL: {@code Integer}, {@code Long}, {@code Short} and {@code int} are {@code int};
 * {@code Double} and {@code BigDecimal} are {@code double}; {@code Boolean} is {@code bool};
 * {@code String} and enums are {@code string}; a {@code List} is a {@code list} of its element's
 * type; a record is a struct named after it less the word {@code Facts} ({@code ReadingFacts} is
 * {@code Reading}). Any other field type is a programming error, found when the class loads.
 */
final class FactTypes {

    private static final Map<Class<?>, StructType> STRUCTS = new ConcurrentHashMap<>();

    private FactTypes() {}

    /** The struct type of a fact record, named after it. */
    static StructType struct(Class<? extends Record> type) {
        return struct(type, type.getSimpleName().replaceFirst("Facts$", ""));
    }

    /** The struct type of a record, under the given name. */
    static StructType struct(Class<? extends Record> type, String name) {
        StructType known = STRUCTS.get(type);
        if (known != null) {
            return known;
        }
        Map<String, CelType> fields = new LinkedHashMap<>();
        for (RecordComponent component : type.getRecordComponents()) {
            fields.put(
                    component.getName(),
                    celType(component.getGenericType(), type.getSimpleName() + "." + component.getName()));
        }
        StructType struct = StructType.create(
                name, ImmutableSet.copyOf(fields.keySet()), field -> Optional.ofNullable(fields.get(field)));
        STRUCTS.put(type, struct);
        return struct;
    }

    @SuppressWarnings("unchecked")
    private static CelType celType(Type type, String path) {
        if (type instanceof ParameterizedType generic && generic.getRawType() == List.class) {
            return ListType.create(celType(generic.getActualTypeArguments()[0], path + "[]"));
        }
        if (type instanceof Class<?> cls) {
            if (cls == Integer.class
                    || cls == int.class
                    || cls == Long.class
                    || cls == long.class
                    || cls == Short.class) {
                return SimpleType.INT;
            }
            if (cls == Double.class || cls == double.class || cls == BigDecimal.class) {
                return SimpleType.DOUBLE;
            }
            if (cls == Boolean.class || cls == boolean.class) {
                return SimpleType.BOOL;
            }
            if (cls == String.class || cls.isEnum()) {
                return SimpleType.STRING;
            }
            if (cls.isRecord()) {
                return struct((Class<? extends Record>) cls);
            }
        }
        throw new IllegalStateException(path + ": no CEL type for " + type.getTypeName());
    }

    /**
     * The record's fields by name, as {@link CelValues} takes them: null fields left out, records
     * within it turned into maps the same way.
     */
    static Map<String, Object> values(Record facts) {
        RecordComponent[] components = facts.getClass().getRecordComponents();
        Map<String, Object> values = new HashMap<>(components.length * 2);
        for (RecordComponent component : components) {
            Object value = read(component, facts);
            if (value != null) {
                values.put(component.getName(), value(value));
            }
        }
        return values;
    }

    private static Object value(Object value) {
        if (value instanceof Record record) {
            return values(record);
        }
        if (value instanceof Collection<?> items && items.stream().anyMatch(item -> item instanceof Record)) {
            List<Object> list = new ArrayList<>(items.size());
            items.forEach(item -> list.add(value(item)));
            return list;
        }
        if (value instanceof BigInteger big) {
            return big.longValueExact();
        }
        return value;
    }

    /** Field by field, the last non-null value over the records (every field absent when there are none). */
    static <R extends Record> R latest(Class<R> type, List<R> records) {
        RecordComponent[] components = type.getRecordComponents();
        Object[] latest = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            for (R record : records) {
                Object value = read(components[i], record);
                if (value != null) {
                    latest[i] = value;
                }
            }
        }
        try {
            return type.getDeclaredConstructor(types).newInstance(latest);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot build " + type.getSimpleName(), e);
        }
    }

    private static Object read(RecordComponent component, Record record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("Cannot read " + component, e);
        }
    }
}
