package org.infusiontracker.rules;

/** An adverse event as the rules see it (CEL type {@code Event}). */
public record EventFacts(String type, Integer grade, Boolean serious, Double minutesAfterDosingStart) {}
