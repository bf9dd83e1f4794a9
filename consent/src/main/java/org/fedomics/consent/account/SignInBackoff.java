package org.fedomics.consent.account;

import java.time.Duration;

/**
 * How long an account waits after consecutive failed sign-ins: the first {@link #FREE_FAILURES}
 * cost nothing (typing mistakes), then the wait doubles from 30 seconds up to 15 minutes, so
 * online guessing gets about a hundred tries a day per account.
 */
public final class SignInBackoff {
    public static final int FREE_FAILURES = 4;
    static final Duration FIRST_WAIT = Duration.ofSeconds(30);
    static final Duration LONGEST_WAIT = Duration.ofMinutes(15);

    private SignInBackoff() {
    }

    /** The wait before the next attempt after {@code consecutiveFailures} failed ones. */
    public static Duration waitAfter(int consecutiveFailures) {
        if (consecutiveFailures < 0) {
            throw new IllegalArgumentException("consecutiveFailures must not be negative, was " + consecutiveFailures);
        }
        if (consecutiveFailures <= FREE_FAILURES) {
            return Duration.ZERO;
        }
        int doublings = consecutiveFailures - FREE_FAILURES - 1;
        // 30 s * 2^5 already exceeds the cap; capping the shift keeps the arithmetic far from overflow.
        Duration wait = FIRST_WAIT.multipliedBy(1L << Math.min(doublings, 5));
        return wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait;
    }
}
