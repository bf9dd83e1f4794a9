package org.fedomics.consent.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.fedomics.consent.policy.Fixtures.ALL;
import static org.fedomics.consent.policy.Fixtures.AML;
import static org.fedomics.consent.policy.Fixtures.BREAST_CANCER;
import static org.fedomics.consent.policy.Fixtures.CANCER;
import static org.fedomics.consent.policy.Fixtures.HEMATOLOGIC_CANCER;
import static org.fedomics.consent.policy.Fixtures.LEUKEMIA;
import static org.fedomics.consent.policy.Fixtures.LUNG_CANCER;
import static org.fedomics.consent.policy.Fixtures.LYMPHOID_LEUKEMIA;
import static org.fedomics.consent.policy.Fixtures.NOW;
import static org.fedomics.consent.policy.Fixtures.UNKNOWN_DISEASE;
import static org.fedomics.consent.policy.Fixtures.VALID_FROM;
import static org.fedomics.consent.policy.Fixtures.consent;
import static org.fedomics.consent.policy.Fixtures.study;
import static org.fedomics.consent.policy.Verdict.ABSTAIN;
import static org.fedomics.consent.policy.Verdict.DENY;
import static org.fedomics.consent.policy.Verdict.PERMIT;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class ConsentPolicyTest {
    private final ConsentPolicy policy = new ConsentPolicy(DiseaseHierarchy.bundled());

    private ConsentDecision decide(ConsentRecord consent, StudyDataUse study) {
        return policy.decide(consent, study, NOW);
    }

    // Every permission against every purpose. A DS consent is on cancer; a DS study is on ALL.
    @ParameterizedTest(name = "consent {0} x purpose {1} -> {2}")
    @CsvSource({
            "NRES, GRU, PERMIT", "NRES, HMB, PERMIT", "NRES, DS, PERMIT", "NRES, POA, PERMIT",
            "GRU,  GRU, PERMIT", "GRU,  HMB, PERMIT", "GRU,  DS, PERMIT", "GRU,  POA, PERMIT",
            "HMB,  GRU, DENY",   "HMB,  HMB, PERMIT", "HMB,  DS, PERMIT", "HMB,  POA, DENY",
            "DS,   GRU, DENY",   "DS,   HMB, DENY",   "DS,   DS, PERMIT", "DS,   POA, DENY",
            "POA,  GRU, DENY",   "POA,  HMB, DENY",   "POA,  DS, DENY",   "POA,  POA, PERMIT",
    })
    void decide_permissionAgainstPurpose_matchesDuosRules(DuoPermission permission, DuoPermission purpose, Verdict expected) {
        ConsentRecord consent = permission == DuoPermission.DS ? consent(permission, CANCER).build() : consent(permission).build();
        StudyDataUse study = purpose == DuoPermission.DS ? study(purpose, ALL).build() : study(purpose).build();

        ConsentDecision decision = decide(consent, study);

        assertThat(decision.verdict()).isEqualTo(expected);
        assertThat(decision.pseudonym()).isEqualTo(consent.pseudonym());
        assertThat(decision.reasons()).isNotEmpty();
    }

    @ParameterizedTest(name = "consent on {0} x study on {1} -> {2}")
    @CsvSource({
            // a consent on an ancestor covers the descendant, at any depth
            "MONDO:0004992, MONDO:0004967, PERMIT",   // cancer covers acute lymphoblastic leukemia
            "MONDO:0005059, MONDO:0004967, PERMIT",   // leukemia covers ALL
            "MONDO:0005059, MONDO:0005059, PERMIT",   // same term
            "MONDO:0002334, MONDO:0018874, PERMIT",   // hematologic cancer covers AML
            // never the reverse, never a sibling
            "MONDO:0004967, MONDO:0004992, DENY",     // ALL does not cover cancer
            "MONDO:0004967, MONDO:0005059, DENY",     // ALL does not cover leukemia
            "MONDO:0007254, MONDO:0005059, DENY",     // breast cancer does not cover leukemia
            "MONDO:0004948, MONDO:0018874, DENY",     // lymphoid leukemia does not cover AML
            "MONDO:0007254, MONDO:0008903, DENY",     // breast cancer does not cover lung cancer
    })
    void decide_diseaseSpecific_followsHierarchyDownwardsOnly(String consented, String studied, Verdict expected) {
        ConsentDecision decision = decide(consent(DuoPermission.DS, consented).build(), study(DuoPermission.DS, studied).build());

        assertThat(decision.verdict()).isEqualTo(expected);
    }

    @Test
    void decide_studyWithSeveralDiseases_needsEveryOneCovered() {
        ConsentRecord leukemiaOnly = consent(DuoPermission.DS, LEUKEMIA).build();

        assertThat(decide(leukemiaOnly, study(DuoPermission.DS, ALL, AML).build()).verdict()).isEqualTo(PERMIT);
        ConsentDecision mixed = decide(leukemiaOnly, study(DuoPermission.DS, ALL, BREAST_CANCER).build());
        assertThat(mixed.verdict()).isEqualTo(DENY);
        assertThat(mixed.reasons()).containsExactly(
                "You allowed research only on leukemia; this study is about breast cancer, which is not a kind of leukemia.");
    }

    @Test
    void decide_consentOnSeveralDiseases_anyOneMayCover() {
        ConsentRecord two = consent(DuoPermission.DS, BREAST_CANCER, LEUKEMIA).build();

        assertThat(decide(two, study(DuoPermission.DS, ALL, BREAST_CANCER).build()).verdict()).isEqualTo(PERMIT);
        assertThat(decide(two, study(DuoPermission.DS, LUNG_CANCER).build()).verdict()).isEqualTo(DENY);
    }

    @Test
    void decide_diseaseMatch_explainsInPlainWords() {
        ConsentDecision decision = decide(consent(DuoPermission.DS, LEUKEMIA).build(), study(DuoPermission.DS, ALL).build());

        assertThat(decision.reasons()).containsExactly(
                "You allowed research on leukemia; this study is about acute lymphoblastic leukemia, a kind of leukemia.");
    }

    static Stream<Arguments> modifierCases() {
        UnaryOperator<Fixtures.StudyBuilder> plain = s -> s;
        return Stream.of(
                // modifier, parameter, how the study differs from the default, expected verdict
                Arguments.of(DuoModifier.NPUNCU, null, plain, PERMIT),
                Arguments.of(DuoModifier.NPUNCU, null, (UnaryOperator<Fixtures.StudyBuilder>) Fixtures.StudyBuilder::commercial, DENY),
                Arguments.of(DuoModifier.NPU, null, plain, PERMIT),
                Arguments.of(DuoModifier.NPU, null, (UnaryOperator<Fixtures.StudyBuilder>) Fixtures.StudyBuilder::commercial, DENY),
                Arguments.of(DuoModifier.NCU, null, plain, PERMIT),
                Arguments.of(DuoModifier.NCU, null, (UnaryOperator<Fixtures.StudyBuilder>) Fixtures.StudyBuilder::commercial, DENY),
                Arguments.of(DuoModifier.IRB, null, plain, PERMIT),
                Arguments.of(DuoModifier.IRB, null, (UnaryOperator<Fixtures.StudyBuilder>) Fixtures.StudyBuilder::withoutEthicsApproval, DENY),
                Arguments.of(DuoModifier.NMDS, null, plain, PERMIT),
                Arguments.of(DuoModifier.NMDS, null, (UnaryOperator<Fixtures.StudyBuilder>) Fixtures.StudyBuilder::methodsDevelopment, DENY),
                Arguments.of(DuoModifier.NPOA, null, plain, PERMIT),
                Arguments.of(DuoModifier.NPOA, null, (UnaryOperator<Fixtures.StudyBuilder>) s -> { s.purpose = DuoPermission.POA; return s; }, DENY),
                // valid from 2026-01-01, now 2026-06-15
                Arguments.of(DuoModifier.TS, "6", plain, PERMIT),
                Arguments.of(DuoModifier.TS, "5", plain, DENY),
                Arguments.of(DuoModifier.IS, "Hospital A", plain, PERMIT),
                Arguments.of(DuoModifier.IS, "hospital a ", plain, PERMIT),
                Arguments.of(DuoModifier.IS, "Hospital B", plain, DENY),
                Arguments.of(DuoModifier.PS, "project-1", plain, PERMIT),
                Arguments.of(DuoModifier.PS, "project-2", plain, DENY),
                Arguments.of(DuoModifier.PS, "project-1", (UnaryOperator<Fixtures.StudyBuilder>) s -> s.project(null), DENY),
                Arguments.of(DuoModifier.US, "Dr. Ada Example", plain, ABSTAIN),
                Arguments.of(DuoModifier.MOR, "2027-01-31", plain, PERMIT),
                Arguments.of(DuoModifier.MOR, "2027-01-31T00:00:00Z", plain, PERMIT),
                Arguments.of(DuoModifier.MOR, "after the trial", plain, ABSTAIN),
                Arguments.of(DuoModifier.MOR, null, plain, ABSTAIN),
                Arguments.of(DuoModifier.GSO, null, plain, ABSTAIN),
                Arguments.of(DuoModifier.PUB, null, plain, ABSTAIN),
                Arguments.of(DuoModifier.COL, null, plain, ABSTAIN),
                Arguments.of(DuoModifier.GS, null, plain, ABSTAIN),
                Arguments.of(DuoModifier.RTN, null, plain, ABSTAIN),
                Arguments.of(DuoModifier.CC, null, plain, ABSTAIN));
    }

    @ParameterizedTest(name = "{0}({1}) -> {3}")
    @MethodSource("modifierCases")
    void decide_withModifier_judgesOrAbstains(DuoModifier modifier, String parameter,
                                              UnaryOperator<Fixtures.StudyBuilder> studyChange, Verdict expected) {
        ConsentRecord consent = consent(DuoPermission.GRU).with(modifier, parameter).build();
        StudyDataUse study = studyChange.apply(study(DuoPermission.HMB)).build();

        ConsentDecision decision = decide(consent, study);

        assertThat(decision.verdict()).isEqualTo(expected);
        assertThat(decision.reasons()).isNotEmpty();
    }

    @Test
    void modifierCases_coverEveryModifier() {
        Set<DuoModifier> covered = EnumSet.noneOf(DuoModifier.class);
        modifierCases().forEach(a -> covered.add((DuoModifier) a.get()[0]));

        assertThat(covered).containsExactlyInAnyOrder(DuoModifier.values());
    }

    @Test
    void decide_denyAndAbstainTogether_denies() {
        ConsentRecord consent = consent(DuoPermission.GRU).with(DuoModifier.IRB).with(DuoModifier.GS).build();

        ConsentDecision decision = decide(consent, study(DuoPermission.HMB).withoutEthicsApproval().build());

        assertThat(decision.verdict()).isEqualTo(DENY);
        assertThat(decision.reasons()).containsExactly("You asked for approval by an ethics committee; this study does not have it.");
    }

    @Test
    void decide_permitAndAbstainTogether_abstains() {
        ConsentRecord consent = consent(DuoPermission.GRU).with(DuoModifier.IRB).with(DuoModifier.GS).build();

        ConsentDecision decision = decide(consent, study(DuoPermission.HMB).build());

        assertThat(decision.verdict()).isEqualTo(ABSTAIN);
        assertThat(decision.permitted()).isFalse();
    }

    @Test
    void decide_explicitStudyPermit_overridesPurposeMismatch() {
        ConsentRecord consent = consent(DuoPermission.DS, BREAST_CANCER).permits("study-1").build();

        ConsentDecision decision = decide(consent, study(DuoPermission.DS, LEUKEMIA).id("study-1").build());

        assertThat(decision.verdict()).isEqualTo(PERMIT);
        assertThat(decision.reasons()).containsExactly("You said yes to study study-1.");
    }

    @Test
    void decide_explicitStudyPermit_appliesOnlyToThatStudy() {
        ConsentRecord consent = consent(DuoPermission.DS, BREAST_CANCER).permits("study-1").build();

        assertThat(decide(consent, study(DuoPermission.DS, LEUKEMIA).id("study-2").build()).verdict()).isEqualTo(DENY);
    }

    @Test
    void decide_explicitStudyPermit_stillHonoursModifiers() {
        ConsentRecord consent = consent(DuoPermission.HMB).with(DuoModifier.NCU).permits("study-1").build();

        assertThat(decide(consent, study(DuoPermission.GRU).id("study-1").commercial().build()).verdict()).isEqualTo(DENY);
    }

    @Test
    void decide_explicitStudyDeny_beatsBroadPermission() {
        ConsentRecord consent = consent(DuoPermission.NRES).denies("study-1").build();

        ConsentDecision decision = decide(consent, study(DuoPermission.HMB).id("study-1").build());

        assertThat(decision.verdict()).isEqualTo(DENY);
        assertThat(decision.reasons()).containsExactly("You said no to study study-1.");
    }

    @ParameterizedTest(name = "valid {0} .. {1} at {2} -> {3}")
    @CsvSource({
            "2026-01-01T00:00:00Z, ,                     2026-06-15T12:00:00Z, PERMIT",
            "2026-07-01T00:00:00Z, ,                     2026-06-15T12:00:00Z, DENY",    // not yet valid
            "2026-01-01T00:00:00Z, 2026-06-01T00:00:00Z, 2026-06-15T12:00:00Z, DENY",    // expired
            "2026-01-01T00:00:00Z, 2026-06-15T12:00:00Z, 2026-06-15T12:00:00Z, DENY",    // end is exclusive
            "2026-01-01T00:00:00Z, 2026-06-15T12:00:01Z, 2026-06-15T12:00:00Z, PERMIT",
            "2026-06-15T12:00:00Z, ,                     2026-06-15T12:00:00Z, PERMIT",  // start is inclusive
    })
    void decide_validityWindow_isEnforced(Instant from, Instant until, Instant now, Verdict expected) {
        ConsentRecord consent = consent(DuoPermission.GRU).validFrom(from).validUntil(until).build();

        assertThat(policy.decide(consent, study(DuoPermission.HMB).build(), now).verdict()).isEqualTo(expected);
    }

    @Test
    void decide_expiredConsent_isNotRescuedByStudyPermit() {
        ConsentRecord consent = consent(DuoPermission.GRU).validUntil(NOW.minus(Duration.ofDays(1))).permits("study-1").build();

        ConsentDecision decision = decide(consent, study(DuoPermission.HMB).id("study-1").build());

        assertThat(decision.verdict()).isEqualTo(DENY);
        assertThat(decision.reasons()).containsExactly("Your consent ended on 2026-06-14.");
    }

    @Test
    void decide_notYetValid_explainsWhen() {
        ConsentRecord consent = consent(DuoPermission.GRU).validFrom(Instant.parse("2026-07-01T00:00:00Z")).build();

        assertThat(decide(consent, study(DuoPermission.HMB).build()).reasons())
                .containsExactly("Your consent starts on 2026-07-01; your records cannot be used before then.");
    }

    @Test
    void decide_optedOut_beatsStudyPermitAndNoRestriction() {
        ConsentRecord consent = consent(DuoPermission.NRES).permits("study-1").optedOut().build();

        ConsentDecision decision = decide(consent, study(DuoPermission.HMB).id("study-1").build());

        assertThat(decision.verdict()).isEqualTo(DENY);
        assertThat(decision.reasons()).containsExactly("You opted out of research use of your records, so no study may use them.");
    }

    @Test
    void decide_noConsentOnFile_denies() {
        ConsentDecision decision = policy.decide(null, study(DuoPermission.GRU).build(), NOW);

        assertThat(decision.verdict()).isEqualTo(DENY);
        assertThat(decision.pseudonym()).isNull();
    }

    @Test
    void decide_noConsentOnFileForNamedPatient_deniesAndNamesThem() {
        ConsentDecision decision = policy.decide("P-ABC", Optional.empty(), study(DuoPermission.GRU).build(), NOW);

        assertThat(decision.verdict()).isEqualTo(DENY);
        assertThat(decision.pseudonym()).isEqualTo("P-ABC");
    }

    @Test
    void decide_pseudonymNotMatchingConsent_isRejected() {
        Optional<ConsentRecord> consent = Optional.of(consent(DuoPermission.GRU).build());

        assertThatThrownBy(() -> policy.decide("P-OTHER", consent, study(DuoPermission.GRU).build(), NOW))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pseudonym");
    }

    @ParameterizedTest(name = "consent on {0} x study on {1} -> {2}")
    @CsvSource({
            "MONDO:0004992, MONDO:9999999, ABSTAIN",  // study disease unknown
            "MONDO:9999999, MONDO:0005059, ABSTAIN",  // consent disease unknown, might cover
            "MONDO:9999999, MONDO:9999999, ABSTAIN",  // same unknown code: still not a machine permit
            "MONDO:0007254, MONDO:9999999, ABSTAIN",
    })
    void decide_unknownDisease_neverPermits(String consented, String studied, Verdict expected) {
        ConsentDecision decision = decide(consent(DuoPermission.DS, consented).build(), study(DuoPermission.DS, studied).build());

        assertThat(decision.verdict()).isEqualTo(expected);
    }

    @Test
    void decide_unknownStudyDiseaseBesideUncoveredOne_denies() {
        ConsentDecision decision = decide(consent(DuoPermission.DS, BREAST_CANCER).build(),
                study(DuoPermission.DS, UNKNOWN_DISEASE, LEUKEMIA).build());

        assertThat(decision.verdict()).isEqualTo(DENY);
    }

    static Stream<Arguments> everyPermissionPurposeAndModifier() {
        List<Arguments> all = new ArrayList<>();
        for (DuoPermission permission : DuoPermission.values()) {
            for (DuoPermission purpose : DuoPermission.values()) {
                if (purpose == DuoPermission.NRES) {
                    continue;
                }
                for (DuoModifier modifier : DuoModifier.values()) {
                    all.add(Arguments.of(permission, purpose, modifier));
                }
            }
        }
        return all.stream();
    }

    // Whatever the consent says, an opted-out, expired or study-denied consent never permits.
    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("everyPermissionPurposeAndModifier")
    void decide_optOutExpiryOrStudyDeny_neverPermitsWhateverElseHolds(DuoPermission permission, DuoPermission purpose,
                                                                     DuoModifier modifier) {
        Fixtures.ConsentBuilder base = permission == DuoPermission.DS ? consent(permission, CANCER) : consent(permission);
        base.with(modifier, parameterFor(modifier)).permits("other-study");
        StudyDataUse study = purpose == DuoPermission.DS ? study(purpose, ALL).build() : study(purpose).build();
        ConsentRecord normal = base.build();
        ConsentRecord optedOut = base.optedOut().build();

        assertThat(decide(optedOut, study).verdict()).isEqualTo(DENY);
        base.optedOut = false;
        assertThat(decide(base.validUntil(NOW).build(), study).verdict()).isEqualTo(DENY);
        base.validUntil = null;
        assertThat(decide(base.denies(study.studyId()).build(), study).verdict()).isEqualTo(DENY);
        assertThat(decide(normal, study).reasons()).isNotEmpty();
    }

    private static String parameterFor(DuoModifier modifier) {
        return switch (modifier) {
            case TS -> "12";
            case MOR -> "2027-01-01";
            case US -> "Dr. Ada Example";
            case PS -> "project-1";
            case IS -> "Hospital A";
            default -> null;
        };
    }

    @Test
    void decide_hematologicCancerConsent_permitsLymphoidLeukemiaStudyWithReasonNamingAncestor() {
        ConsentDecision decision = decide(consent(DuoPermission.DS, HEMATOLOGIC_CANCER).build(),
                study(DuoPermission.DS, LYMPHOID_LEUKEMIA).build());

        assertThat(decision.reasons()).containsExactly("You allowed research on hematologic cancer; "
                + "this study is about lymphoid leukemia, a kind of hematologic cancer.");
    }

    @Test
    void decide_timeLimit_explainsEndDate() {
        ConsentRecord consent = consent(DuoPermission.GRU).with(DuoModifier.TS, "5").build();

        assertThat(decide(consent, study(DuoPermission.HMB).build()).reasons())
                .containsExactly("You allowed use for 5 months from 2026-01-01; that time ended on 2026-06-01.");
        assertThat(VALID_FROM).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void decide_studiesInTurn_eachIsDecidedOnItsOwnDiseases() {
        // The policy keeps what it worked out about the last study: a different study must not reuse it.
        ConsentRecord leukemia = consent(DuoPermission.DS, LEUKEMIA).build();
        StudyDataUse onAll = study(DuoPermission.DS, ALL).build();
        StudyDataUse onBreastCancer = study(DuoPermission.DS, BREAST_CANCER).build();
        StudyDataUse onAllAgain = study(DuoPermission.DS, ALL).build();

        List<Verdict> verdicts = Stream.of(onAll, onBreastCancer, onAll, onAllAgain, onBreastCancer)
                .map(study -> decide(leukemia, study).verdict()).toList();

        assertThat(verdicts).containsExactly(PERMIT, DENY, PERMIT, PERMIT, DENY);
        assertThat(decide(leukemia, onBreastCancer).reasons()).containsExactly(
                "You allowed research only on leukemia; this study is about breast cancer, which is not a kind of leukemia.");
    }
}
