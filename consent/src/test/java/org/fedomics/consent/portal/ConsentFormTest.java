package org.fedomics.consent.portal;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fedomics.consent.api.ConsentChoice;
import org.fedomics.consent.api.ConsentView;
import org.fedomics.consent.policy.DiseaseHierarchy;
import org.fedomics.consent.web.ServiceResult;
import org.junit.jupiter.api.Test;

class ConsentFormTest {
    private static final Instant NOW = Instant.parse("2026-06-01T10:00:00Z");
    private static final DiseaseHierarchy DISEASES = DiseaseHierarchy.bundled();

    @Test
    void of_currentConsent_fillsTheFormAndAsksAboutEveryKnownStudy() {
        ConsentView current = view(new ConsentChoice("DUO:0000007", List.of("MONDO:0005059"), List.of("DUO:0000018"), null,
                List.of("study-9"), List.of("study-1"), null, false));

        ConsentForm form = ConsentForm.of(Optional.of(current), List.of("study-1", "study-5"));

        assertThat(form.version()).isEqualTo(3);
        assertThat(form.purpose()).isEqualTo("DUO:0000007");
        assertThat(form.diseases()).containsExactly("MONDO:0005059");
        assertThat(form.noCommercial()).isTrue();
        assertThat(form.studies()).containsExactly(Map.entry("study-1", ConsentForm.StudyAnswer.NO),
                Map.entry("study-5", ConsentForm.StudyAnswer.GENERAL), Map.entry("study-9", ConsentForm.StudyAnswer.YES));
    }

    @Test
    void toChoice_keepsWhatTheFormDoesNotShow() {
        ConsentView current = view(new ConsentChoice("DUO:0000006", null, List.of("DUO:0000021", "DUO:0000025"),
                Map.of("DUO:0000025", "12"), null, List.of("study-1"), "2030-01-01T00:00:00Z", true));
        MultiMap submitted = MultiMap.caseInsensitiveMultiMap().add("purpose", "DUO:0000042").add("version", "3")
                .add("study:study-1", "yes").add("noCommercial", "yes");

        ServiceResult<ConsentChoice> choice = ConsentForm.parse(submitted).toChoice(Optional.of(current), DISEASES, NOW);

        assertThat(choice).isEqualTo(ServiceResult.ok(new ConsentChoice("DUO:0000042", List.of(),
                List.of("DUO:0000021", "DUO:0000025", "DUO:0000046"), Map.of("DUO:0000025", "12"), List.of("study-1"), List.of(),
                "2030-01-01T00:00:00Z", true)));
    }

    @Test
    void toChoice_endDateThatHasPassed_isNotCarriedIntoTheNewConsent() {
        ConsentView ended = view(new ConsentChoice("DUO:0000006", null, null, null, null, null, "2026-01-01T00:00:00Z", false));
        MultiMap submitted = MultiMap.caseInsensitiveMultiMap().add("purpose", "DUO:0000006").add("version", "3");

        ConsentChoice choice = ((ServiceResult.Success<ConsentChoice>) ConsentForm.parse(submitted)
                .toChoice(Optional.of(ended), DISEASES, NOW)).value();

        assertThat(choice.validUntil()).isNull();
    }

    @Test
    void toChoice_refusesInPlainWords_whatCannotBeSaved() {
        Map<String, String> problems = Map.of(
                "purpose=DUO:9999999", "Choose what your records may be used for.",
                "purpose=DUO:0000007", "Choose at least one disease, or another kind of research.",
                "purpose=DUO:0000007&disease=MONDO:9999999", "Choose diseases from the list.",
                "purpose=DUO:0000042&study:study-1=maybe", "Choose one answer for each study.",
                "purpose=DUO:0000042&newStudy=a b", "A study id has only letters, digits, dots, dashes, underscores and colons, "
                        + "and at most 200 of them.",
                "purpose=DUO:0000042&newStudy=study-2&newStudyAnswer=general", "Say yes or no for study study-2.");

        problems.forEach((fields, message) -> {
            MultiMap form = MultiMap.caseInsensitiveMultiMap();
            for (String field : fields.split("&")) {
                String[] pair = field.split("=", 2);
                form.add(pair[0], pair[1]);
            }
            assertThat(ConsentForm.parse(form).toChoice(Optional.empty(), DISEASES, NOW))
                    .as(fields).isEqualTo(ServiceResult.fail(ServiceResult.Reason.BAD_REQUEST, message));
        });
    }

    @Test
    void version_thatIsNotANumber_matchesNoConsent() {
        assertThat(ConsentForm.version("2")).isEqualTo(2);
        assertThat(ConsentForm.version("two")).isEqualTo(-1);
        assertThat(ConsentForm.version(null)).isEqualTo(-1);
    }

    private static ConsentView view(ConsentChoice choice) {
        return new ConsentView("P-1", 3, choice, "2026-05-01T00:00:00Z", "2026-05-01T00:00:00Z");
    }
}
