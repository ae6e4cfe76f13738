package org.infusiontracker.api;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Parses query parameters by hand, so that a bad one is a 400 naming the parameter (JAX-RS would
 * answer a conversion failure with a bare 404).
 */
public final class QueryParams {

    private QueryParams() {}

    public static UUID uuid(String value, String name) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(value.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidInput(name, "must be a UUID");
        }
    }

    public static OffsetDateTime time(String value, String name) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidInput(name, "must be an ISO-8601 time with offset, e.g. 2026-11-26T10:00:00Z");
        }
    }

    /** A whole number from {@code min} to {@code max}, {@code absent} when not given; else a 400 naming it. */
    public static int whole(String value, String name, int absent, int min, int max) {
        if (value == null || value.isBlank()) {
            return absent;
        }
        try {
            int number = Integer.parseInt(value.strip());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new InvalidInput(name, "must be a whole number from " + min + " to " + max);
    }

    /** {@code true} or {@code false}, false when absent; anything else is a 400 naming the parameter. */
    public static boolean bool(String value, String name) {
        if (value == null || value.isBlank()) {
            return false;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidInput(name, "must be true or false");
        };
    }

    /** A comma-separated list of enumeration names ({@code DOSING,OBSERVATION}); empty when absent. */
    public static <E extends Enum<E>> List<E> enums(String value, Class<E> type, String name) {
        List<E> result = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return result;
        }
        for (String part : value.split(",")) {
            try {
                result.add(Enum.valueOf(type, part.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new InvalidInput(name, "must be one of " + Arrays.toString(type.getEnumConstants()));
            }
        }
        return result;
    }
}
