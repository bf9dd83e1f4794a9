package org.fedomics.crypto.dp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.withinPercentage;

import org.junit.jupiter.api.Test;

class PrivacyAccountantTest {
    private static final SampledGaussian STEP = new SampledGaussian(0.01, 1.1);

    @Test
    void spent_afterAddedSteps_isTheComposedSpend() {
        PrivacyAccountant accountant = new PrivacyAccountant(STEP, 1e-5, 10);
        accountant.addSteps(400);
        accountant.addSteps(600);

        assertThat(accountant.steps()).isEqualTo(1000);
        assertThat(accountant.spent().epsilon()).isCloseTo(1.71177, withinPercentage(0.01));
        assertThat(accountant.spent().delta()).isEqualTo(1e-5);
    }

    @Test
    void spent_beforeAnyStep_isZero() {
        assertThat(new PrivacyAccountant(STEP, 1e-5, 1).spent().epsilon()).isZero();
    }

    @Test
    void wouldExceed_tellsWhetherTheNextRoundFits() {
        PrivacyAccountant accountant = new PrivacyAccountant(STEP, 1e-5, 2.0);
        accountant.addSteps(1000); // epsilon 1.71

        assertThat(accountant.wouldExceed(100)).isFalse();
        assertThat(accountant.wouldExceed(1000)).isTrue();
    }

    @Test
    void addSteps_overBudget_refusedAndNothingRecorded() {
        PrivacyAccountant accountant = new PrivacyAccountant(STEP, 1e-5, 2.0);
        accountant.addSteps(1000);

        assertThatThrownBy(() -> accountant.addSteps(1000)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("budget");
        assertThat(accountant.steps()).isEqualTo(1000);
    }

    @Test
    void maxSteps_isTheLastStepCountWithinBudget() {
        PrivacyAccountant accountant = new PrivacyAccountant(STEP, 1e-5, 2.0);

        long max = accountant.maxSteps();

        assertThat(accountant.spendAfter(max).epsilon()).isLessThanOrEqualTo(2.0);
        assertThat(accountant.spendAfter(max + 1).epsilon()).isGreaterThan(2.0);
    }

    @Test
    void maxSteps_mechanismThatNeverTouchesData_isUnbounded() {
        assertThat(new PrivacyAccountant(new SampledGaussian(0, 1), 1e-5, 1).maxSteps()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void construct_badDeltaOrBudget_refused() {
        assertThatThrownBy(() -> new PrivacyAccountant(STEP, 0, 1)).hasMessageContaining("delta");
        assertThatThrownBy(() -> new PrivacyAccountant(STEP, 1, 1)).hasMessageContaining("delta");
        assertThatThrownBy(() -> new PrivacyAccountant(STEP, 1e-5, 0)).hasMessageContaining("budget");
        assertThatThrownBy(() -> new PrivacyAccountant(STEP, 1e-5, Double.POSITIVE_INFINITY)).hasMessageContaining("budget");
        assertThatThrownBy(() -> new PrivacyAccountant(STEP, 1e-5, Double.NaN)).hasMessageContaining("budget");
    }

    @Test
    void negativeSteps_refused() {
        PrivacyAccountant accountant = new PrivacyAccountant(STEP, 1e-5, 1);

        assertThatThrownBy(() -> accountant.addSteps(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("steps");
        assertThatThrownBy(() -> accountant.wouldExceed(-1)).hasMessageContaining("steps");
        assertThatThrownBy(() -> accountant.spendAfter(-1)).hasMessageContaining("steps");
    }
}
