package org.infusiontracker.rules;

import com.google.common.collect.ImmutableSet;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rule variables' CEL types derived from the fact records, and fact records turned into the
 * maps that cel-java evaluates. One list of fields per record: a field added to a record is a
 * field of its CEL type and of the values bound, with nothing else to keep in step.
 *
 * <p>Java to CEL: {@code Integer}, {@code Long}, {@code Short} and {@code int} are {@code int};
 * {@code Double} and {@code BigDecimal} are {@code double}; {@code Boolean} is {@code bool};
 * {@code String} and enums are {@code string}; a {@code List} is a {@code list} of its element's
 * type, or, on a component marked {@link FactList}, of the named type; a record is its declared
 * struct ({@link RuleVariables.Variable#type()}). Any other field type is a programming error, found
 * when the engine loads.
 */
public final class FactTypes {

    private final Map<Class<?>, String> names = new LinkedHashMap<>();
    private final Map<String, Class<? extends Record>> byName = new LinkedHashMap<>();
    private final Map<Class<?>, StructType> structs = new LinkedHashMap<>();
    private final Map<Class<?>, Field[]> shapes = new LinkedHashMap<>();

    /** A record component, read through its accessor, with the CEL type derived for it. */
    private record Field(String name, Method accessor, CelType type) {}

    /** The struct types of the declared variables' records. */
    FactTypes(List<RuleVariables.Variable> variables) {
        for (RuleVariables.Variable variable : variables) {
            String known = names.putIfAbsent(variable.facts(), variable.type());
            if (known != null && !known.equals(variable.type())) {
                throw new IllegalStateException(
                        variable.facts().getSimpleName() + " is declared as both " + known + " and " + variable.type());
            }
            byName.put(variable.type(), variable.facts());
        }
        names.keySet().forEach(type -> struct(type.asSubclass(Record.class)));
    }

    /** The struct type of a declared record. */
    StructType struct(Class<? extends Record> type) {
        StructType known = structs.get(type);
        if (known != null) {
            return known;
        }
        String name = names.get(type);
        if (name == null) {
            throw new IllegalStateException(type.getName() + " is no declared fact record");
        }
        Map<String, CelType> fields = new LinkedHashMap<>();
        StructType struct = StructType.create(
                name, ImmutableSet.copyOf(componentNames(type)), field -> Optional.ofNullable(fields.get(field)));
        structs.put(type, struct);
        RecordComponent[] components = type.getRecordComponents();
        Field[] shape = new Field[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent component = components[i];
            String path = type.getSimpleName() + "." + component.getName();
            FactList elements = component.getAnnotation(FactList.class);
            CelType fieldType = elements == null
                    ? celType(component.getGenericType(), path)
                    : ListType.create(struct(declared(elements.value(), path)));
            fields.put(component.getName(), fieldType);
            shape[i] = new Field(component.getName(), component.getAccessor(), fieldType);
        }
        shapes.put(type, shape);
        return struct;
    }

    private Class<? extends Record> declared(String typeName, String path) {
        Class<? extends Record> type = byName.get(typeName);
        if (type == null) {
            throw new IllegalStateException(path + ": no variable is of type " + typeName);
        }
        return type;
    }

    private static List<String> componentNames(Class<? extends Record> type) {
        return Arrays.stream(type.getRecordComponents())
                .map(RecordComponent::getName)
                .toList();
    }

    @SuppressWarnings("unchecked")
    private CelType celType(Type type, String path) {
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
     * The record's fields by name as cel-java evaluates them: {@code int} as {@code Long},
     * {@code double} as {@code Double}, enums by name, records as maps of their own; null fields
     * left out, so that {@code has()} means present. The accessors of each record class are looked
     * up once.
     */
    Map<String, Object> celValues(Record facts) {
        Field[] fields = shapes.get(facts.getClass());
        if (fields == null) {
            throw new IllegalArgumentException(facts.getClass().getName() + " is no declared fact record");
        }
        Map<String, Object> values = new HashMap<>(fields.length * 2);
        for (Field field : fields) {
            Object value;
            try {
                value = field.accessor().invoke(facts);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("Cannot read " + field.name(), e);
            }
            if (value != null) {
                values.put(field.name(), celValue(value, field.type()));
            }
        }
        return Collections.unmodifiableMap(values);
    }

    /** One value in the form its derived CEL type evaluates. */
    private Object celValue(Object value, CelType type) {
        return switch (type.kind()) {
            case INT -> ((Number) value).longValue();
            case DOUBLE -> ((Number) value).doubleValue();
            case STRING -> value instanceof Enum<?> constant ? constant.name() : value.toString();
            case STRUCT -> celValues((Record) value);
            case LIST -> {
                CelType elements = ((ListType) type).elemType();
                List<Object> list = new ArrayList<>(((Collection<?>) value).size());
                for (Object item : (Collection<?>) value) {
                    if (item != null) {
                        list.add(celValue(item, elements));
                    }
                }
                yield Collections.unmodifiableList(list);
            }
            default -> value;
        };
    }

    /** Field by field, the last non-null value over the records (every field absent when there are none). */
    public static <R extends Record> R latest(Class<R> type, List<R> records) {
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
