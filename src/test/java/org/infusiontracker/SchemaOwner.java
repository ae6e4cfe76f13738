package org.infusiontracker;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * A connection as the role that owns the schema (Flyway's, {@code quarkus.flyway.username}), for
 * what the runtime role the service runs as may not do: DDL, and changing rows of the audit trail.
 * The app's datasource is the runtime role, so a test that needs the owner's powers asks here.
 */
public final class SchemaOwner {

    private SchemaOwner() {}

    /** A new connection to the test database and schema as the owner; the caller closes it. */
    public static Connection connect() throws SQLException {
        Config config = ConfigProvider.getConfig();
        return DriverManager.getConnection(
                config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.flyway.username", String.class),
                config.getOptionalValue("quarkus.flyway.password", String.class).orElse(""));
    }
}
