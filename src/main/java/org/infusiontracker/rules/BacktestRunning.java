package org.infusiontracker.rules;

import org.infusiontracker.api.TooManyRequests;

/**
 * Another backtest of the clinic is running (on this instance or another): 429, with a
 * {@code Retry-After} of the backtest budget, by when the running one has answered.
 */
public class BacktestRunning extends TooManyRequests {

    BacktestRunning(long retryAfterSeconds) {
        super("Backtest running", "Another backtest of this clinic is running; retry when it has answered", (int)
                Math.min(Integer.MAX_VALUE, retryAfterSeconds));
    }
}
