package org.fedomics.consent.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CheckpointTest {
    private static final Hash ROOT = Hash.fromHex("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

    @Test
    void text_isOriginSizeAndBase64Root_eachOnItsOwnLine() {
        Checkpoint checkpoint = new Checkpoint("fedomics/consent/ledger", 8, ROOT);

        assertThat(checkpoint.text()).isEqualTo("fedomics/consent/ledger\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n");
        assertThat(Checkpoint.parse(checkpoint.text())).isEqualTo(checkpoint);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "fedomics/consent/ledger\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
            "fedomics/consent/ledger\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n\n",
            "fedomics/consent/ledger\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\nextension\n",
            "fedomics/consent/ledger\n08\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n",
            "fedomics/consent/ledger\n+8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n",
            "fedomics/consent/ledger\n-8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n",
            "fedomics/consent/ledger\n99999999999999999999\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n",
            "fedomics/consent/ledger\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg\n",
            "fedomics/consent/ledger\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyhA\n",
            "fedomics/consent/ledger\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQy==\n",
            "fedomics consent\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n",
            "\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n",
            "fedomics/consent/ledger\r\n8\r\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\r\n"})
    void parse_ofAnythingButTheExactForm_fails(String text) {
        assertThatThrownBy(() -> Checkpoint.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void origin_withSpacesOrPlus_isRefused() {
        assertThatThrownBy(() -> new Checkpoint("a b", 1, ROOT)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Checkpoint("a+b", 1, ROOT)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Checkpoint("ok", -1, ROOT)).isInstanceOf(IllegalArgumentException.class);
    }
}
