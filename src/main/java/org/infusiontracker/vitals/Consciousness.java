package org.infusiontracker.vitals;

/** ACVPU: alert, new confusion, responds to voice, responds to pain, unresponsive (NEWS2). */
public enum Consciousness {
    ALERT,
    CONFUSION,
    VOICE,
    PAIN,
    UNRESPONSIVE
}
