package org.infusiontracker.ledger;

/** Whether a container still holds stock. */
public enum ContainerStatus {
    OPEN,
    CLOSED
}
