package org.fedomics.consent.account;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PassphraseRulesTest {
    @Test
    void problemWith_tooShortMissingOrBlank_saysWhy() {
        assertThat(PassphraseRules.problemWith(null)).contains("passphrase is required");
        assertThat(PassphraseRules.problemWith("")).contains("passphrase is required");
        assertThat(PassphraseRules.problemWith("eleven char")).get().asString().contains("at least 12");
        assertThat(PassphraseRules.problemWith(" ".repeat(20))).get().asString().contains("only spaces");
        assertThat(PassphraseRules.problemWith("x".repeat(257))).get().asString().contains("at most 256");
    }

    @Test
    void problemWith_anyLongEnoughPassphrase_isNone() {
        assertThat(PassphraseRules.problemWith("twelve chars")).isEmpty();
        assertThat(PassphraseRules.problemWith("x".repeat(256))).isEmpty();
        // Characters are counted as people see them: twelve emoji are twelve characters, not 24 UTF-16 units.
        assertThat(PassphraseRules.problemWith("\uD83C\uDF3B".repeat(11))).isPresent();
        assertThat(PassphraseRules.problemWith("\uD83C\uDF3B".repeat(12))).isEmpty();
    }
}
