package org.infusiontracker.rules;

/**
 * How urgently a flag needs a person: INFO to record and display, WARNING for nurse or
 * prescriber review (may block discharge), CRITICAL for immediate prescriber attention.
 * The references grade events; this mapping to alert levels is the product's (docs/rules.md).
 */
public enum Severity {
    INFO,
    WARNING,
    CRITICAL
}
