package org.fedomics.deploy.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import org.fedomics.consent.web.StrictJson;

/** The demo's result: a table for people and summary.json for programs. */
public final class SummaryReport {
    private SummaryReport() {
    }

    public static Path write(Path out, DemoSummary summary) throws IOException {
        Path file = out.resolve("summary.json");
        Path temp = out.resolve("summary.json.tmp");
        Files.write(temp, StrictJson.write(summary));
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return file;
    }

    private static void printFairness(PrintStream out, DemoSummary.Fairness f) {
        if (f == null) {
            out.println("  fairness audit: none (a study under record-level privacy declares none: its exact counts are outside the accounting)");
            return;
        }
        out.println();
        out.printf("  %-20s %7s %9s %9s %8s %6s %6s %6s%n", "fairness audit", "records", "positives", "selected", "accuracy", "TPR",
                "FPR", "AUC");
        for (DemoSummary.Group g : f.groups()) {
            out.printf("  %-20s %7s %9s %9s %8s %6s %6s %6s%s%n", g.attribute() + " " + g.group(), g.records(), g.positives(),
                    rate(g.selectionRate()), rate(g.accuracy()), rate(g.truePositiveRate()), rate(g.falsePositiveRate()), rate(g.auc()),
                    g.note() == null ? "" : "  " + g.note());
        }
        out.printf("  gaps: demographic parity %s, equal opportunity %s, equalized odds %s (largest accepted %s)%n",
                rate(f.gaps().demographicParity()), rate(f.gaps().equalOpportunity()), rate(f.gaps().equalizedOdds()), f.maxGap());
        out.println("  fairness audit: " + (f.passed() ? "passed" : "FAILED: " + String.join("; ", f.findings())
                + " (the model is released marked as failing)"));
        out.println();
    }

    private static String rate(Double value) {
        return value == null ? "-" : String.format(java.util.Locale.ROOT, "%.3f", value);
    }

    public static void print(PrintStream out, DemoSummary s) {
        out.println();
        out.println("Task " + s.task() + ", " + s.hospitals() + " hospitals, " + s.rounds()
                + " rounds, 3-fold cross-fitting over " + s.recordsTotal() + " records");
        out.println();
        out.printf("  %-28s %8s %9s%n", "method", "AUC", "accuracy");
        out.printf("  %-28s %8.3f %9.3f%n", "federated (FedAvg)", s.federated().auc(), s.federated().accuracy());
        out.printf("  %-28s %8.3f %9.3f%n", "pooled (reference)", s.pooled().auc(), s.pooled().accuracy());
        out.printf("  %-28s %8.3f %9.3f%n", "local-only (mean)", s.localOnly().auc(), s.localOnly().accuracy());
        s.localOnly().perHospital().forEach((h, m) -> out.printf("  %-28s %8.3f %9.3f%n", "  local-only " + h, m.auc(), m.accuracy()));
        out.println();
        out.printf("  %-14s %8s %6s %21s%n", "hospital", "cohort", "used", "excluded by consent");
        s.perHospital().forEach((h, c) -> out.printf("  %-14s %8d %6d %21d%n", h, c.cohort(), c.used(), c.excludedByConsent()));
        out.printf("  %-14s %8d %6d %21d%n", "all", s.recordsTotal(), s.recordsUsed(), s.recordsExcludedByConsent());
        out.println();
        out.println("  revocation: a patient at " + s.revocation().hospital() + " revoked before round "
                + s.revocation().beforeRound() + "; used in later rounds: " + (s.revocation().usedInLaterRounds() ? "YES" : "no"));
        out.println("  secure aggregation: " + (s.secureAggregation() ? "yes (the coordinator saw only masked updates and their sum)"
                : "NO (the coordinator saw each hospital's update)"));
        out.println("  standardization: " + (s.standardization().records() == null
                ? "each hospital's own statistics (record-level DP: exact consortium statistics are outside its accounting)"
                : "consortium-wide, from the secure sum of " + s.standardization().records() + " records' statistics before round 1"));
        out.println(String.format(Locale.ROOT, "  features: %,d of %,d probe sets", s.features().trained(),
                s.features().candidates()) + (s.features().trained() < s.features().candidates()
                ? ", the most variable across the consortium (chosen from the securely summed statistics)" : ""));
        out.println("  privacy: " + (s.privacy().epsilon() == null ? "no differential privacy (run with --dp-noise for record-level DP-SGD)"
                : String.format("epsilon %.2f at delta %.0e, %s", s.privacy().epsilon(), s.privacy().delta(), s.privacy().mechanism())));
        printFairness(out, s.fairness());
        out.println("  release " + s.release().studyId() + ", model sha256 " + s.release().modelSha256()
                + ", signature " + (s.release().signatureVerified() ? "verified" : "NOT verified"));
        out.printf("  wall time %.1f s%n", s.wallSeconds());
    }
}
