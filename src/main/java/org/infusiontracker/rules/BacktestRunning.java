package org.infusiontracker.rules;

import java.util.Map;
import org.infusiontracker.api.ProblemException;

/**
 * Another backtest of the clinic is running (on this instance or another): 429, with a
 * {@code Retry-After} of the backtest budget, by when the running one has answered.
 */
public class BacktestRunning extends ProblemException {

    private final long retryAfterSeconds;

    BacktestRunning(long retryAfterSeconds) {
        super(429, "Backtest running", "Another backtest of this clinic is running; retry when it has answered");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    @Override
    public Map<String, String> headers() {
        return Map.of("Retry-After", Long.toString(retryAfterSeconds));
    }
}
