package org.fedomics.deploy.demo;

import io.vertx.core.Future;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.fedomics.consent.api.ConsentChoice;
import org.fedomics.consent.api.EnrollmentBatch;
import org.fedomics.consent.api.NewAccount;
import org.fedomics.consent.api.PatientSession;
import org.fedomics.deploy.consortium.PatientClient;

/**
 * The demo's patients and their choices, a realistic mix drawn with a fixed seed: most allow
 * research on leukemia, some only non-commercial research on it, some any health research, some
 * opt out of all secondary use, some consented to research on another disease only, and some
 * never answer (no consent on file means no use).
 */
public final class DemoConsents {
    private static final SecureRandom PASSPHRASES = new SecureRandom();
    public enum Kind {
        LEUKEMIA("leukemia research", true), LEUKEMIA_NON_COMMERCIAL("leukemia research, non-commercial only", true),
        HEALTH_RESEARCH("any health research", true), OPTED_OUT("opted out", false),
        OTHER_DISEASE("breast cancer research only", false), NO_ANSWER("never answered", false);

        private final String description;
        private final boolean permitsDemoStudy;

        Kind(String description, boolean permitsDemoStudy) {
            this.description = description;
            this.permitsDemoStudy = permitsDemoStudy;
        }

        public String description() {
            return description;
        }

        public boolean permitsDemoStudy() {
            return permitsDemoStudy;
        }
    }

    private DemoConsents() {
    }

    /** Draws each patient's kind: 65% leukemia, 10% non-commercial leukemia, 8% health, 7% opt-out, 5% other disease, 5% silent. */
    public static Map<String, Kind> draw(List<String> sampleIds, long seed) {
        Random random = new Random(seed);
        Map<String, Kind> kinds = new TreeMap<>();
        for (String sample : sampleIds.stream().sorted().toList()) {
            double u = random.nextDouble();
            kinds.put(sample, u < 0.65 ? Kind.LEUKEMIA : u < 0.75 ? Kind.LEUKEMIA_NON_COMMERCIAL : u < 0.83 ? Kind.HEALTH_RESEARCH
                    : u < 0.90 ? Kind.OPTED_OUT : u < 0.95 ? Kind.OTHER_DISEASE : Kind.NO_ANSWER);
        }
        return kinds;
    }

    public static ConsentChoice choiceFor(Kind kind) {
        return switch (kind) {
            case LEUKEMIA -> choice("DUO:0000007", List.of(DemoStudy.LEUKEMIA), List.of(), false);
            case LEUKEMIA_NON_COMMERCIAL -> choice("DUO:0000007", List.of(DemoStudy.LEUKEMIA), List.of("DUO:0000018"), false);
            case HEALTH_RESEARCH -> choice("DUO:0000006", List.of(), List.of(), false);
            case OPTED_OUT -> choice("DUO:0000042", List.of(), List.of(), true);
            case OTHER_DISEASE -> choice("DUO:0000007", List.of(DemoStudy.BREAST_CANCER), List.of(), false);
            case NO_ANSWER -> throw new IllegalArgumentException("a patient who never answers makes no choice");
        };
    }

    /** The opt-out a patient sends to revoke everything. */
    public static ConsentChoice revokeAll() {
        return choiceFor(Kind.OPTED_OUT);
    }

    private static ConsentChoice choice(String permission, List<String> diseases, List<String> modifiers, boolean optedOut) {
        return new ConsentChoice(permission, diseases, modifiers, Map.of(), List.of(), List.of(), null, optedOut);
    }

    /**
     * Each patient who answers opens their account with their code (and a random passphrase no
     * one needs again) and records their choice; returns their sessions.
     */
    public static Future<Map<String, PatientSession>> record(PatientClient browser, Map<String, EnrollmentBatch.Entry> codes,
                                                            Map<String, Kind> kinds) {
        Map<String, PatientSession> sessions = new TreeMap<>();
        List<Future<?>> done = new ArrayList<>();
        codes.forEach((sample, entry) -> {
            Kind kind = kinds.get(sample);
            if (kind != Kind.NO_ANSWER) {
                done.add(browser.redeem(entry.enrollmentCode(), randomPassphrase()).map(NewAccount::session)
                        .compose(session -> browser.choose(session, choiceFor(kind)).map(view -> {
                            synchronized (sessions) {
                                sessions.put(sample, session);
                            }
                            return view;
                        })));
            }
        });
        return Future.all(done).map(all -> sessions);
    }

    private static String randomPassphrase() {
        byte[] bytes = new byte[18];
        PASSPHRASES.nextBytes(bytes);
        return Base64.getUrlEncoder().encodeToString(bytes);
    }
}
