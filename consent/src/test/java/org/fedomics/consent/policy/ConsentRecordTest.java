package org.fedomics.consent.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.fedomics.consent.policy.Fixtures.CANCER;
import static org.fedomics.consent.policy.Fixtures.VALID_FROM;
import static org.fedomics.consent.policy.Fixtures.consent;
import static org.fedomics.consent.policy.Fixtures.study;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConsentRecordTest {

    static Stream<Arguments> invalidConsents() {
        return Stream.of(
                Arguments.of("pseudonym", (Supplier<?>) () -> consent(DuoPermission.GRU).pseudonym(" ").build()),
                Arguments.of("version", (Supplier<?>) () -> consent(DuoPermission.GRU).version(0).build()),
                Arguments.of("diseaseIds must name", (Supplier<?>) () -> consent(DuoPermission.DS).build()),
                Arguments.of("diseaseIds must be empty", (Supplier<?>) () -> consent(DuoPermission.HMB, CANCER).build()),
                Arguments.of("diseaseIds must hold CURIEs", (Supplier<?>) () -> consent(DuoPermission.DS, "leukemia").build()),
                Arguments.of("permittedStudies and deniedStudies", (Supplier<?>) () -> consent(DuoPermission.GRU).permits("s").denies("s").build()),
                Arguments.of("validUntil", (Supplier<?>) () -> consent(DuoPermission.GRU).validUntil(VALID_FROM).build()),
                Arguments.of("value for TS", (Supplier<?>) () -> consent(DuoPermission.GRU).with(DuoModifier.TS).build()),
                Arguments.of("TS must be a positive", (Supplier<?>) () -> consent(DuoPermission.GRU).with(DuoModifier.TS, "six").build()),
                Arguments.of("TS must be a positive", (Supplier<?>) () -> consent(DuoPermission.GRU).with(DuoModifier.TS, "0").build()),
                Arguments.of("value for IS", (Supplier<?>) () -> consent(DuoPermission.GRU).with(DuoModifier.IS).build()),
                Arguments.of("IRB takes no parameter", (Supplier<?>) () -> consent(DuoPermission.GRU).with(DuoModifier.IRB, "x").build()),
                Arguments.of("not in modifiers", (Supplier<?>) () -> {
                    Fixtures.ConsentBuilder b = consent(DuoPermission.GRU);
                    b.parameters.put(DuoModifier.PS, "p");
                    return b.build();
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidConsents")
    void create_withInvalidField_failsNamingIt(String expectedMessage, Supplier<?> creation) {
        assertThatThrownBy(creation::get).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(expectedMessage);
    }

    @Test
    void create_copiesSetsImmutably() {
        Set<String> studies = new HashSet<>(Set.of("s1"));
        Fixtures.ConsentBuilder builder = consent(DuoPermission.GRU);
        builder.permitted = studies;
        ConsentRecord record = builder.build();

        studies.add("s2");

        assertThat(record.permittedStudies()).containsExactly("s1");
        assertThatThrownBy(() -> record.permittedStudies().add("s3")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> record.modifiers().add(DuoModifier.IRB)).isInstanceOf(UnsupportedOperationException.class);
    }

    static Stream<Arguments> invalidStudies() {
        return Stream.of(
                Arguments.of("purpose NRES", (Supplier<?>) () -> study(DuoPermission.NRES).build()),
                Arguments.of("diseaseIds must name", (Supplier<?>) () -> study(DuoPermission.DS).build()),
                Arguments.of("diseaseIds must be empty", (Supplier<?>) () -> study(DuoPermission.GRU, CANCER).build()),
                Arguments.of("studyId", (Supplier<?>) () -> study(DuoPermission.GRU).id("").build()),
                Arguments.of("institution", (Supplier<?>) () -> study(DuoPermission.GRU).institution(null).build()),
                Arguments.of("projectId", (Supplier<?>) () -> study(DuoPermission.GRU).project(" ").build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidStudies")
    void createStudy_withInvalidField_failsNamingIt(String expectedMessage, Supplier<?> creation) {
        assertThatThrownBy(creation::get).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(expectedMessage);
    }

    @Test
    void fromCode_roundTripsEveryPermissionAndModifier() {
        for (DuoPermission p : DuoPermission.values()) {
            assertThat(DuoPermission.fromCode(p.code())).isEqualTo(p);
        }
        for (DuoModifier m : DuoModifier.values()) {
            assertThat(DuoModifier.fromCode(m.code())).isEqualTo(m);
        }
        assertThat(DuoPermission.GRU.code()).isEqualTo("DUO:0000042");
        assertThat(DuoModifier.NPOA.code()).isEqualTo("DUO:0000044");
    }

    @Test
    void fromCode_unknown_namesTheCode() {
        assertThatThrownBy(() -> DuoPermission.fromCode("DUO:0000999")).hasMessageContaining("DUO:0000999");
        assertThatThrownBy(() -> DuoModifier.fromCode("DUO:0000004")).hasMessageContaining("DUO:0000004");
    }

    @Test
    void decision_withoutReasons_isRejected() {
        assertThatThrownBy(() -> new ConsentDecision("P-1", Verdict.PERMIT, java.util.List.of()))
                .hasMessageContaining("reasons");
    }
}
