package org.fedomics.consent.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HtmlTest {
    @Test
    void text_escapesEveryCharacterThatEndsTextOrAQuotedAttribute() {
        assertThat(Html.text("<a href=\"x\" title='y'>Tom & Jerry</a>").toString())
                .isEqualTo("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;Tom &amp; Jerry&lt;/a&gt;");
        assertThat(Html.text("plain text, ümlauts and 🌻").toString()).isEqualTo("plain text, ümlauts and 🌻");
    }

    @Test
    void template_fillsEverySlotWithMarkup_andRefusesMissingOrUnknownSlots() {
        Template row = Template.parse("row", "<td title=\"{{title}}\">{{text}}</td>{{text}}");

        assertThat(row.render(Map.of("title", Html.text("\"><script>"), "text", Html.text("a<b"))).toString())
                .isEqualTo("<td title=\"&quot;&gt;&lt;script&gt;\">a&lt;b</td>a&lt;b");
        assertThatThrownBy(() -> row.render(Map.of("text", Html.EMPTY))).hasMessageContaining("title");
        assertThatThrownBy(() -> row.render(Map.of("title", Html.EMPTY, "text", Html.EMPTY, "extra", Html.EMPTY)))
                .hasMessageContaining("extra");
    }

    @Test
    void everyTemplateOfThePortal_loads() {
        for (String name : List.of("layout", "nav", "sign-in", "enroll", "consent", "access-log", "access-log-row")) {
            assertThat(Template.load(name)).isNotNull();
        }
        assertThatThrownBy(() -> Template.load("no-such-template")).hasMessageContaining("missing");
    }

    @Test
    void attributeIf_allowsOnlyFixedAttributes() {
        assertThat(Html.attributeIf(true, "checked").toString()).isEqualTo(" checked");
        assertThat(Html.attributeIf(false, "checked")).isEqualTo(Html.EMPTY);
        assertThat(Html.attributeIf(true, "aria-current=\"page\"").toString()).isEqualTo(" aria-current=\"page\"");
        assertThatThrownBy(() -> Html.attributeIf(true, "onload=\"alert(1)\" x")).isInstanceOf(IllegalArgumentException.class);
    }
}
