package org.infusiontracker.rules;

public enum FlagStatus {
    OPEN,
    ACKNOWLEDGED
}
