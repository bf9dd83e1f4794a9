package org.fedomics.crypto.dp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LogMathTest {

    /** References: log(erfc(x)) by mpmath at 30 digits. */
    @ParameterizedTest(name = "log erfc({0})")
    @CsvSource({
        "-3, 0.69313613525044681",
        "-0.5, 0.41903914777555958",
        "1e-8, -1.1283791734617103e-8",
        "0.5, -0.7350111298370844",
        "1, -1.8496055099332482",
        "2.5, -7.8068152727272644",
        "3, -10.720363041981113",
        "10, -102.87988902484489",
        "40, -1604.2615566532736",
        "1000, -1000007.4801207219",
    })
    void logErfc_matchesMultiPrecision(double x, double expected) {
        assertThat(LogMath.logErfc(x)).isCloseTo(expected, withinPercentage(1e-10));
    }

    @Test
    void logErfc_atZero_isZero_andNaNRefused() {
        assertThat(LogMath.logErfc(0)).isCloseTo(0, within(1e-17));
        assertThatThrownBy(() -> LogMath.logErfc(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void logAdd_andLogSub_matchPlainArithmetic_andSurviveHugeExponents() {
        assertThat(LogMath.logAdd(Math.log(2), Math.log(3))).isCloseTo(Math.log(5), within(1e-15));
        assertThat(LogMath.logSub(Math.log(5), Math.log(3))).isCloseTo(Math.log(2), within(1e-15));
        assertThat(LogMath.logAdd(1000, 1000)).isCloseTo(1000 + Math.log(2), within(1e-12));
        assertThat(LogMath.logAdd(Double.NEGATIVE_INFINITY, -5)).isEqualTo(-5);
        assertThat(LogMath.logSub(7, 7)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(LogMath.logSub(2000, 1)).isEqualTo(2000);
        assertThatThrownBy(() -> LogMath.logSub(1, 2)).isInstanceOf(ArithmeticException.class);
    }
}
