package org.infusiontracker.monitors;

import org.infusiontracker.vitals.VitalsApi.RecordReading;

/**
 * An ORU^R01 of a bedside monitor, read: the device that sent it (OBX-18, else MSH-3), its control
 * id (MSH-10) and the reading its mapped observations make, as the HTTP API takes one.
 */
public record MonitorMessage(String deviceId, String controlId, RecordReading reading) {}
