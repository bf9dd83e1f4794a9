package org.fedomics.consent.policy;

import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Builders for consents and studies in tests: a sensible default, changed one field at a time. */
final class Fixtures {
    static final String CANCER = "MONDO:0004992";
    static final String HEMATOLOGIC_CANCER = "MONDO:0002334";
    static final String LEUKEMIA = "MONDO:0005059";
    static final String LYMPHOID_LEUKEMIA = "MONDO:0004948";
    static final String ALL = "MONDO:0004967";
    static final String AML = "MONDO:0018874";
    static final String BREAST_CANCER = "MONDO:0007254";
    static final String LUNG_CANCER = "MONDO:0008903";
    static final String UNKNOWN_DISEASE = "MONDO:9999999";

    static final Instant VALID_FROM = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");

    private Fixtures() {
    }

    static ConsentBuilder consent(DuoPermission permission, String... diseases) {
        return new ConsentBuilder(permission, Set.of(diseases));
    }

    static StudyBuilder study(DuoPermission purpose, String... diseases) {
        return new StudyBuilder(purpose, Set.of(diseases));
    }

    static final class ConsentBuilder {
        String pseudonym = "P-TESTPATIENT0001";
        int version = 1;
        DuoPermission permission;
        Set<String> diseases;
        Set<DuoModifier> modifiers = EnumSet.noneOf(DuoModifier.class);
        Map<DuoModifier, String> parameters = new EnumMap<>(DuoModifier.class);
        Set<String> permitted = new HashSet<>();
        Set<String> denied = new HashSet<>();
        Instant validFrom = VALID_FROM;
        Instant validUntil;
        boolean optedOut;

        ConsentBuilder(DuoPermission permission, Set<String> diseases) {
            this.permission = permission;
            this.diseases = diseases;
        }

        ConsentBuilder with(DuoModifier modifier) {
            modifiers.add(modifier);
            return this;
        }

        ConsentBuilder with(DuoModifier modifier, String parameter) {
            modifiers.add(modifier);
            if (parameter != null) {
                parameters.put(modifier, parameter);
            }
            return this;
        }

        ConsentBuilder permits(String studyId) {
            permitted.add(studyId);
            return this;
        }

        ConsentBuilder denies(String studyId) {
            denied.add(studyId);
            return this;
        }

        ConsentBuilder validFrom(Instant from) {
            validFrom = from;
            return this;
        }

        ConsentBuilder validUntil(Instant until) {
            validUntil = until;
            return this;
        }

        ConsentBuilder optedOut() {
            optedOut = true;
            return this;
        }

        ConsentBuilder pseudonym(String value) {
            pseudonym = value;
            return this;
        }

        ConsentBuilder version(int value) {
            version = value;
            return this;
        }

        ConsentRecord build() {
            return new ConsentRecord(pseudonym, version, permission, diseases, modifiers, parameters, permitted, denied,
                    validFrom, validUntil, optedOut, VALID_FROM);
        }
    }

    static final class StudyBuilder {
        String studyId = "study-1";
        DuoPermission purpose;
        Set<String> diseases;
        boolean commercial;
        boolean ethicsApproved = true;
        boolean methodsDevelopment;
        String institution = "Hospital A";
        String projectId = "project-1";

        StudyBuilder(DuoPermission purpose, Set<String> diseases) {
            this.purpose = purpose;
            this.diseases = diseases;
        }

        StudyBuilder id(String value) {
            studyId = value;
            return this;
        }

        StudyBuilder commercial() {
            commercial = true;
            return this;
        }

        StudyBuilder withoutEthicsApproval() {
            ethicsApproved = false;
            return this;
        }

        StudyBuilder methodsDevelopment() {
            methodsDevelopment = true;
            return this;
        }

        StudyBuilder institution(String value) {
            institution = value;
            return this;
        }

        StudyBuilder project(String value) {
            projectId = value;
            return this;
        }

        StudyDataUse build() {
            return new StudyDataUse(studyId, purpose, diseases, commercial, ethicsApproved, methodsDevelopment,
                    institution, projectId, NOW);
        }
    }
}
