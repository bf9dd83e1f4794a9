package org.fedomics.consent.portal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.fedomics.consent.api.ConsentView;
import org.fedomics.consent.api.UseView;
import org.fedomics.consent.study.NodeTask;

/**
 * The patient's access log: every use of their records and every change they made to their
 * consent, newest first, each with what the patient needs to recognise it.
 */
final class AccessLog {
    /** What an entry records. */
    enum Kind { USE, CONSENT }

    /**
     * One entry. For a use: the study, round and hospital; for a consent change: the version and
     * what changed. {@code at} is the time the service recorded it.
     */
    record Entry(Kind kind, Instant at, String study, int round, String hospital, int version, List<String> what) {
        Entry {
            what = List.copyOf(what);
        }
    }

    private AccessLog() {
    }

    /**
     * Round 0 is a study's statistics before training (the consortium's per-gene means and spreads);
     * round {@link NodeTask#AUDIT_ROUND} its fairness audit after the last round.
     */
    private static String useDescription(int round) {
        if (round == NodeTask.STATISTICS_ROUND) {
            return "Your records were counted in the summary statistics of the study (averages and spreads over all hospitals).";
        }
        if (round == NodeTask.AUDIT_ROUND) {
            return "Your records were counted in the fairness audit of the study's model (how well it works for each group of patients).";
        }
        return "Your records were used to train a model (round " + round + ").";
    }

    static List<Entry> of(List<UseView> uses, List<ConsentView> history, ConsentChanges changes) {
        List<Entry> entries = new ArrayList<>();
        for (UseView use : uses) {
            entries.add(new Entry(Kind.USE, Instant.parse(use.at()), use.studyId(), use.round(), use.hospital(), 0,
                    List.of(useDescription(use.round()))));
        }
        ConsentView before = null;
        for (ConsentView version : history) {
            entries.add(new Entry(Kind.CONSENT, Instant.parse(version.recordedAt()), null, 0, null, version.version(),
                    changes.between(before == null ? null : before.choice(), version.choice())));
            before = version;
        }
        // Newest first; of entries recorded at the same instant, uses are listed first.
        entries.sort(Comparator.comparing(Entry::at).thenComparing(e -> e.kind() == Kind.USE ? 1 : 0).reversed());
        return List.copyOf(entries);
    }
}
