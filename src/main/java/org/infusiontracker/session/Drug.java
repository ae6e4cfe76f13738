package org.infusiontracker.session;

/** The drug given in a session. */
public enum Drug {
    KETAMINE,
    ESKETAMINE
}
