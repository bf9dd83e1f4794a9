package org.fedomics.deploy.demo;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Numbered steps and a progress bar a person can follow; silent when turned off (benchmarks). */
final class Progress {
    private final PrintStream out;
    private final boolean enabled;
    private final int steps;
    private int step;

    Progress(PrintStream out, boolean enabled, int steps) {
        this.out = out;
        this.enabled = enabled;
        this.steps = steps;
    }

    void step(String what) {
        step++;
        if (enabled) {
            out.printf("[%d/%d] %s%n", step, steps, what);
        }
    }

    void note(String what) {
        if (enabled) {
            out.println("      " + what);
        }
    }

    Bar bar(String task, int max) {
        if (!enabled) {
            return new Bar(null);
        }
        return new Bar(new ProgressBarBuilder().setTaskName("      " + task).setInitialMax(max)
                .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(out))
                .continuousUpdate().build());
    }

    /** A progress bar, or nothing when progress is off. */
    static final class Bar implements AutoCloseable {
        private final ProgressBar bar;

        Bar(ProgressBar bar) {
            this.bar = bar;
        }

        void stepTo(long n) {
            if (bar != null) {
                bar.stepTo(n);
            }
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
            }
        }
    }
}
