package org.infusiontracker.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Strict reading of clinical input: 97.5 is not silently an SpO2 of 97, "97" is not a number,
 * and null is not a boolean. A nurse's typo must come back as a 400, not be stored as something else.
 */
@Singleton
public class JsonSettings implements ObjectMapperCustomizer {

    /** Last, so that these settings win over the modules Quarkus registers (java.time among them). */
    @Override
    public int priority() {
        return MINIMUM_PRIORITY;
    }

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        mapper.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        mapper.enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        // 0.5 mg/kg is written 0.5, not 0.500 as numeric(8,3) hands it back.
        mapper.enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
        // A clinical time is ISO-8601 text with an offset, never a bare number of seconds since 1970.
        mapper.registerModule(new SimpleModule("strict-times")
                .addDeserializer(OffsetDateTime.class, new StdDeserializer<>(OffsetDateTime.class) {
                    @Override
                    public OffsetDateTime deserialize(JsonParser parser, DeserializationContext context)
                            throws IOException {
                        if (!parser.hasToken(JsonToken.VALUE_STRING)) {
                            return (OffsetDateTime) context.handleUnexpectedToken(OffsetDateTime.class, parser);
                        }
                        String text = parser.getText().strip();
                        try {
                            return OffsetDateTime.parse(text);
                        } catch (DateTimeParseException e) {
                            return (OffsetDateTime) context.handleWeirdStringValue(
                                    OffsetDateTime.class, text, "not an ISO-8601 time with offset");
                        }
                    }
                }));
        mapper.registerModule(new SimpleModule("plain-decimals")
                .addSerializer(BigDecimal.class, new StdSerializer<>(BigDecimal.class) {
                    @Override
                    public void serialize(BigDecimal value, JsonGenerator gen, SerializerProvider provider)
                            throws IOException {
                        gen.writeNumber(value.stripTrailingZeros());
                    }
                }));
        for (LogicalType type : new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
            mapper.coercionConfigFor(type).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
            mapper.coercionConfigFor(type).setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Enum).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
    }
}
