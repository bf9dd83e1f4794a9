package org.fedomics.consent.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.fedomics.consent.api.ConsentChoice;
import org.fedomics.consent.policy.DiseaseHierarchy;
import org.fedomics.consent.policy.DuoModifier;
import org.fedomics.consent.policy.DuoPermission;
import org.junit.jupiter.api.Test;

class ConsentInWordsTest {
    private final ConsentInWords words = new ConsentInWords(DiseaseHierarchy.bundled());
    private final ConsentChanges changes = new ConsentChanges(words);

    @Test
    void describe_diseaseSpecificNonCommercialWithStudies_saysItInWordsWithoutCodes() {
        ConsentChoice choice = new ConsentChoice("DUO:0000007", List.of("MONDO:0005059", "MONDO:0007254"), List.of("DUO:0000046"),
                Map.of(), List.of("study-9"), List.of("study-1"), "2030-01-01T00:00:00Z", false);

        assertThat(words.describe(choice)).containsExactly(
                "Your records may be used only for research on leukemia and breast cancer, including the kinds of those diseases.",
                "They may not be used for commercial purposes.",
                "You said yes to study study-9, whatever it is about.",
                "You said no to study study-1.",
                "Your consent ends on 1 January 2030.");
    }

    @Test
    void describe_optedOut_saysSoFirst() {
        ConsentChoice choice = new ConsentChoice("DUO:0000042", null, null, null, null, null, null, true);

        assertThat(words.describe(choice).get(0)).startsWith("You opted out of all research use");
    }

    @Test
    void everyPermissionAndEveryModifier_hasASentenceWithoutItsCode() {
        for (DuoPermission permission : DuoPermission.values()) {
            List<String> diseases = permission == DuoPermission.DS ? List.of("MONDO:0004967") : List.of();
            String sentence = words.purpose(new ConsentChoice(permission.code(), diseases, null, null, null, null, null, false));
            assertThat(sentence).as(permission.name()).endsWith(".").doesNotContain("DUO:").doesNotContain("MONDO:");
        }
        for (DuoModifier modifier : DuoModifier.values()) {
            String sentence = words.condition(modifier, modifier.takesParameter() ? "12" : null);
            assertThat(sentence).as(modifier.name()).endsWith(".").doesNotContain("DUO:").doesNotContain("null");
        }
    }

    @Test
    void diseaseOutsideTheBundledList_isNamedByItsId() {
        assertThat(words.diseaseLabel("MONDO:9999999")).isEqualTo("the disease MONDO:9999999");
    }

    @Test
    void changes_betweenVersions_sayWhatChanged() {
        ConsentChoice before = new ConsentChoice("DUO:0000006", null, List.of("DUO:0000021"), null, List.of("study-2"), null, null, false);
        ConsentChoice after = new ConsentChoice("DUO:0000007", List.of("MONDO:0005059"), List.of("DUO:0000046"), null,
                null, List.of("study-1"), null, true);

        assertThat(changes.between(before, after)).containsExactly(
                "You opted out of all research use.",
                "You changed what your records may be used for. Your records may be used only for research on leukemia, "
                        + "including the kinds of that disease.",
                "You added a condition: They may not be used for commercial purposes.",
                "You removed a condition: Only studies approved by an ethics committee may use them.",
                "You said no to study study-1.",
                "You no longer give a separate answer for study study-2; your general choices decide.");
        assertThat(changes.between(after, after)).containsExactly("You saved your choices without changing them.");
        assertThat(changes.between(null, before).get(0)).isEqualTo("You gave your consent.");
    }
}
