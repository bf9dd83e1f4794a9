package org.fedomics.consent.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The load's timetable: a climb from a tenth of the rate to the rate, then the rate held for the counted requests. */
class LoadScheduleTest {
    private static final double SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void of_countsTheClimbAtItsMeanRate_andTheRestAtTheRate() {
        LoadSchedule schedule = LoadSchedule.of(500, 30, 20);

        assertThat(schedule.warmup()).isEqualTo(8_250);
        assertThat(schedule.counted()).isEqualTo(10_000);
        assertThat(schedule.total()).isEqualTo(18_250);
        assertThat(schedule.warmupSeconds()).isCloseTo(30.0, within(1e-9));
    }

    @Test
    void dueTimes_climbFromATenthOfTheRate_toTheRate_thenHoldIt() {
        LoadSchedule schedule = LoadSchedule.of(500, 30, 20);

        assertThat(schedule.dueNanos(0)).isZero();
        // The first gaps are those of 50 per second, the climb's last ones of 500 per second.
        assertThat(gap(schedule, 1)).isCloseTo(SECOND / 50, within(SECOND / 50 * 0.01));
        assertThat(gap(schedule, schedule.warmup() - 1)).isCloseTo(SECOND / 500, within(SECOND / 500 * 0.01));
        // The climb ends at 30 s, where the counted requests start, each 2 ms after the one before.
        assertThat(schedule.dueNanos(schedule.warmup()) / SECOND).isCloseTo(30.0, within(1e-6));
        for (int i = schedule.warmup(); i < schedule.total(); i += 997) {
            assertThat(gap(schedule, i + 1)).isCloseTo(SECOND / 500, within(1.0));
        }
        assertThat(schedule.dueNanos(schedule.total() - 1) / SECOND).isCloseTo(50.0 - 1.0 / 500, within(1e-6));
    }

    @Test
    void dueTimes_neverGoBack() {
        LoadSchedule schedule = LoadSchedule.of(37, 7, 3);

        for (int i = 1; i < schedule.total(); i++) {
            assertThat(schedule.dueNanos(i)).as("request %d", i).isGreaterThan(schedule.dueNanos(i - 1));
        }
    }

    @Test
    void withoutWarmUp_everyRequestIsCounted_atTheRate() {
        LoadSchedule schedule = new LoadSchedule(100, 0, 20);

        assertThat(schedule.dueNanos(0)).isZero();
        assertThat(schedule.dueNanos(19)).isEqualTo(TimeUnit.MILLISECONDS.toNanos(190));
    }

    @Test
    void nonsense_isRefused() {
        assertThatThrownBy(() -> new LoadSchedule(0, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LoadSchedule(1, -1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LoadSchedule(1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static double gap(LoadSchedule schedule, int i) {
        return schedule.dueNanos(i) - schedule.dueNanos(i - 1);
    }
}
