package org.infusiontracker.sql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NamedSqlTest {

    @Test
    void namesBecomePositionalInOrderAndMayRepeat() {
        NamedSql s = NamedSql.of("select * from t where a = :a and b > :b and c = :a::text and d = '10:30'");
        assertEquals("select * from t where a = ? and b > ? and c = ?::text and d = '10:30'", s.sql());
        assertArrayEquals(new Object[] {1, 2, 1}, s.values(Map.of("a", 1, "b", 2)));
    }

    @Test
    void aNullIsAValueAndAMissingNameIsRefused() {
        NamedSql s = NamedSql.of("select :x, :y");
        Map<String, Object> values = new HashMap<>();
        values.put("x", null);
        assertThrows(IllegalArgumentException.class, () -> s.values(values));
        values.put("y", "y");
        assertArrayEquals(new Object[] {null, "y"}, s.values(values));
    }
}
