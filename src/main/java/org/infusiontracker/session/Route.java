package org.infusiontracker.session;

/** How the drug is given. */
public enum Route {
    IV,
    IM,
    INTRANASAL
}
