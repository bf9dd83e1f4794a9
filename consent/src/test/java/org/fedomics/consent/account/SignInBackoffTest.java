package org.fedomics.consent.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SignInBackoffTest {
    @Test
    void waitAfter_growsFromNothingToThirtySecondsDoublingUpToFifteenMinutes() {
        Duration[] expected = {Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO,
            Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(4), Duration.ofMinutes(8),
            Duration.ofMinutes(15), Duration.ofMinutes(15)};

        for (int failures = 0; failures < expected.length; failures++) {
            assertThat(SignInBackoff.waitAfter(failures)).as("after %d failures", failures).isEqualTo(expected[failures]);
        }
        assertThat(SignInBackoff.waitAfter(Integer.MAX_VALUE)).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void waitAfter_negativeCount_isRejected() {
        assertThatThrownBy(() -> SignInBackoff.waitAfter(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
